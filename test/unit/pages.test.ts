import { test } from "uvu";
import * as assert from "uvu/assert";
import { byNewest, type Article } from "../../src/content/article.ts";
import { nameTagsAndAuthors } from "../../src/content/names.ts";
import { authorGroups, ListingPages, paginate, sectionGroups, tagGroups, type ListingGroup, type ListingKind, type ListingPage } from "../../src/pages/listings.ts";
import { linkRelated, RelatedLinks } from "../../src/pages/related.ts";
import { tagIndex } from "../../src/pages/tag-index.ts";
import { homePage } from "../../src/pages/home.ts";
import { resolveSettings } from "../../src/settings.ts";

function make(n: number, section: string, tags: string[]): Article {
  return {
    digest: `digest-${n}`, file: `articles/${n}.md`, slug: `a${n}`, url: `/${section}/a${n}/`,
    section: { key: section, label: section, url: `/${section}/` },
    title: `Article ${n}`, description: "", date: "", timestamp: n, html: "", status: "published",
    tags: tags.map((t) => ({ name: t, slug: t, url: `/tags/${t}/` })), authors: [], images: [], related: [],
  };
}
const newestFirst = (list: Article[]) => list.sort((a, b) => b.timestamp - a.timestamp);

test("a listing is a front page of the newest, then archive pages counted from the oldest", () => {
  const articles = newestFirst(Array.from({ length: 25 }, (_, i) => make(i, "world", [])));
  const pages = paginate("section", { key: "world", title: "World", baseUrl: "/world/", articles }, 10);
  assert.equal(pages.map((p) => p.url), ["/world/", "/world/page/1/", "/world/page/2/"]);
  assert.equal(pages.map((p) => p.archivePage), [undefined, 1, 2]);
  // Front: 24…15; page 2 continues after it (14…10, the only partial page); page 1: the oldest ten.
  assert.equal(pages.map((p) => p.articles.map((a) => a.timestamp)), [
    [24, 23, 22, 21, 20, 19, 18, 17, 16, 15],
    [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
    [14, 13, 12, 11, 10],
  ]);
  assert.equal(pages.map((p) => [p.newer, p.older]), [
    [undefined, "/world/page/2/"],
    ["/world/page/2/", undefined],
    ["/world/", "/world/page/1/"],
  ]);
});

test("a short or empty listing is its front page alone, with no links to other pages", () => {
  for (const n of [0, 1, 10]) {
    const articles = newestFirst(Array.from({ length: n }, (_, i) => make(i, "world", [])));
    const pages = paginate("section", { key: "world", title: "World", baseUrl: "/world/", articles }, 10);
    assert.equal(pages.map((p) => [p.url, p.articles.length, p.newer, p.older]), [["/world/", n, undefined, undefined]]);
  }
});

/** Everything a listing page shows (articles by URL, links, title), as text to compare. */
const pageContent = (p: ListingPage) => JSON.stringify({ ...p, articles: p.articles.map((a) => a.url) });

/** URLs of the pages that appear, disappear or change when `after` replaces `before`. */
function changedPages(before: ListingPage[], after: ListingPage[]): string[] {
  const old = new Map(before.map((p) => [p.url, pageContent(p)]));
  const now = new Map(after.map((p) => [p.url, pageContent(p)]));
  return [...new Set([...old.keys(), ...now.keys()])].filter((url) => old.get(url) !== now.get(url)).sort();
}

test("a new article changes at most three listing pages, whatever the archive size (boundaries included)", () => {
  for (const perPage of [1, 2, 3, 5, 10, 20]) {
    for (let n = 0; n <= 6 * perPage + 2; n++) {
      const articles = newestFirst(Array.from({ length: n }, (_, i) => make(i, "world", [])));
      const group = { key: "world", title: "World", baseUrl: "/world/", articles };
      const before = paginate("section", group, perPage);
      const after = paginate("section", { ...group, articles: [make(n, "world", []), ...articles] }, perPage);
      const changed = changedPages(before, after);
      const archived = Math.max(0, n - perPage);
      // The front page always; the newest archive page when it has room; else a new page and
      // the "Newer" link of the page before it.
      const expected =
        n < perPage ? ["/world/"]
        : archived % perPage !== 0 ? ["/world/", `/world/page/${Math.ceil(archived / perPage)}/`]
        : archived === 0 ? ["/world/", "/world/page/1/"]
        : ["/world/", `/world/page/${archived / perPage}/`, `/world/page/${archived / perPage + 1}/`];
      assert.equal(changed, expected.sort(), `n=${n} perPage=${perPage}`);
      assert.ok(changed.length <= 3);
      // Every article is on exactly one page, archive pages are full but the newest, newest first within a page.
      assert.equal(after.flatMap((p) => p.articles).length, n + 1);
      assert.equal(new Set(after.flatMap((p) => p.articles)).size, n + 1);
      const archive = after.filter((p) => p.archivePage !== undefined).sort((a, b) => a.archivePage! - b.archivePage!);
      archive.slice(0, -1).forEach((p) => assert.is(p.articles.length, perPage));
      for (const p of after) assert.equal(p.articles.map((a) => a.timestamp), [...p.articles.map((a) => a.timestamp)].sort((a, b) => b - a));
    }
  }
});

test("a 20,000-article listing: one new article changes three pages at most; deleting the oldest shifts every archive page", () => {
  const articles = newestFirst(Array.from({ length: 20_000 }, (_, i) => make(i, "world", [])));
  const group = { key: "world", title: "World", baseUrl: "/world/", articles };
  const before = paginate("section", group, 10);
  assert.is(before.length, 2000);
  assert.ok(changedPages(before, paginate("section", { ...group, articles: [make(20_000, "world", []), ...articles] }, 10)).length <= 3);
  // The documented cost of deleting an old article: every archive page after it moves by one
  // article (here all 1,999 of them); the front page keeps its articles.
  const deleted = changedPages(before, paginate("section", { ...group, articles: articles.slice(0, -1) }, 10));
  assert.is(deleted.length, 1999);
  assert.not.ok(deleted.includes("/world/"));
});

test("related articles are earlier coverage: most shared tags, then the same section", () => {
  const a = make(10, "world", ["x", "y"]);
  const both = make(5, "india", ["x", "y"]);
  const one = make(9, "india", ["x"]);
  const sameSection = make(8, "world", []);
  const unrelated = make(7, "sport", []);
  const newerBoth = make(11, "world", ["x", "y"]);
  const all = newestFirst([a, both, one, sameSection, unrelated, newerBoth]);
  linkRelated(all, 3, tagIndex(all));
  // newerBoth shares both tags but was published after a: it is not a's earlier coverage.
  assert.equal(a.related.map((r) => r.slug), ["a5", "a9", "a8"]);
  assert.equal(newerBoth.related.map((r) => r.slug), ["a10", "a5", "a9"]);
  // The oldest article has nothing earlier.
  assert.equal(both.related, []);
});

/** A small random number generator with a seed, so a failure can be replayed. */
function random(seed: number): () => number {
  return () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

test("a new article never changes the related list of an article already published", () => {
  const sections = ["world", "india", "sport"];
  const tags = ["a", "b", "c", "d", "e", "f"];
  for (let seed = 1; seed <= 30; seed++) {
    const next = random(seed);
    const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)]!;
    const someTags = () => [...new Set([pick(tags), pick(tags)])].slice(0, Math.floor(next() * 3));
    const n = 1 + Math.floor(next() * 120);
    // Two articles per instant, so ties are covered; ordered as the loader orders them (byNewest).
    const older = Array.from({ length: n }, (_, i) => ({ ...make(Math.floor(i / 2), pick(sections), someTags()), url: `/x/a${i}/`, slug: `a${i}` })).sort(byNewest);
    const count = 1 + Math.floor(next() * 5);
    linkRelated(older, count, tagIndex(older));
    const before = new Map(older.map((a) => [a.url, a.related.map((r) => r.url)]));
    // A fresh run over copies of the same articles plus one newer article, as a new build does.
    const copies: Article[] = older.map((a) => ({ ...a, related: [] }));
    const added = { ...make(n, pick(sections), [...new Set([pick(tags), pick(tags)])]), url: "/x/new/", slug: "new" };
    const after = [added, ...copies].sort(byNewest);
    linkRelated(after, count, tagIndex(after));
    for (const a of copies) assert.equal(a.related.map((r) => r.url), before.get(a.url), `seed ${seed}: ${a.url}`);
    // Each list is what the rule gives, worked out here the slow way (every pair): the newest 50
    // earlier articles of each tag, ranked by shared tags, then the newest; then earlier articles
    // of the section. So every related article is earlier coverage.
    after.forEach((a, p) => {
      const earlier = after.slice(p + 1);
      const score = new Map<Article, number>();
      for (const tag of a.tags) {
        for (const other of earlier.filter((o) => o.tags.some((t) => t.slug === tag.slug)).slice(0, 50)) score.set(other, (score.get(other) ?? 0) + 1);
      }
      const ranked = earlier.filter((o) => score.has(o)).sort((x, y) => score.get(y)! - score.get(x)!);
      const expected = [...ranked, ...earlier.filter((o) => o.section.key === a.section.key && !score.has(o))].slice(0, count);
      assert.equal(a.related.map((r) => r.url), expected.map((r) => r.url), `seed ${seed}: ${a.url}`);
    });
  }
});

