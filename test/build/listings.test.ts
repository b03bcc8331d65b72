import fs from "node:fs/promises";
import path from "node:path";
import { DOMParser } from "linkedom";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { article, createFixture, type Fixture } from "../support/fixture-site.ts";
import { listPages, readPage, text } from "../support/html.ts";

/**
 * Listings that do not shift (src/pages/listings.ts) and related articles that are earlier
 * coverage (src/pages/related.ts), on a real build: one site built, one newer article added,
 * built again; only the pages that must change may change, byte for byte. Then the archive
 * pages' links, titles and canonicals, and their sitemap lastmod.
 */

const SITE_URL = "https://newsroom.example.org"; // the sample settings' URL, which fixtures keep
const NOW = "2023-09-10T12:00:00+05:30";
const day = (d: number) => `2023-08-${String(d).padStart(2, "0")}T10:00:00+05:30`;

// Seven world stories on 1–7 August (all tagged Monsoon, by Asha Menon, who has a profile in
// the sample settings), one India story tagged Monsoon (by Rahul Iyer), two per page.
const WORLD = Array.from({ length: 7 }, (_, i) => i + 1);
function story(d: number, section = "world", updated?: string): string {
  const author = section === "world" ? "Asha Menon" : "Rahul Iyer";
  return article({ title: `Story of ${d} August`, section, date: day(d), updated, tags: ["Monsoon"], authors: [author] });
}

async function htmlFiles(output: string): Promise<Map<string, string>> {
  const pages = await listPages(output);
  const out = new Map<string, string>();
  for (const url of pages) out.set(url, await fs.readFile(path.join(output, url.endsWith("/") ? `${url}index.html` : url), "utf8"));
  return out;
}

let shared: Promise<{ site: Fixture; before: Map<string, string>; after: Map<string, string> }> | undefined;
function twoBuilds() {
  shared ??= (async () => {
    const site = await createFixture(
      {
        ...Object.fromEntries(WORLD.map((d) => [`world/story-${d}.md`, story(d, "world", d === 2 ? day(3).replace("10:00", "11:30") : undefined)])),
        "india/story-4.md": story(4, "india"),
      },
      { perPage: 2, relatedCount: 3 },
    );
    const first = await site.build({ now: NOW });
    if (!first.ok) assert.unreachable(first.message);
    const before = await htmlFiles(site.output);
    await fs.writeFile(path.join(site.root, "articles/world/story-9.md"), story(9));
    const second = await site.build({ now: NOW });
    if (!second.ok) assert.unreachable(second.message);
    return { site, before, after: await htmlFiles(site.output) };
  })();
  return shared;
}

test("one new article changes only its page, the home page, and the front and newest archive pages of its listings", async () => {
  const { before, after } = await twoBuilds();
  const urls = [...new Set([...before.keys(), ...after.keys()])].sort();
  const changed = urls.filter((url) => before.get(url) !== after.get(url));
  // World and Asha Menon: 7 → 8 articles, the newest archive page (3) had room.
  // Monsoon: 8 → 9 articles, page 3 was full, so page 4 appears and page 3's "Newer" link moves.
  assert.equal(changed, [
    "/",
    "/authors/asha-menon/",
    "/authors/asha-menon/page/3/",
    "/tags/monsoon/",
    "/tags/monsoon/page/3/",
    "/tags/monsoon/page/4/",
    "/world/",
    "/world/page/3/",
    "/world/story-9/",
  ]);
  // Among the pages left as they were: every older article (its related list included) and
  // every sealed archive page.
  for (const url of ["/world/story-7/", "/world/story-1/", "/india/story-4/", "/world/page/1/", "/world/page/2/", "/tags/monsoon/page/1/"]) {
    assert.ok(before.has(url) && before.get(url) === after.get(url), `${url} is unchanged`);
  }
});

