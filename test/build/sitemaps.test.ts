import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { DOMParser } from "linkedom";
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Article } from "../../src/content/article.ts";
import { searchParts } from "../../src/outputs/search-parts.ts";
import { writeUrlset } from "../../src/outputs/sitemap-xml.ts";
import { SMALL_SITE, writeNewsSitemap, writeSitemaps, type SitemapPage } from "../../src/outputs/sitemaps.ts";
import { resolveSettings } from "../../src/settings.ts";
import sampleSettings from "../../site.config.ts";
import { article, createFixture, type Fixture } from "../support/fixture-site.ts";
import { listPages } from "../support/html.ts";
import { buildSampleSite } from "../support/sample-site.ts";
import { existsInSite } from "../support/site-files.ts";
import { validateAgainst, type SchemaName } from "../support/xml.ts";
import { articleObject } from "../support/article-object.ts";

/**
 * sitemap.xml (and its index form), news-sitemap.xml and robots.txt: fixture sites built for real,
 * every file validated against the sitemaps.org and Google News schemas (test/fixtures/xsd), and
 * every URL in them checked against the files written.
 */

const SITE_URL = "https://newsroom.example.org"; // the sample settings' URL, which fixtures keep
const SITE_NAME = "The Newsroom Sample";
const NOW = "2023-09-10T12:00:00+05:30";
const HOUR = 60 * 60 * 1000;
/** An ISO date-time `hours` from NOW, in the site's +05:30 offset. */
function at(hours: number): string {
  const d = new Date(Date.parse(NOW) + hours * HOUR + 5.5 * HOUR);
  return `${d.toISOString().slice(0, 19)}+05:30`;
}
const HOSTILE = `<script>alert("x")</script> & "quotes" ]]> 'apostrophes'`;

async function read(output: string, file: string): Promise<string> {
  return fs.readFile(path.join(output, file), "utf8");
}

function parse(xml: string): Document {
  return new DOMParser().parseFromString(xml, "text/xml") as unknown as Document;
}

/** The <url> (or <sitemap>) entries of a sitemap: loc and lastmod, in document order. */
function entries(xml: string, element: "url" | "sitemap" = "url"): { loc: string; lastmod?: string; node: Element }[] {
  return [...parse(xml).getElementsByTagName(element)].map((node) => {
    const lastmod = node.getElementsByTagName("lastmod")[0]?.textContent;
    return { loc: node.getElementsByTagName("loc")[0]!.textContent!, ...(lastmod ? { lastmod } : {}), node };
  });
}

async function assertValid(xml: string, schema: SchemaName, label: string): Promise<void> {
  const result = await validateAgainst(xml, schema, label);
  assert.ok(result.valid, `${label} is valid against ${schema}:\n${result.errors.join("\n")}`);
}

async function assertAllExist(output: string, urls: string[], siteUrl: string): Promise<void> {
  const missing: string[] = [];
  for (const url of urls) if (!(await existsInSite(output, url, siteUrl))) missing.push(url);
  assert.equal(missing, [], "every URL names a file in the output");
}

async function built(files: Record<string, string>, settings: Record<string, unknown> = {}): Promise<Fixture> {
  const site = await createFixture(files, settings);
  const result = await site.build({ now: NOW });
  if (!result.ok) assert.unreachable(`the build failed:\n${result.message}`);
  return site;
}