/**
 * A random site of 40-80 articles in 3 sections and 5 tags, then one random change per save
 * among `changes`: the article kinds below (an edited article is a new object, as the cache
 * gives it), or another the caller makes itself (`other`). The same seed gives the same saves.
 */
function randomSaves(seed: number, changes: string[], save: (site: Article[], change: string, other: { next: () => number; pick: <T>(list: T[]) => T }) => void): void {
  const sections = ["world", "india", "sport"];
  const tags = ["a", "b", "c", "d", "e"];
  const next = random(seed);
  const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)]!;
  const someTags = () => [...new Set([pick(tags), pick(tags), pick(tags)])].slice(0, Math.floor(next() * 4));
  let site = Array.from({ length: 40 + Math.floor(next() * 40) }, (_, i) => ({ ...make(i, pick(sections), someTags()), url: `/x/a${i}/`, slug: `a${i}` }));
  for (let n = 0; n < 12; n++) {
    const i = Math.floor(next() * site.length);
    const change = pick(changes);
    if (change === "text") site[i] = { ...site[i]!, html: `<p>save ${n}</p>`, related: [] };
    if (change === "tags") site[i] = { ...site[i]!, tags: make(0, "x", someTags()).tags };
    if (change === "section") site[i] = { ...site[i]!, section: { key: pick(sections), label: "", url: "" } };
    if (change === "date") site[i] = { ...site[i]!, timestamp: Math.floor(next() * 80) };
    if (change === "added") site.push({ ...make(Math.floor(next() * 80), pick(sections), someTags()), url: `/x/new${n}/`, slug: `new${n}` });
    if (change === "deleted") site.splice(i, 1);
    site = site.sort(byNewest);
    save(site, `save ${n} (${change})`, { next, pick });
  }
}

