import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Article } from "../../src/content/article.ts";
import { nameTagsAndAuthors } from "../../src/content/names.ts";
import { authorGroups, paginate, tagGroups } from "../../src/pages/listings.ts";
import { linkRelated } from "../../src/pages/related.ts";
import { tagIndex } from "../../src/pages/tag-index.ts";
import { homePage } from "../../src/pages/home.ts";
import { resolveSettings } from "../../src/settings.ts";

function make(n: number, section: string, tags: string[]): Article {
  return {
    file: `articles/${n}.md`, slug: `a${n}`, url: `/${section}/a${n}/`,
    section: { key: section, label: section, url: `/${section}/` },
    title: `Article ${n}`, description: "", date: "", timestamp: n, html: "", status: "published",
    tags: tags.map((t) => ({ name: t, slug: t, url: `/tags/${t}/` })), authors: [], images: [], related: [],
  };
}
const newestFirst = (list: Article[]) => list.sort((a, b) => b.timestamp - a.timestamp);

test("paginate cuts a listing into numbered pages with previous and next", () => {
  const articles = Array.from({ length: 25 }, (_, i) => make(i, "world", []));
  const pages = paginate("section", { key: "world", title: "World", baseUrl: "/world/", articles }, 10);
  assert.equal(pages.map((p) => p.url), ["/world/", "/world/page/2/", "/world/page/3/"]);
  assert.equal(pages.map((p) => p.articles.length), [10, 10, 5]);
  assert.is(pages[0]!.previous, undefined);
  assert.is(pages[0]!.next, "/world/page/2/");
  assert.is(pages[2]!.previous, "/world/page/2/");
  assert.is(pages[2]!.totalPages, 3);
});

test("related articles prefer most shared tags, then the same section", () => {
  const a = make(10, "world", ["x", "y"]);
  const both = make(5, "india", ["x", "y"]);
  const one = make(9, "india", ["x"]);
  const sameSection = make(8, "world", []);
  const unrelated = make(7, "sport", []);
  const all = newestFirst([a, both, one, sameSection, unrelated]);
  linkRelated(all, 3, tagIndex(all));
  assert.equal(a.related.map((r) => r.slug), ["a5", "a9", "a8"]);
  assert.not.ok(a.related.includes(a));
});

test("tag groups index articles in one pass, newest first", () => {
  const all = newestFirst([make(1, "world", ["x"]), make(2, "world", ["x", "y"]), make(3, "india", ["y"])]);
  const groups = tagGroups(tagIndex(all));
  assert.equal(groups.map((g) => [g.key, g.articles.map((a) => a.slug)]), [["x", ["a2", "a1"]], ["y", ["a3", "a2"]]]);
});

test("the home page leads with the newest and groups the rest by section", () => {
  const site = resolveSettings({
    name: "T", url: "https://t.example", language: "en", timezone: "UTC",
    sections: { world: { label: "World" }, india: { label: "India" }, sport: { label: "Sport" } },
  });
  const all = newestFirst([make(1, "world", []), make(2, "india", []), make(3, "world", [])]);
  const home = homePage(all, site);
  assert.is(home.lead?.slug, "a3");
  assert.equal(home.sections.map((s) => [s.section.key, s.articles.map((a) => a.slug)]), [["world", ["a1"]], ["india", ["a2"]]]);
});

test("settings are validated with readable messages", () => {
  assert.throws(
    () => resolveSettings({ name: "T", url: "not a url", language: "en", timezone: "Mars/Base", sections: { tags: { label: "T" } } }),
    (e: Error) => /url/.test(e.message) && /timezone/.test(e.message) && /reserved/.test(e.message),
  );
});

test("author profiles must have distinct page addresses; the site URL may have a path but no query", () => {
  const base = { name: "T", language: "en", timezone: "UTC", sections: { world: { label: "World" } } };
  assert.throws(
    () => resolveSettings({ ...base, url: "https://t.example", authors: { "Anna Lee": {}, "Anna-Lee": {} } }),
    (e: Error) => /Anna-Lee: has the same page address \/authors\/anna-lee\/ as "Anna Lee"/.test(e.message),
  );
  assert.is(resolveSettings({ ...base, url: "https://t.example/news/" }).url, "https://t.example/news");
  assert.throws(() => resolveSettings({ ...base, url: "https://t.example/?x=1" }), (e: Error) => /without \? or #/.test(e.message));
  assert.throws(() => resolveSettings({ ...base, url: "https://t.example", social: { x: "@handle" } }), (e: Error) => /social\.x/.test(e.message));
});

test("author profiles that are one name to a reader are refused; an author page gathers every spelling of the byline", () => {
  const base = { name: "T", url: "https://t.example", language: "en", timezone: "UTC", sections: { world: { label: "World" } } };
  assert.throws(
    () => resolveSettings({ ...base, authors: { "Anna Lee": {}, "anna  lee": {} } }),
    (e: Error) => /anna {2}lee: has the same page address \/authors\/anna-lee\/ as "Anna Lee"/.test(e.message),
  );
  const site = resolveSettings({ ...base, authors: { "Asha Menon": { role: "Correspondent" }, "C++ Team": {} } });
  const byline = (n: number, name: string): Article => ({ ...make(n, "world", []), authors: [{ name, slug: "" }] });
  const all = newestFirst([byline(1, "asha menon"), byline(2, "ASHA MENON"), byline(3, "C++ team"), byline(4, "Guest")]);
  assert.equal(nameTagsAndAuthors(all, site), []);
  const groups = authorGroups(all, site);
  assert.equal(groups.map((g) => [g.title, g.baseUrl, g.articles.map((a) => a.slug)]), [
    ["Asha Menon", "/authors/asha-menon/", ["a2", "a1"]],
    ["C++ Team", "/authors/c-plus-plus-team/", ["a3"]],
  ]);
});

test.run();