// One fixture for most tests: articles on both sides of the news window, an updated one, a
// draft and an embargoed one, with a tag and an author profile (sample settings) for listings.
const STORIES = {
  oneHour: { file: "world/one-hour.md", url: "/world/one-hour/", date: at(-1), title: HOSTILE },
  fortySeven: { file: "india/forty-seven.md", url: "/india/forty-seven/", date: at(-47), title: "Forty-seven hours ago" },
  fortyNine: { file: "world/forty-nine.md", url: "/world/forty-nine/", date: at(-49), updated: at(-0.5), title: "Forty-nine hours ago, updated since" },
  old: { file: "science/old-story.md", url: "/science/old-story/", date: "2023-08-01T09:15:00+05:30", title: "An older story" },
};
const HIDDEN = {
  draft: { file: "business/draft-story.md", url: "/business/draft-story/", date: at(-2), draft: true },
  embargoed: { file: "sport/future-story.md", url: "/sport/future-story/", date: at(1) },
};
/** The section is the first folder, as writers file articles (the fixture's default is "world"). */
const sectionOf = (file: string) => file.split("/")[0]!;
let shared: Promise<Fixture> | undefined;
function newsroomSite(): Promise<Fixture> {
  shared ??= built({
    ...Object.fromEntries(
      Object.values(STORIES).map(({ file, url: _url, ...fields }) => [
        file,
        article({ ...fields, section: sectionOf(file), tags: ["Trade Talks"], authors: ["Asha Menon"] }),
      ]),
    ),
    ...Object.fromEntries(Object.values(HIDDEN).map(({ file, url: _url, ...fields }) => [file, article({ ...fields, section: sectionOf(file), title: "Hidden" })])),
  });
  return shared;
}

test("sitemap.xml is a valid urlset of exactly the public pages, with absolute URLs that exist", async () => {
  const site = await newsroomSite();
  const xml = await read(site.output, "sitemap.xml");
  await assertValid(xml, "sitemap", "sitemap.xml");
  const urls = entries(xml).map((e) => e.loc);
  assert.ok(urls.every((u) => u.startsWith(`${SITE_URL}/`)), "absolute https URLs on the site");
  await assertAllExist(site.output, urls, SITE_URL);
  assert.is(new Set(urls).size, urls.length, "no URL twice");
  // Exactly the HTML pages written, but the 404 page.
  const pages = (await listPages(site.output)).filter((p) => p !== "/404.html");
  assert.equal(urls.map((u) => u.slice(SITE_URL.length)).sort(), pages);
  for (const listing of ["/", "/world/", "/india/", "/science/", "/tags/trade-talks/", "/authors/asha-menon/"]) {
    assert.ok(urls.includes(`${SITE_URL}${listing}`), `${listing} is listed`);
  }
  for (const hidden of ["/404.html", HIDDEN.draft.url, HIDDEN.embargoed.url]) {
    assert.not.ok(urls.includes(`${SITE_URL}${hidden}`), `${hidden} is not listed`);
  }
});

test("lastmod is the article's update, else its publication; listings take their newest change", async () => {
  const site = await newsroomSite();
  const byUrl = new Map(entries(await read(site.output, "sitemap.xml")).map((e) => [e.loc.slice(SITE_URL.length), e.lastmod]));
  const instant = (url: string) => {
    const lastmod = byUrl.get(url);
    assert.ok(lastmod, `${url} has a lastmod`);
    assert.match(lastmod!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/, "a full W3C date-time");
    return Date.parse(lastmod!);
  };
  for (const story of Object.values(STORIES)) {
    const changed = "updated" in story ? story.updated : story.date;
    assert.is(instant(story.url), Date.parse(changed), story.url);
  }
  // The world section's newest change is the update of a story published before the other one.
  assert.is(instant("/world/"), Date.parse(STORIES.fortyNine.updated));
  assert.is(instant("/india/"), Date.parse(STORIES.fortySeven.date));
  assert.is(instant("/"), Date.parse(STORIES.fortyNine.updated));
  assert.is(instant("/tags/trade-talks/"), Date.parse(STORIES.fortyNine.updated));
});