test("archive pages are counted from the oldest, link newer and older pages, and are their own canonical", async () => {
  const { site } = await twoBuilds();
  const cards = (doc: Document) => [...doc.querySelectorAll("main .card__title a")].map((a) => a.getAttribute("href"));
  const head = (doc: Document, rel: string) => doc.querySelector(`head link[rel="${rel}"]`)?.getAttribute("href");
  const nav = (doc: Document, rel: string) => doc.querySelector(`nav.pagination a[rel="${rel}"]`)?.getAttribute("href");

  // World after the second build: 9, 7 on the front; page 1 = 2, 1; page 2 = 4, 3; page 3 = 6, 5.
  const expected: [string, string[], string | undefined, string | undefined][] = [
    ["/world/", ["/world/story-9/", "/world/story-7/"], undefined, "/world/page/3/"],
    ["/world/page/3/", ["/world/story-6/", "/world/story-5/"], "/world/", "/world/page/2/"],
    ["/world/page/2/", ["/world/story-4/", "/world/story-3/"], "/world/page/3/", "/world/page/1/"],
    ["/world/page/1/", ["/world/story-2/", "/world/story-1/"], "/world/page/2/", undefined],
  ];
  for (const [url, articles, newer, older] of expected) {
    const doc = await readPage(site.output, url);
    assert.equal(cards(doc), articles, `${url} articles, newest first`);
    assert.is(head(doc, "canonical"), `${SITE_URL}${url}`, `${url} is its own canonical`);
    assert.is(head(doc, "prev"), newer && `${SITE_URL}${newer}`, `${url} rel=prev in head`);
    assert.is(head(doc, "next"), older && `${SITE_URL}${older}`, `${url} rel=next in head`);
    assert.is(nav(doc, "prev"), newer, `${url} "Newer articles" link`);
    assert.is(nav(doc, "next"), older, `${url} "Older articles" link`);
    // Nothing on a page may depend on the number of pages.
    assert.not.match(text(doc.querySelector("main")), /page \d+ of|\d+ pages/i, `${url} names no page count`);
  }
  const page2 = await readPage(site.output, "/world/page/2/");
  assert.match(text(page2.querySelector("title")), /^World – archive page 2 – /);
  assert.is(text(page2.querySelector(".listing__archive")), "Archive page 2: 3 August 2023 to 4 August 2023");
  assert.equal([...page2.querySelectorAll(".listing__archive time")].map((t) => t.getAttribute("datetime")), [day(3), day(4)]);
  // A page of one day names the day once (Monsoon's page 4 holds the story of 6 August alone).
  assert.is(text((await readPage(site.output, "/tags/monsoon/page/4/")).querySelector(".listing__archive")), "Archive page 4: 6 August 2023");
  const front = await readPage(site.output, "/world/");
  assert.match(text(front.querySelector("title")), /^World – /);
  assert.is(front.querySelector(".listing__archive"), null, "the front page has no archive line");
});

test("a listing page's sitemap lastmod is the newest change among the articles on it", async () => {
  const { site } = await twoBuilds();
  const xml = await fs.readFile(path.join(site.output, "sitemap.xml"), "utf8");
  const doc = new DOMParser().parseFromString(xml, "text/xml") as unknown as Document;
  const lastmod = new Map(
    [...doc.getElementsByTagName("url")].map((u) => [u.getElementsByTagName("loc")[0]!.textContent!.slice(SITE_URL.length), u.getElementsByTagName("lastmod")[0]?.textContent]),
  );
  const instant = (url: string) => Date.parse(lastmod.get(url) ?? "");
  assert.is(instant("/world/"), Date.parse(day(9)));
  assert.is(instant("/world/page/3/"), Date.parse(day(6)));
  // Page 1 holds the stories of 1 and 2 August; the second was updated on 3 August.
  assert.is(instant("/world/page/1/"), Date.parse("2023-08-03T11:30:00+05:30"));
  // Monsoon (9 stories): front 9, 7; archive 1–2, 3–4, 4–5, then page 4 holds 6 alone.
  assert.is(instant("/tags/monsoon/page/4/"), Date.parse(day(6)));
  for (const url of ["/world/page/1/", "/world/page/2/", "/world/page/3/", "/tags/monsoon/page/4/", "/authors/asha-menon/page/3/"]) {
    assert.ok(lastmod.has(url), `${url} is in the sitemap`);
  }
});

test("related articles on a built page are earlier coverage only", async () => {
  const { site } = await twoBuilds();
  const related = async (url: string) => [...(await readPage(site.output, url)).querySelectorAll(".related .card__title a")].map((a) => a.getAttribute("href"));
  assert.equal(await related("/world/story-9/"), ["/world/story-7/", "/world/story-6/", "/world/story-5/"]);
  assert.equal(await related("/world/story-5/"), ["/india/story-4/", "/world/story-4/", "/world/story-3/"]);
  assert.equal(await related("/world/story-1/"), []);
});

test.run();
