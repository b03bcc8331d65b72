import fs from "node:fs/promises";
import path from "node:path";
import { DOMParser } from "linkedom";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { article, createFixture, jpeg } from "../support/fixture-site.ts";
import { NewsDesk, seededRandom } from "../support/random-edits.ts";
import { listPages } from "../support/html.ts";
import { buildFolder, copySources } from "../support/site-folder.ts";
import { compareTrees, describeDifference, isSame, readTree, touchedFiles, type SiteTree } from "../support/site-tree.ts";
import { validateAgainst } from "../support/xml.ts";

/**
 * sitemap.xml as an index of parts that do not shift (src/outputs/sitemaps.ts), on a real site
 * built step by step (the tests run in order): each article in its period's part, each completed
 * archive page in the part of the period it was completed in, the rest in sitemap-pages.xml; a
 * new story rewrites only its period's part, sitemap-pages.xml and the index; a deleted story
 * leaves its part, and a part left empty leaves the site. After every step the site equals a
 * cold build of the same sources, byte for byte, and so after random edits.
 *
 * The fixture is small, so its .eleventy.ts is given `sitemapPartSize` (parts from more than that
 * many pages); two articles per listing page, so sections, tags and authors have archive pages.
 */

const SITE_URL = "https://newsroom.example.org";
const NOW = "2023-09-01T12:00:00+05:30";
const PART_SIZE = 20;
const STORY = (title: string, date: string, section = "world") => article({ title, date, section, tags: ["Trade Talks"], authors: ["Asha Menon"] });
// Oldest first: two in 2021, two in 2022 (each year one part), two in each of June, July and
// August 2023 (the newest year: a part per month).
const ARTICLES: Record<string, string> = {
  "world/a1.md": STORY("A1", "2021-03-10T10:00:00+05:30"),
  "india/a2.md": STORY("A2", "2021-07-10T10:00:00+05:30", "india"),
  "world/b1.md": STORY("B1", "2022-02-10T10:00:00+05:30"),
  "india/b2.md": STORY("B2", "2022-11-10T10:00:00+05:30", "india"),
  "world/c1.md": STORY("C1", "2023-06-05T10:00:00+05:30"),
  "world/c2.md": STORY("C2", "2023-06-20T10:00:00+05:30"),
  "world/d1.md": STORY("D1", "2023-07-10T10:00:00+05:30"),
  "india/d2.md": STORY("D2", "2023-07-25T10:00:00+05:30", "india"),
  "world/e1.md": STORY("E1", "2023-08-05T10:00:00+05:30"),
  "world/e2.md": STORY("E2", "2023-08-20T10:00:00+05:30"),
};

function parse(xml: string): Document {
  return new DOMParser().parseFromString(xml, "text/xml") as unknown as Document;
}

/** loc and lastmod of each <url> (or <sitemap>), in document order; locs without the site URL. */
function entries(xml: string, element: "url" | "sitemap" = "url"): { loc: string; lastmod?: string }[] {
  return [...parse(xml).getElementsByTagName(element)].map((node) => {
    const lastmod = node.getElementsByTagName("lastmod")[0]?.textContent ?? undefined;
    return { loc: node.getElementsByTagName("loc")[0]!.textContent!.slice(SITE_URL.length), ...(lastmod ? { lastmod } : {}) };
  });
}

const read = (output: string, file: string) => fs.readFile(path.join(output, file), "utf8");

/** The index's parts (file names, in order) and each part's URLs, every file checked against its schema. */
async function sitemapParts(output: string): Promise<{ parts: string[]; urls: Map<string, string[]>; index: { loc: string; lastmod?: string }[] }> {
  const indexXml = await read(output, "sitemap.xml");
  const check = await validateAgainst(indexXml, "siteindex", "sitemap.xml");
  assert.ok(check.valid, `sitemap.xml is a valid sitemap index:\n${check.errors.join("\n")}`);
  const index = entries(indexXml, "sitemap");
  const parts = index.map((e) => e.loc.slice(1));
  const urls = new Map<string, string[]>();
  for (const part of parts) {
    const xml = await read(output, part);
    const valid = await validateAgainst(xml, "sitemap", part);
    assert.ok(valid.valid, `${part} is a valid urlset:\n${valid.errors.join("\n")}`);
    urls.set(part, entries(xml).map((e) => e.loc));
  }
  return { parts, urls, index };
}