test("news-sitemap.xml lists exactly the articles published in the 48 hours before the build, newest first", async () => {
  const site = await newsroomSite();
  const xml = await read(site.output, "news-sitemap.xml");
  await assertValid(xml, "news", "news-sitemap.xml");
  const urls = entries(xml);
  // Not the one published 49 hours ago (though updated since), the draft or the embargoed one.
  assert.equal(urls.map((e) => e.loc), [`${SITE_URL}${STORIES.oneHour.url}`, `${SITE_URL}${STORIES.fortySeven.url}`]);
  for (const [entry, story] of [[urls[0]!, STORIES.oneHour], [urls[1]!, STORIES.fortySeven]] as const) {
    const news = (name: string) => entry.node.getElementsByTagName(`news:${name}`)[0]?.textContent;
    assert.is(news("name"), SITE_NAME);
    assert.is(news("language"), "en", "the sample's en-IN as an ISO 639 code");
    assert.is(Date.parse(news("publication_date")!), Date.parse(story.date));
    assert.is(news("title"), story.title);
    assert.is(entry.lastmod, undefined);
  }
  // The hostile headline is text, escaped: no markup of its own.
  assert.not.ok(xml.includes("<script"), "no raw <script");
  assert.ok(xml.includes("&lt;script&gt;alert"), "escaped");
  // Only the namespaces used are declared.
  const root = parse(xml).documentElement;
  assert.equal(
    [...root.attributes].map((a) => a.name).sort(),
    ["xmlns", "xmlns:news"],
  );
});

test("robots.txt lets crawlers in and names both sitemaps with absolute URLs", async () => {
  const site = await newsroomSite();
  const robots = await read(site.output, "robots.txt");
  assert.equal(robots.split("\n"), [
    "User-agent: *",
    "Allow: /",
    "",
    `Sitemap: ${SITE_URL}/sitemap.xml`,
    `Sitemap: ${SITE_URL}/news-sitemap.xml`,
    "",
  ]);
  for (const url of robots.match(/(?<=^Sitemap: ).*$/gm)!) assert.ok(await existsInSite(site.output, url, SITE_URL), url);
  // sitemap.xml declares no extension namespace it does not use.
  const root = parse(await read(site.output, "sitemap.xml")).documentElement;
  assert.equal([...root.attributes].map((a) => a.name), ["xmlns"]);
});

test("under a base path every URL in the sitemaps and robots.txt starts with it", async () => {
  const base = "https://example.org/news";
  const site = await built(
    {
      "world/recent.md": article({ title: "Recent", date: at(-3), tags: ["Trade Talks"], authors: ["Asha Menon"] }),
      "india/older.md": article({ title: "Older", section: "india", date: "2023-08-20T10:00:00+05:30" }),
    },
    { url: "https://example.org/news/" },
  );
  const sitemap = await read(site.output, "sitemap.xml");
  const news = await read(site.output, "news-sitemap.xml");
  const robots = await read(site.output, "robots.txt");
  await assertValid(sitemap, "sitemap", "sitemap.xml");
  await assertValid(news, "news", "news-sitemap.xml");
  const urls = [
    ...entries(sitemap).map((e) => e.loc),
    ...entries(news).map((e) => e.loc),
    ...robots.match(/https?:\/\/\S+/g)!, // any URL, comment included
  ];
  assert.ok(urls.length >= 6, urls.join("\n"));
  assert.equal(urls.filter((u) => !u.startsWith(`${base}/`)), [], "every URL under the base path");
  assert.ok(urls.includes(`${base}/`) && urls.includes(`${base}/world/recent/`) && urls.includes(`${base}/sitemap.xml`));
  assert.equal(entries(news).map((e) => e.loc), [`${base}/world/recent/`]);
  await assertAllExist(site.output, urls, base);
  // Crawlers read robots.txt at the origin's root only: the file says so.
  const comment = robots.split("\n")[0]!;
  assert.match(comment, /^# .*\/news\/.* \/robots\.txt at the root of the host/);
});

// writeSitemaps on its own. Articles of 2021, August and September 2023 (the reader search's
// periods: a year before the newest, months in it) and three other pages, in files of at most 3.
const SITE = resolveSettings({ ...sampleSettings, url: "https://example.org/news/" });
const BASE = "https://example.org/news";
const ARTICLES: SitemapPage[] = [
  { url: "/world/a1/", lastmod: "2021-03-01T10:00:00+05:30" },
  { url: "/world/a2/", lastmod: "2021-05-01T10:00:00+05:30" },
  { url: "/world/b1/", lastmod: "2023-08-01T10:00:00+05:30" }, // 04:30 UTC: earlier than b2, though its text sorts later
  { url: "/world/b2/", lastmod: "2023-08-01T06:00:00+00:00" },
  { url: "/world/b3/", lastmod: "2023-08-01T05:00:00+00:00" },
  { url: "/world/b4/", lastmod: "2023-08-03T00:00:00+05:30" },
  { url: "/world/c1/", lastmod: "2023-09-01T10:00:00+05:30" },
];
// Pages without a lastmod: their part has none in the index.
const OTHERS: SitemapPage[] = [{ url: "/" }, { url: "/search/" }, { url: "/world/" }];
const PAGES = [...ARTICLES, ...OTHERS];
const partsOf = (pages: SitemapPage[]) => searchParts(pages.filter((p) => p.url.startsWith("/world/") && p.url !== "/world/").map((p) => ({ url: p.url, date: p.lastmod! })));

async function tempDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), "newsroom-sitemaps-"));
}

