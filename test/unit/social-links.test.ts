import { test } from "uvu";
import * as assert from "uvu/assert";
import { socialLinks } from "../../src/filters/social-links.ts";

test("each account is named the site's name on the network, in settings order", () => {
  const links = socialLinks({ bluesky: "https://bsky.app/profile/a", x: "https://x.com/a" }, "The Daily Sample");
  assert.equal(
    links.map((l) => `${l.before}${l.label}`),
    ["The Daily Sample on Bluesky", "The Daily Sample on X"],
  );
  assert.equal(links.map((l) => l.href), ["https://bsky.app/profile/a", "https://x.com/a"]);
});

test("networks are spelt as they spell themselves; an unknown key is capitalised", () => {
  const links = socialLinks({ linkedin: "https://l.example/", whatsapp: "https://w.example/", mastodon: "https://m.example/@a", X: "https://x.com/b" }, "S");
  assert.equal(links.map((l) => l.label), ["LinkedIn", "WhatsApp", "Mastodon", "X"]);
});

test.run();