test("the preview's related links, kept from save to save, are always linkRelated's", () => {
  for (let seed = 1; seed <= 20; seed++) {
    let count = 3;
    const links = new RelatedLinks();
    // Each save: a text edit (a new object, same place, tags and section: the lists found last
    // time are used again), or a change that moves or re-tags articles, or another count.
    randomSaves(seed, ["text", "text", "tags", "section", "date", "added", "deleted", "count"], (site, save, { next }) => {
      if (save.endsWith("(count)")) count = Math.floor(next() * 5);
      links.link(site, count, tagIndex(site));
      const kept = site.map((a) => a.related);
      const copies: Article[] = site.map((a) => ({ ...a, related: [] }));
      linkRelated(copies, count, tagIndex(copies));
      site.forEach((a, p) => {
        assert.equal(kept[p]!.map((r) => r.url), copies[p]!.related.map((r) => r.url), `seed ${seed}, ${save}: ${a.url}`);
        // The articles themselves, as they are now: an edited headline shows in the lists that name it.
        for (const r of kept[p]!) assert.ok(site.includes(r), `seed ${seed}, ${save}: ${a.url} lists an article of an earlier save`);
      });
    });
  }
});

test("the preview's listing pages, kept from save to save, are always paginate's; a group that did not change keeps its very pages", () => {
  for (let seed = 1; seed <= 20; seed++) {
    let perPage = 4;
    const sections = ["world", "india", "sport"];
    const settings = resolveSettings({ name: "T", url: "https://t.example", language: "en", timezone: "UTC", sections: Object.fromEntries(sections.map((k) => [k, { label: k }])) });
    const listings = new ListingPages();
    let before = new Map<string, ListingPage>();
    let saves = 0;
    // Each save: a text edit (a new object: the groups it is in change), a move, a re-tag, another page size, a section retitled, or nothing.
    randomSaves(seed, ["text", "tags", "section", "date", "added", "deleted", "perPage", "label", "none"], (site, save, { next, pick }) => {
      if (save.endsWith("(perPage)")) perPage = 1 + Math.floor(next() * 6);
      if (save.endsWith("(label)")) settings.sections[pick(sections)]!.label = save;
      const groups = (): { kind: ListingKind; group: ListingGroup }[] => [
        ...sectionGroups(site, settings).map((group) => ({ kind: "section" as const, group })),
        ...tagGroups(tagIndex(site)).map((group) => ({ kind: "tag" as const, group })),
      ];
      const kept = listings.pages(groups(), perPage);
      const fresh = groups().flatMap(({ kind, group }) => paginate(kind, group, perPage));
      const where = `seed ${seed}, ${save}`;
      assert.equal(kept.map(pageContent), fresh.map(pageContent), where);
      for (const page of kept) for (const a of page.articles) assert.ok(site.includes(a), `${where}: ${page.url} lists an article of an earlier save`);
      // Same objects exactly when the page shows the same: nothing is made again for nothing.
      const reused = kept.filter((page) => before.get(page.url) === page).map((page) => page.url);
      const same = kept.filter((page) => before.has(page.url) && pageContent(before.get(page.url)!) === pageContent(page) && before.get(page.url)!.articles.every((a, k) => a === page.articles[k]));
      if (save.endsWith("(none)") && saves > 0) assert.equal(reused, kept.map((p) => p.url), `${where}: nothing changed, every page kept`);
      for (const url of reused) assert.ok(same.some((p) => p.url === url), `${where}: ${url} kept though it changed`);
      before = new Map(kept.map((page) => [page.url, page]));
      saves++;
    });
  }
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