/** Every file in `output` whose name starts with "sitemap". */
async function sitemapFiles(output: string): Promise<string[]> {
  return (await fs.readdir(output)).filter((name) => name.startsWith("sitemap")).sort();
}

test("past partSize pages sitemap.xml is a valid index of valid parts: the other pages, then each period, a big one cut in URL order", async () => {
  const output = await tempDir();
  const shuffled = [PAGES[4]!, PAGES[0]!, PAGES[9]!, PAGES[6]!, PAGES[2]!, PAGES[7]!, PAGES[1]!, PAGES[5]!, PAGES[3]!, PAGES[8]!];
  const files = await writeSitemaps({ site: SITE, pages: shuffled, output, parts: partsOf(PAGES), partSize: 3 });
  const parts = ["sitemap-pages.xml", "sitemap-2023-09.xml", "sitemap-2023-08-1.xml", "sitemap-2023-08-2.xml", "sitemap-2021.xml"];
  assert.equal(files, [...parts, "sitemap.xml"], "the parts, then the index");

  const index = await read(output, "sitemap.xml");
  await assertValid(index, "siteindex", "sitemap.xml");
  assert.is(parse(index).documentElement.tagName, "sitemapindex");
  const listed = entries(index, "sitemap");
  assert.equal(listed.map((p) => p.loc), parts.map((file) => `${BASE}/${file}`));
  assert.equal(
    listed.map((p) => (p.lastmod === undefined ? undefined : Date.parse(p.lastmod))),
    [undefined, ...["/world/c1/", "/world/b2/", "/world/b4/", "/world/a2/"].map((url) => Date.parse(PAGES.find((p) => p.url === url)!.lastmod!))],
    "each part's lastmod is its newest page's, compared as instants",
  );

  const seen = new Map<string, string[]>();
  for (const file of parts) {
    const xml = await read(output, file);
    await assertValid(xml, "sitemap", file);
    seen.set(file, entries(xml).map((e) => e.loc.slice(BASE.length)));
  }
  assert.equal(Object.fromEntries(seen), {
    "sitemap-pages.xml": ["/", "/search/", "/world/"],
    "sitemap-2023-09.xml": ["/world/c1/"],
    "sitemap-2023-08-1.xml": ["/world/b1/", "/world/b2/", "/world/b3/"],
    "sitemap-2023-08-2.xml": ["/world/b4/"],
    "sitemap-2021.xml": ["/world/a1/", "/world/a2/"],
  });
  assert.equal(await sitemapFiles(output), [...parts, "sitemap.xml"].sort(), "no other file");
});

