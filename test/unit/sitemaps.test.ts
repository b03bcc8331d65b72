import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Article } from "../../src/content/article.ts";
import { correctionsGroup, paginate, type ListingPage } from "../../src/pages/listings.ts";
import { newsLanguage } from "../../src/outputs/news-sitemap.ts";
import { completedArchivePages } from "../../src/outputs/sitemaps.ts";
import { robotsTxt } from "../../src/outputs/robots.ts";
import { checkWellFormed, validateAgainst, type SchemaName } from "../support/xml.ts";
import { articleObject } from "../support/article-object.ts";

/**
 * The pieces of the sitemaps that need no build: Google News language codes, robots.txt, and the
 * test schemas themselves, which must refuse what the real ones refuse or validation proves nothing.
 */

test("the news language is the ISO 639 code of the site's BCP 47 tag; Chinese is zh-cn or zh-tw", () => {
  const cases: [string, string][] = [
    ["en", "en"],
    ["en-IN", "en"],
    ["EN-gb", "en"],
    ["hi-Latn-IN", "hi"],
    ["fil", "fil"],
    ["zh", "zh-cn"],
    ["zh-CN", "zh-cn"],
    ["zh-Hans-HK", "zh-cn"],
    ["zh-TW", "zh-tw"],
    ["zh-Hant", "zh-tw"],
    ["zh-HK", "zh-tw"],
  ];
  assert.equal(cases.map(([tag]) => newsLanguage(tag)), cases.map(([, code]) => code));
  assert.throws(() => newsLanguage("x-klingon"), /ISO 639/);
});