/** Fails unless the site in `root` equals a cold build of a fresh copy of its sources. */
async function assertSameAsCold(root: string, context: string, now = NOW): Promise<void> {
  const copy = await copySources(root);
  try {
    const cold = await buildFolder(copy, { now, full: true });
    if (!cold.ok) assert.unreachable(`${context}: the cold build failed: ${cold.message}`);
    const [incremental, fresh] = [await readTree(path.join(root, "_site")), await readTree(path.join(copy, "_site"))];
    const difference = compareTrees(incremental, fresh);
    if (!isSame(difference)) assert.unreachable(`${context}\n${describeDifference(difference, incremental, fresh, ["incremental", "cold"])}`);
  } finally {
    await fs.rm(copy, { recursive: true, force: true });
  }
}

/** Sitemap files of a built site, for comparing two builds. */
function sitemapFiles(tree: SiteTree): string[] {
  return [...tree.keys()].filter((f) => /^sitemap.*\.xml$/.test(f));
}

/** Passes `sitemapPartSize` to the plugin in the fixture's .eleventy.ts (a copy of the project's). */
async function givePartSize(folder: string, size: number): Promise<void> {
  const config = path.join(folder, ".eleventy.ts");
  const source = await fs.readFile(config, "utf8");
  const patched = source.replace(`articles: "articles",`, `articles: "articles",\n    sitemapPartSize: ${size},`);
  assert.is.not(patched, source, "the fixture's .eleventy.ts takes the option");
  await fs.writeFile(config, patched);
}

let root = "";
let output = "";
async function build(context: string): Promise<void> {
  const result = await buildFolder(root, { now: NOW });
  if (!result.ok) assert.unreachable(`${context}: the build failed: ${result.message}`);
}

test("a site past sitemapPartSize pages: sitemap.xml indexes parts that hold every public page exactly once", async () => {
  const site = await createFixture(ARTICLES, { perPage: 2 });
  root = site.root;
  output = site.output;
  await givePartSize(root, PART_SIZE);
  await build("the first build");

  const { parts, urls, index } = await sitemapParts(output);
  // The pages part, then the periods newest first: the reader search's cut (months of 2023, years before).
  assert.equal(parts, ["sitemap-pages.xml", "sitemap-2023-08.xml", "sitemap-2023-07.xml", "sitemap-2023-06.xml", "sitemap-2022.xml", "sitemap-2021.xml"]);
  const listed = [...urls.values()].flat();
  const pages = (await listPages(output)).filter((p) => p !== "/404.html");
  assert.ok(pages.length > PART_SIZE, `more pages (${pages.length}) than sitemapPartSize`);
  assert.equal([...listed].sort(), pages, "every public page, each exactly once across the parts");
  for (const [part, list] of urls) assert.ok(list.length <= PART_SIZE, `${part}: at most sitemapPartSize URLs`);

  // Articles in their period.
  assert.equal(urls.get("sitemap-2021.xml")!.filter((u) => !u.includes("/page/")), ["/india/a2/", "/world/a1/"]);
  assert.ok(urls.get("sitemap-2023-08.xml")!.includes("/world/e2/") && urls.get("sitemap-2023-07.xml")!.includes("/india/d2/"));
  // The tag lists the ten articles: front page E2 E1, archive pages 1 (A1 A2), 2 (B1 B2), 3 (C1 C2),
  // 4 (D1 D2). Page n was completed when article 2(n+1) from the oldest (0-based) arrived: page 1
  // by C1 (June 2023), page 2 by D1 (July), page 3 by E1 (August). Page 4 is the newest: in the pages part.
  assert.ok(urls.get("sitemap-2023-06.xml")!.includes("/tags/trade-talks/page/1/"), "page 1 completed in June");
  assert.ok(urls.get("sitemap-2023-07.xml")!.includes("/tags/trade-talks/page/2/"), "page 2 completed in July");
  assert.ok(urls.get("sitemap-2023-08.xml")!.includes("/tags/trade-talks/page/3/"), "page 3 completed in August");
  for (const page of ["/", "/tags/trade-talks/", "/tags/trade-talks/page/4/", "/world/", "/search/", "/corrections/"]) {
    assert.ok(urls.get("sitemap-pages.xml")!.includes(page), `${page} is in the pages part`);
  }
  // Each part's lastmod in the index is its newest page's.
  const lastmods = new Map(index.map((e) => [e.loc.slice(1), e.lastmod]));
  const august = entries(await read(output, "sitemap-2023-08.xml")).map((e) => Date.parse(e.lastmod!));
  assert.is(Date.parse(lastmods.get("sitemap-2023-08.xml")!), Math.max(...august));
  // robots.txt still names sitemap.xml.
  assert.match(await read(output, "robots.txt"), `Sitemap: ${SITE_URL}/sitemap.xml\n`);
});