test("a site of at most 1,000 pages (or partSize) gets one plain urlset; one more page and it gets parts", async () => {
  for (const partSize of [10, undefined]) {
    const output = await tempDir();
    const files = await writeSitemaps({ site: SITE, pages: PAGES, output, parts: partsOf(PAGES), partSize });
    assert.equal(files, ["sitemap.xml"]);
    const xml = await read(output, "sitemap.xml");
    await assertValid(xml, "sitemap", `sitemap.xml (partSize ${partSize})`);
    const list = entries(xml);
    assert.equal(list.map((e) => e.loc.slice(BASE.length)), PAGES.map((p) => p.url).sort(), "every page, in URL order");
    assert.is(list.find((e) => e.loc.endsWith("/search/"))!.lastmod, undefined, "no lastmod, no element");
    assert.equal(await sitemapFiles(output), ["sitemap.xml"], "no parts");
  }
  const many = (n: number): SitemapPage[] => Array.from({ length: n }, (_, i) => ({ url: `/world/story-${i}/`, lastmod: "2023-08-01T10:00:00+05:30" }));
  for (const [count, form] of [[SMALL_SITE, "urlset"], [SMALL_SITE + 1, "sitemapindex"]] as const) {
    const output = await tempDir();
    await writeSitemaps({ site: SITE, pages: many(count), output, parts: partsOf(many(count)) });
    assert.is(parse(await read(output, "sitemap.xml")).documentElement.tagName, form, `${count} pages`);
  }
  const refused = await writeSitemaps({ site: SITE, pages: PAGES, output: await tempDir(), partSize: 50_001 }).then(
    () => undefined,
    (error: Error) => error.message,
  );
  assert.match(refused ?? "", /from 1 to 50000/, "more than the sitemaps.org limit per file is refused");
});

test("written again into the same folder, parts the site no longer has are removed, and nothing else", async () => {
  const output = await tempDir();
  await fs.writeFile(path.join(output, "sitemap-extra.xml"), "<urlset/>"); // not a name of ours
  await writeSitemaps({ site: SITE, pages: PAGES, output, parts: partsOf(PAGES), partSize: 3 });
  assert.ok((await sitemapFiles(output)).includes("sitemap-2021.xml"));
  // The 2021 stories deleted: its part goes.
  const fewer = PAGES.filter((p) => !p.url.startsWith("/world/a"));
  await writeSitemaps({ site: SITE, pages: fewer, output, parts: partsOf(fewer), partSize: 3 });
  assert.equal(await sitemapFiles(output), ["sitemap-2023-08-1.xml", "sitemap-2023-08-2.xml", "sitemap-2023-09.xml", "sitemap-extra.xml", "sitemap-pages.xml", "sitemap.xml"]);
  assert.not.match(await read(output, "sitemap.xml"), "sitemap-2021.xml");
  // Small enough for one file again: every part goes.
  await writeSitemaps({ site: SITE, pages: fewer, output, parts: partsOf(fewer) });
  assert.equal(await sitemapFiles(output), ["sitemap-extra.xml", "sitemap.xml"]);
});

test("a bad page is refused before anything is written", async () => {
  for (const bad of [{ url: "/world/x/", lastmod: "yesterday" }, { url: "http://[bad/" }]) {
    const output = await tempDir();
    const refused = await writeUrlset(output, "sitemap.xml", [{ url: `${BASE}/`, lastmod: "2023-08-01T10:00:00+05:30" }, bad]).then(
      () => undefined,
      (error: Error) => error,
    );
    assert.instance(refused, Error, `${JSON.stringify(bad)} is refused`);
    assert.equal(await sitemapFiles(output), [], "no file, not even a part of one");
  }
});

/** A published article for calling writeNewsSitemap directly. */
const fakeArticle = (n: number, date: string): Article => articleObject(n, date);

test("the news sitemap holds at most 1,000 articles: the newest", async () => {
  const output = await tempDir();
  // 1,005 articles a minute apart, all inside the window, given oldest first.
  const articles = Array.from({ length: 1005 }, (_, i) => fakeArticle(i, new Date(Date.parse(NOW) - (1005 - i) * 60_000).toISOString()));
  const files = await writeNewsSitemap({ site: SITE, articles, output, now: new Date(NOW) });
  assert.equal(files, ["news-sitemap.xml"]);
  const xml = await read(output, "news-sitemap.xml");
  await assertValid(xml, "news", "news-sitemap.xml");
  const urls = entries(xml).map((e) => e.loc);
  assert.is(urls.length, 1000);
  assert.is(urls[0], "https://example.org/news/world/story-1004/", "newest first");
  assert.is(urls[999], "https://example.org/news/world/story-5/", "the five oldest left out");
});