test("robots.txt: crawlers allowed, both sitemaps named; under a base path, a comment on where crawlers look", () => {
  assert.is(
    robotsTxt({ url: "https://news.example.org" }),
    "User-agent: *\nAllow: /\n\nSitemap: https://news.example.org/sitemap.xml\nSitemap: https://news.example.org/news-sitemap.xml\n",
  );
  const lines = robotsTxt({ url: "https://example.org/news" }).split("\n");
  assert.match(lines[0]!, /^# .*\/news\/.* \/robots\.txt at the root of the host/);
  assert.equal(lines.slice(1), [
    "User-agent: *",
    "Allow: /",
    "",
    "Sitemap: https://example.org/news/sitemap.xml",
    "Sitemap: https://example.org/news/news-sitemap.xml",
    "",
  ]);
});

const URLSET = `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">URLS</urlset>`;
const NEWS_URLSET = URLSET.replace(">URLS", ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">URLS');
const INDEX = `<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">SITEMAPS</sitemapindex>`;
const NEWS = (fields: { name?: string; language?: string; date?: string; title?: string }) =>
  `<url><loc>https://example.org/a/</loc><news:news><news:publication>` +
  (fields.name === undefined ? "" : `<news:name>${fields.name}</news:name>`) +
  (fields.language === undefined ? "" : `<news:language>${fields.language}</news:language>`) +
  `</news:publication>` +
  (fields.date === undefined ? "" : `<news:publication_date>${fields.date}</news:publication_date>`) +
  (fields.title === undefined ? "" : `<news:title>${fields.title}</news:title>`) +
  `</news:news></url>`;
const GOOD_NEWS = { name: "Example", language: "en", date: "2023-09-01T10:00:00+05:30", title: "A title" };

test("the schemas accept good sitemaps and refuse broken ones", async () => {
  const cases: [string, SchemaName, string, boolean][] = [
    ["urlset", "sitemap", URLSET.replace("URLS", "<url><loc>https://example.org/a/</loc><lastmod>2023-09-01T04:30:00.000Z</lastmod></url>"), true],
    ["date-only lastmod", "sitemap", URLSET.replace("URLS", "<url><loc>https://example.org/a/</loc><lastmod>2023-09-01</lastmod></url>"), true],
    ["relative loc", "sitemap", URLSET.replace("URLS", "<url><loc>/a/</loc></url>"), false],
    ["lastmod not a date", "sitemap", URLSET.replace("URLS", "<url><loc>https://example.org/a/</loc><lastmod>yesterday</lastmod></url>"), false],
    ["lastmod before loc", "sitemap", URLSET.replace("URLS", "<url><lastmod>2023-09-01</lastmod><loc>https://example.org/a/</loc></url>"), false],
    ["news without the news schema", "sitemap", NEWS_URLSET.replace("URLS", NEWS(GOOD_NEWS)), false],
    ["sitemap index", "siteindex", INDEX.replace("SITEMAPS", "<sitemap><loc>https://example.org/sitemap-1.xml</loc><lastmod>2023-09-01T04:30:00.000Z</lastmod></sitemap>"), true],
    ["index lastmod before loc", "siteindex", INDEX.replace("SITEMAPS", "<sitemap><lastmod>2023-09-01</lastmod><loc>https://example.org/sitemap-1.xml</loc></sitemap>"), false],
    ["empty urlset", "sitemap", URLSET.replace("URLS", ""), false],
    ["empty news urlset", "news", NEWS_URLSET.replace("URLS", ""), false],
    ["news urlset, a URL without news metadata", "news", NEWS_URLSET.replace("URLS", "<url><loc>https://example.org/a/</loc><lastmod>2023-09-01</lastmod></url>"), true],
    ["empty index", "siteindex", INDEX.replace("SITEMAPS", ""), false],
    ["urlset as an index", "siteindex", URLSET.replace("URLS", "<url><loc>https://example.org/a/</loc></url>"), false],
    ["news", "news", NEWS_URLSET.replace("URLS", NEWS(GOOD_NEWS)), true],
    ["news in zh-tw", "news", NEWS_URLSET.replace("URLS", NEWS({ ...GOOD_NEWS, language: "zh-tw" })), true],
    ["news language en-IN", "news", NEWS_URLSET.replace("URLS", NEWS({ ...GOOD_NEWS, language: "en-IN" })), false],
    ["news language English", "news", NEWS_URLSET.replace("URLS", NEWS({ ...GOOD_NEWS, language: "English" })), false],
    ["news without a name", "news", NEWS_URLSET.replace("URLS", NEWS({ ...GOOD_NEWS, name: undefined })), false],
    ["news without a language", "news", NEWS_URLSET.replace("URLS", NEWS({ ...GOOD_NEWS, language: undefined })), false],
    ["news without a date", "news", NEWS_URLSET.replace("URLS", NEWS({ ...GOOD_NEWS, date: undefined })), false],
    ["news date not a date", "news", NEWS_URLSET.replace("URLS", NEWS({ ...GOOD_NEWS, date: "1 Sept 2023" })), false],
    ["news without a title", "news", NEWS_URLSET.replace("URLS", NEWS({ ...GOOD_NEWS, title: undefined })), false],
  ];
  const results = await Promise.all(cases.map(([, schema, xml]) => validateAgainst(xml, schema)));
  const wrong = cases
    .map(([label, , , valid], i) => (results[i]!.valid === valid ? "" : `${label}: expected ${valid ? "valid" : "invalid"} ${results[i]!.errors.join(" ")}`))
    .filter(Boolean);
  assert.equal(wrong, []);
});

test("well-formedness is checked without a schema", async () => {
  assert.ok((await checkWellFormed("<a><b/></a>")).valid);
  const broken = await checkWellFormed("<a><b></a>");
  assert.not.ok(broken.valid);
  assert.match(broken.errors.join("\n"), /mismatch/);
  assert.not.ok((await checkWellFormed("<a>&nbsp;</a>")).valid, "an undeclared entity");
});

/** An article published `day` days into 2023 (UTC), for listings. */
function story(day: number, corrections: number[] = []): Article {
  const date = (d: number) => new Date(Date.UTC(2023, 0, 1) + d * 86_400_000).toISOString();
  return articleObject(day, date(day), corrections.length > 0 ? { corrections: corrections.map((d) => ({ date: date(d), html: "", text: "" })) } : {});
}

/** The archive pages of `listing` other than its newest: the complete ones. */
function completed(listing: ListingPage[]): ListingPage[] {
  const newest = Math.max(0, ...listing.map((p) => p.archivePage ?? 0));
  return listing.filter((p) => p.archivePage !== undefined && p.archivePage < newest);
}

test("completedArchivePages: each complete archive page is dated by the story whose arrival completed it", () => {
  // Stories published one at a time, oldest first: after each, the pages that have just stopped
  // being the newest archive page are dated by that story. The final listing alone must say the same.
  for (const perPage of [1, 2, 3, 5]) {
    for (const total of [0, 1, 2, 5, 6, 7, 13, 16]) {
      const stories = Array.from({ length: total }, (_, i) => story(i * 3));
      const listing = (n: number) => paginate("tag", { key: "t", title: "T", baseUrl: "/tags/t/", articles: stories.slice(0, n).reverse() }, perPage);
      const expected = new Map<string, number>();
      for (let n = 1; n <= total; n++) {
        for (const page of completed(listing(n))) if (!expected.has(page.url)) expected.set(page.url, stories[n - 1]!.timestamp);
      }
      assert.equal(completedArchivePages(listing(total)), expected, `perPage ${perPage}, ${total} stories`);
    }
  }
  // Several listings at once are told apart by their addresses; front pages and newest archive pages are never in the map.
  const stories = Array.from({ length: 9 }, (_, i) => story(i));
  const both = [
    ...paginate("section", { key: "world", title: "World", baseUrl: "/world/", articles: [...stories].reverse() }, 2),
    ...paginate("tag", { key: "t", title: "T", baseUrl: "/tags/t/", articles: stories.filter((_, i) => i % 2 === 0).reverse() }, 2),
  ];
  const dated = completedArchivePages(both);
  assert.equal([...dated.keys()].sort(), ["/tags/t/page/1/", "/world/page/1/", "/world/page/2/", "/world/page/3/"]);
  assert.is(dated.get("/world/page/2/"), stories[6]!.timestamp, "/world/: page 2 (stories 2 and 3) completed when story 6 came");
  assert.is(dated.get("/tags/t/page/1/"), stories[8]!.timestamp, "/tags/t/: page 1 (stories 0 and 2) completed when story 8 came");
});

test("completedArchivePages: a corrections page is dated by the correction that completed it, not by its article", () => {
  // Old stories corrected late, in an order of their own; each correction is an entry.
  const corrections: [number, number][] = [[1, 40], [5, 41], [0, 42], [3, 43], [1, 44], [2, 45], [4, 46]];
  const at = (n: number) => {
    const articles = [0, 1, 2, 3, 4, 5].map((day) => story(day, corrections.slice(0, n).filter(([d]) => d === day).map(([, c]) => c)));
    return paginate("corrections", correctionsGroup(articles), 2);
  };
  const expected = new Map<string, number>();
  for (let n = 1; n <= corrections.length; n++) {
    for (const page of completed(at(n))) if (!expected.has(page.url)) expected.set(page.url, Date.UTC(2023, 0, 1) + corrections[n - 1]![1] * 86_400_000);
  }
  assert.ok(expected.size >= 1, "some corrections page is complete");
  assert.equal(completedArchivePages(at(corrections.length)), expected);
});

test.run();