test("one new story rewrites its period's part, the pages part and the index; every older part is left as it was", async () => {
  const before = await readTree(output);
  await new Promise((resolve) => setTimeout(resolve, 20));
  await fs.writeFile(path.join(root, "articles/world/e3.md"), STORY("E3", "2023-08-25T10:00:00+05:30"));
  await build("+1");
  const after = await readTree(output);
  const touched = touchedFiles(before, after);
  const sitemaps = touched.changed.concat(touched.added, touched.removed).filter((f) => /^sitemap.*\.xml$/.test(f)).sort();
  assert.equal(sitemaps, ["sitemap-2023-08.xml", "sitemap-pages.xml", "sitemap.xml"]);
  for (const file of ["sitemap-2023-07.xml", "sitemap-2023-06.xml", "sitemap-2022.xml", "sitemap-2021.xml"]) {
    assert.ok(after.get(file)!.bytes.equals(before.get(file)!.bytes) && after.get(file)!.mtimeMs === before.get(file)!.mtimeMs, `${file}: same bytes and modification time`);
  }
  const { urls } = await sitemapParts(output);
  assert.ok(urls.get("sitemap-2023-08.xml")!.includes("/world/e3/"), "the new story is in August's part");
  // The tag's page 4 is complete now (E3 arrived), in August's part; page 5 is the newest.
  assert.ok(urls.get("sitemap-2023-08.xml")!.includes("/tags/trade-talks/page/4/"));
  assert.ok(urls.get("sitemap-pages.xml")!.includes("/tags/trade-talks/page/5/"));
  await assertSameAsCold(root, "after +1");
});

test("a story in a new month makes a new part; a deleted story leaves its part; a part left empty leaves the site", async () => {
  await fs.writeFile(path.join(root, "articles/india/f1.md"), STORY("F1", "2023-09-01T09:00:00+05:30", "india"));
  await fs.rm(path.join(root, "articles/world/b1.md"));
  await build("a new month, one deleted");
  let { parts, urls } = await sitemapParts(output);
  assert.equal(parts.slice(0, 2), ["sitemap-pages.xml", "sitemap-2023-09.xml"]);
  assert.ok(urls.get("sitemap-2023-09.xml")!.includes("/india/f1/"));
  assert.not.ok([...urls.values()].flat().includes("/world/b1/"), "the deleted story is in no part");
  assert.ok(urls.get("sitemap-2022.xml")!.includes("/india/b2/"), "its part keeps the others");
  await assertSameAsCold(root, "a new month, one deleted");

  await fs.rm(path.join(root, "articles/world/a1.md"));
  await fs.rm(path.join(root, "articles/india/a2.md"));
  await build("2021 emptied");
  ({ parts, urls } = await sitemapParts(output));
  assert.not.ok(parts.includes("sitemap-2021.xml"), "the index no longer names 2021");
  assert.is(await fs.stat(path.join(output, "sitemap-2021.xml")).catch(() => undefined), undefined, "its file is gone from _site/");
  assert.equal(sitemapFiles(await readTree(output)).sort(), ["sitemap.xml", ...parts].sort(), "no other sitemap file in _site/");
  await assertSameAsCold(root, "2021 emptied");
  await fs.rm(root, { recursive: true, force: true });
});

test("random edits (test/support/random-edits.ts) on a site in small parts: each incremental build equals a cold build", async () => {
  // Seed 10 adds, edits, re-dates, renames and deletes stories over 19 months, so parts come, go
  // and are cut at the limit; incremental.test.ts runs more seeds on a site with one sitemap file.
  const random = seededRandom(10);
  const site = await createFixture({}, { perPage: 2 });
  await givePartSize(site.root, 8);
  const desk = new NewsDesk(site.root, random, [await jpeg(400, 250), await jpeg(320, 240)]);
  desk.seed(15);
  await desk.writeAll();
  const done: string[] = [];
  const first = await buildFolder(site.root, { now: desk.nowIso });
  if (!first.ok) assert.unreachable(`the first build failed: ${first.message}`);
  assert.ok((await sitemapParts(site.output)).parts.length > 3, "sitemap.xml is an index of several parts");
  for (let i = 0; i < 6; i++) {
    done.push(await desk.step());
    const incremental = await buildFolder(site.root, { now: desk.nowIso });
    if (!incremental.ok) assert.unreachable(`after ${done.join("; ")}: ${incremental.message}`);
    await assertSameAsCold(site.root, `after ${done.join("; ")}`, desk.nowIso);
  }
  await fs.rm(site.root, { recursive: true, force: true });
});

test.run();