test("with nothing published in the window the news sitemap is still valid: the newest article, without news metadata", async () => {
  const output = await tempDir();
  const draft = { ...fakeArticle(3, at(-1)), status: "draft" as const };
  const future = fakeArticle(4, at(2));
  const updated = { ...fakeArticle(1, at(-48)), updated: at(-47) };
  await writeNewsSitemap({ site: SITE, articles: [fakeArticle(2, at(-100)), draft, future, updated], output, now: new Date(NOW) });
  const xml = await read(output, "news-sitemap.xml");
  await assertValid(xml, "news", "news-sitemap.xml (nothing recent)");
  const list = entries(xml);
  // Exactly 48 hours old is outside the window; the draft and the future article are not published.
  assert.equal(list.map((e) => [e.loc, Date.parse(e.lastmod!)]), [["https://example.org/news/world/story-1/", Date.parse(at(-47))]], "its last change");
  assert.is(parse(xml).getElementsByTagName("news:news").length, 0, "no <news:news>: Google does not take it for news");
});

test("a site with no published article at all: the news sitemap lists the front page, and every sitemap is valid", async () => {
  const output = await tempDir();
  await writeNewsSitemap({ site: SITE, articles: [{ ...fakeArticle(1, at(-1)), status: "draft" }], output, now: new Date(NOW) });
  const xml = await read(output, "news-sitemap.xml");
  await assertValid(xml, "news", "news-sitemap.xml (no article)");
  assert.equal(entries(xml).map((e) => e.loc), ["https://example.org/news/"]);

  // The same built for real: a site whose only article is a draft.
  const site = await built({ "world/draft.md": article({ title: "Draft", draft: true, date: at(-1) }) });
  const news = await read(site.output, "news-sitemap.xml");
  await assertValid(news, "news", "built news-sitemap.xml");
  assert.equal(entries(news).map((e) => e.loc), [`${SITE_URL}/`]);
  const sitemap = await read(site.output, "sitemap.xml");
  await assertValid(sitemap, "sitemap", "built sitemap.xml");
  assert.ok(entries(sitemap).some((e) => e.loc === `${SITE_URL}/`));
  const robots = await read(site.output, "robots.txt");
  for (const url of robots.match(/(?<=^Sitemap: ).*$/gm)!) assert.ok(await existsInSite(site.output, url, SITE_URL), `robots.txt names ${url}, which exists`);
});

test("a sitemap is never written empty (the schema requires a <url>): writeSitemaps refuses no pages", async () => {
  const refused = await writeSitemaps({ site: SITE, pages: [], output: await tempDir() }).then(
    () => undefined,
    (error: Error) => error.message,
  );
  assert.match(refused ?? "", /sitemap\.xml would have no URL/);
});

test("the sample site: sitemap.xml and news-sitemap.xml are valid and every URL exists", async () => {
  const output = await buildSampleSite();
  const xml = await read(output, "sitemap.xml");
  await assertValid(xml, "sitemap", "sitemap.xml");
  const urls = entries(xml).map((e) => e.loc);
  assert.ok(urls.length > 20, `${urls.length} URLs`);
  await assertAllExist(output, urls, SITE_URL);
  const pages = (await listPages(output)).filter((p) => p !== "/404.html");
  assert.equal(urls.map((u) => u.slice(SITE_URL.length)).sort(), pages, "exactly the public pages");
  // The sample's articles are from 2023, so a build today has none in the news window: the file
  // holds the newest article without news metadata, and is valid all the same.
  const news = await read(output, "news-sitemap.xml");
  await assertValid(news, "news", "news-sitemap.xml");
  const listed = entries(news);
  assert.ok(listed.length >= 1);
  await assertAllExist(output, listed.map((e) => e.loc), SITE_URL);
});

test.run();
