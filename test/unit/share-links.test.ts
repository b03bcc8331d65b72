import { test } from "uvu";
import * as assert from "uvu/assert";
import { shareHref, shareLinks } from "../../src/filters/share-links.ts";
import { SHARE_NETWORKS } from "../../src/settings.ts";
import { absoluteUrl, basePath } from "../../src/filters/absolute-url.ts";

const URL_ = "https://news.example.org/world/talks-resume/";
const TITLE = "Talks resume: “progress” & hope";

test("every network's link carries the canonical URL", () => {
  for (const network of SHARE_NETWORKS) {
    const href = shareHref(network, URL_, TITLE);
    assert.ok(decodeURIComponent(href.replace(/\+/g, " ")).includes(URL_), `${network}: ${href}`);
  }
});

test("every link also carries the headline, encoded", () => {
  for (const network of SHARE_NETWORKS) {
    const href = shareHref(network, URL_, TITLE);
    assert.ok(decodeURIComponent(href.replace(/\+/g, " ")).includes(TITLE), network);
    assert.not.ok(href.includes("&hope"), `${network}: the & in the title must be encoded`);
  }
});

test("links go to each network's documented share endpoint", () => {
  const hosts = Object.fromEntries(
    SHARE_NETWORKS.filter((n) => n !== "email").map((n) => [n, new URL(shareHref(n, URL_, TITLE)).host]),
  );
  assert.equal(hosts, {
    x: "x.com",
    facebook: "www.facebook.com",
    linkedin: "www.linkedin.com",
    whatsapp: "wa.me",
    telegram: "t.me",
    reddit: "www.reddit.com",
    bluesky: "bsky.app",
  });
});

test("email uses mailto with %20 spaces, not +", () => {
  const href = shareHref("email", URL_, "Talks resume");
  assert.ok(href.startsWith("mailto:?subject=Talks%20resume&body="));
  assert.not.ok(href.includes("+"));
});

test("shareLinks keeps the configured order and gives accessible names", () => {
  const links = shareLinks(["bluesky", "email", "x"], URL_, TITLE);
  assert.equal(links.map((l) => l.network), ["bluesky", "email", "x"]);
  assert.equal(links.map((l) => l.name), ["Share on Bluesky", "Share by email", "Share on X"]);
});

test("absoluteUrl joins paths to the site URL, keeping its base path; basePath reads it", () => {
  assert.is(absoluteUrl("/world/a/", "https://news.example.org"), "https://news.example.org/world/a/");
  assert.is(absoluteUrl("/", "https://news.example.org"), "https://news.example.org/");
  assert.is(absoluteUrl("/world/a/", "https://example.org/news"), "https://example.org/news/world/a/");
  assert.is(absoluteUrl("/", "https://example.org/news"), "https://example.org/news/");
  assert.is(absoluteUrl("photo.jpg", "https://example.org/news"), "https://example.org/news/photo.jpg");
  assert.is(absoluteUrl("https://other.example/x", "https://example.org/news"), "https://other.example/x");
  assert.is(absoluteUrl("//evil.example/x", "https://example.org/news"), "https://evil.example/x");
  assert.is(basePath("https://example.org/news"), "/news/");
  assert.is(basePath("https://example.org"), "/");
});

test.run();
