import { test } from "uvu";
import * as assert from "uvu/assert";
import { xHandle } from "../../src/filters/x-handle.ts";

test("xHandle: the @handle of an X profile URL (x.com or twitter.com), else nothing", () => {
  const cases: [string | undefined, string | undefined][] = [
    ["https://x.com/newsroom_sample", "@newsroom_sample"],
    ["https://x.com/newsroom_sample/", "@newsroom_sample"],
    ["https://www.x.com/Newsroom?lang=en", "@Newsroom"],
    ["https://twitter.com/BBCWorld", "@BBCWorld"],
    ["https://mobile.twitter.com/a_1", "@a_1"],
    [undefined, undefined],
    ["", undefined],
    ["not a url", undefined],
    ["https://x.com/", undefined],
    ["https://x.com/newsroom/status/123", undefined],
    ["https://x.com/has-hyphen", undefined],
    ["https://x.com/sixteen_chars_xx", undefined],
    ["https://bsky.app/profile/newsroom.example.org", undefined],
    ["https://x.com.evil.example/newsroom", undefined],
  ];
  assert.equal(cases.map(([url]) => xHandle(url)), cases.map(([, handle]) => handle));
});

test.run();
