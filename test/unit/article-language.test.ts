import { test } from "uvu";
import * as assert from "uvu/assert";
import { validateFrontMatter } from "../../src/content/schema.ts";

// `language:` in front matter: an article in another language than the site's.

const SITE = { timezone: "Africa/Cairo", sections: { world: {} } };
const VALID = { title: "Headline", description: "Standfirst.", date: "2023-09-22T10:00:00+03:00", section: "world" };

function check(language: unknown) {
  return validateFrontMatter({ ...VALID, language }, "articles/world/a.md", SITE);
}

test("a BCP 47 tag is accepted and kept in its canonical spelling", () => {
  for (const [given, canonical] of [
    ["en", "en"],
    ["ar-EG", "ar-EG"],
    ["AR-eg", "ar-EG"],
    ["zh-hant-tw", "zh-Hant-TW"],
    ["iw", "he"],
  ] as const) {
    const result = check(given);
    assert.ok(result.ok, given);
    if (result.ok) assert.is(result.value.language, canonical, given);
  }
});

test("the field is optional", () => {
  const result = validateFrontMatter(VALID, "a.md", SITE);
  assert.ok(result.ok);
  if (result.ok) assert.is(result.value.language, undefined);
});

test("what is not a language tag is a FieldType problem naming the field, with an example fix", () => {
  for (const bad of ["English", "arabic", "en_US", "e", "ar--EG", "123", 42, ["en"]]) {
    const result = check(bad);
    assert.not.ok(result.ok, String(bad));
    if (result.ok) continue;
    assert.equal(result.problems.map((p) => `${p.field}:${p.name}`), ["language:FieldType"], String(bad));
    assert.match(result.problems[0]!.message, /language tag/);
    assert.match(result.problems[0]!.hint, /language: en/);
  }
});

test.run();
