import { domainToASCII } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { absoluteUrl, basePath } from "../../src/filters/absolute-url.ts";

/**
 * absoluteUrl makes every absolute URL the site hands to machines ASCII (percent-encoded UTF-8,
 * punycode hosts), under the base path, and never encodes an escape twice.
 */

const ASCII = /^[\x21-\x7e]+$/;

/** Paths in several scripts and their percent-encoded form (UTF-8, upper-case hex). */
const SCRIPTS: [string, string, string][] = [
  ["Hebrew", "/world/בחירות-בעירייה/", "/world/%D7%91%D7%97%D7%99%D7%A8%D7%95%D7%AA-%D7%91%D7%A2%D7%99%D7%A8%D7%99%D7%99%D7%94/"],
  ["Devanagari", "/tags/चुनाव/", "/tags/%E0%A4%9A%E0%A5%81%E0%A4%A8%E0%A4%BE%E0%A4%B5/"],
  ["CJK", "/tags/选举/", "/tags/%E9%80%89%E4%B8%BE/"],
  ["Arabic", "/tags/انتخابات/", "/tags/%D8%A7%D9%86%D8%AA%D8%AE%D8%A7%D8%A8%D8%A7%D8%AA/"],
  ["emoji (outside the BMP)", "/tags/🗳️/", "/tags/%F0%9F%97%B3%EF%B8%8F/"],
  ["Latin with accents", "/tags/élection-présidentielle/", "/tags/%C3%A9lection-pr%C3%A9sidentielle/"],
  ["a space", "/tags/two words/", "/tags/two%20words/"],
  ["a lone %", "/tags/100% turnout/", "/tags/100%25%20turnout/"],
  ["a % before non-hex", "/tags/%zz/", "/tags/%25zz/"],
];

test("paths in any script become ASCII under the site, and decode back to the path", () => {
  for (const site of ["https://news.example.org", "https://example.org/news", "https://example.org/news/"]) {
    const root = site.replace(/\/$/, "");
    for (const [label, path, encoded] of SCRIPTS) {
      const url = absoluteUrl(path, site);
      assert.is(url, `${root}${encoded}`, `${label} under ${site}`);
      assert.ok(ASCII.test(url), `${label}: ${url} is ASCII`);
      assert.is(decodeURIComponent(url), `${root}${path}`, `${label}: decodes back`);
    }
  }
});

test("an already-encoded path is not encoded again, and encoding is idempotent", () => {
  const once = absoluteUrl("/world/%D7%91%D7%97/", "https://example.org/news");
  assert.is(once, "https://example.org/news/world/%D7%91%D7%97/");
  assert.is(absoluteUrl("/world/%d7%91/", "https://example.org"), "https://example.org/world/%d7%91/", "lower-case escapes are escapes too");
  for (const [label, path] of SCRIPTS) {
    const first = absoluteUrl(path, "https://example.org/news");
    assert.is(absoluteUrl(first, "https://example.org/news"), first, `${label}: absoluteUrl(absoluteUrl(x)) = absoluteUrl(x)`);
  }
  // Half-encoded text: the escape stays, the rest is encoded.
  assert.is(absoluteUrl("/tags/%D7%91ח/", "https://example.org"), "https://example.org/tags/%D7%91%D7%97/");
});

test("query and fragment are encoded too; the base path is kept, and a non-ASCII base path or host is made ASCII", () => {
  assert.is(absoluteUrl("/world/a/#הערות", "https://example.org"), "https://example.org/world/a/#%D7%94%D7%A2%D7%A8%D7%95%D7%AA");
  assert.is(absoluteUrl("/search?q=चुनाव 2024", "https://example.org"), "https://example.org/search?q=%E0%A4%9A%E0%A5%81%E0%A4%A8%E0%A4%BE%E0%A4%B5%202024");
  assert.is(absoluteUrl("/world/", "https://example.org/חדשות"), "https://example.org/%D7%97%D7%93%D7%A9%D7%95%D7%AA/world/");
  // An international host name in punycode (IDNA, as browsers send it).
  assert.is(absoluteUrl("/world/", "https://חדשות.example"), `https://${domainToASCII("חדשות.example")}/world/`);
  assert.match(domainToASCII("חדשות.example"), /^xn--[a-z0-9]+\.example$/);
  assert.is(basePath("https://example.org/חדשות"), "/%D7%97%D7%93%D7%A9%D7%95%D7%AA/");
});

test("root-relative paths stay on the site's host; URLs with a scheme keep their target", () => {
  assert.is(absoluteUrl("/world/a/", "https://news.example.org"), "https://news.example.org/world/a/");
  assert.is(absoluteUrl("/", "https://example.org/news"), "https://example.org/news/");
  assert.is(absoluteUrl("photo.jpg", "https://example.org/news"), "https://example.org/news/photo.jpg");
  // A backslash is a slash to the URL parser: it must not turn a path into another host.
  assert.is(new URL(absoluteUrl("/\\evil.example/x", "https://example.org")).host, "example.org");
  assert.is(new URL(absoluteUrl("/\\evil.example/x", "https://example.org/news")).host, "example.org");
  assert.is(absoluteUrl("https://x.com/newsroom_sample", "https://example.org"), "https://x.com/newsroom_sample");
  assert.is(absoluteUrl("https://bsky.app/profile/חדשות", "https://example.org"), "https://bsky.app/profile/%D7%97%D7%93%D7%A9%D7%95%D7%AA");
  assert.is(absoluteUrl("mailto:desk@example.org", "https://example.org"), "mailto:desk@example.org");
  assert.is(absoluteUrl("https://[not a host/", "https://example.org"), "https://[not a host/", "what cannot be parsed is left as it is");
});

test.run();
