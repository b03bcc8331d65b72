import fs from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import baseSettings from "../../site.config.ts";
import { feedsFor } from "../../src/outputs/feeds.ts";
import { resolveSettings } from "../../src/settings.ts";
import { article, createFixture, jpeg, type Fixture } from "../support/fixture-site.ts";
import { readPage } from "../support/html.ts";
import { existsInSite } from "../support/site-files.ts";

/**
 * Case 28 (non-ASCII URLs in feeds and sitemaps): an article file named in Hebrew with tags in
 * Hebrew and Devanagari, plus a photo article in a Hebrew folder and an author whose profile page
 * has a Devanagari address. Every absolute URL in every output a machine reads (feeds, sitemaps,
 * robots.txt, canonical, Open Graph, JSON-LD, share links) must be ASCII, percent-encoded, and
 * decode back to the page's own address.
 */

const CASE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/cases/28-non-ascii-urls-in-feeds-and-sitemaps/articles");
const SITE = "https://newsroom.example.org";
const ARTICLE = "/world/בחירות-בעירייה/";
const PHOTO = "/world/תמונה-מהשטח/";
const TAGS = ["/tags/בחירות/", "/tags/चुनाव/"];
const AUTHOR = "/authors/अनीता-राव/";
// The case article was published on 2023-09-22: the build is the next day, so it is in the news sitemap.
const NOW = "2023-09-23T12:00:00+05:30";
// Printable ASCII only (no space, no control, nothing above U+007E).
const ASCII = /^[\x21-\x7e]+$/;
// Namespace and version URIs name formats, not places.
const FORMAT_URIS = new Set([
  "http://www.w3.org/2005/Atom",
  "http://purl.org/dc/elements/1.1/",
  "http://purl.org/rss/1.0/modules/content/",
  "https://jsonfeed.org/version/1.1",
  "http://www.sitemaps.org/schemas/sitemap/0.9",
  "http://www.google.com/schemas/sitemap-news/0.9",
]);

/** Every http(s) URL in a text, up to a quote, bracket or white space: non-ASCII letters are kept, so a raw one is caught. */
function urlsIn(text: string): string[] {
  return [...text.matchAll(/https?:\/\/[^\s"'<>\]\\,)]+/g)].map(([u]) => u.replace(/&amp;/g, "&")).filter((u) => !FORMAT_URIS.has(u));
}

/** The decoded path of a URL on the site ("/world/בחירות-בעירייה/"). */
function decodedPath(url: string): string {
  assert.ok(url.startsWith(`${SITE}/`), `${url} is on the site`);
  return decodeURIComponent(new URL(url).pathname);
}

let shared: Promise<Fixture> | undefined;
function site(): Promise<Fixture> {
  shared ??= (async () => {
    const files: Record<string, string | Buffer> = {};
    for (const name of await fs.readdir(path.join(CASE, "world"))) files[`world/${name}`] = await fs.readFile(path.join(CASE, "world", name), "utf8");
    files["world/תמונה-מהשטח/index.md"] = article({
      title: "Photo from the field",
      date: "2023-09-22T18:00:00+05:30",
      tags: ["בחירות"],
      authors: ["अनीता राव"],
      image: { src: "צילום.jpg", alt: "Voters queue outside a polling station" },
    });
    files["world/תמונה-מהשטח/צילום.jpg"] = await jpeg(1200, 750);
    const f = await createFixture(files, {
      authors: { ...baseSettings.authors, "अनीता राव": { role: "Correspondent" } },
      images: { widths: [480, 800], formats: ["webp"] },
    });
    const result = await f.build({ now: NOW });
    if (!result.ok) throw new Error(result.message);
    return f;
  })();
  return shared;
}

test("the case builds the pages it names (the fixture is what the test thinks it is)", async () => {
  const f = await site();
  for (const page of [ARTICLE, PHOTO, ...TAGS, AUTHOR]) assert.ok(await existsInSite(f.output, page, SITE), page);
});

test("feeds: every URL is ASCII; RSS link/guid/enclosure, Atom id/links and JSON Feed id/url decode to the article", async () => {
  const f = await site();
  const refs = feedsFor(resolveSettings(baseSettings)).filter((r) => r.scope === "site" || r.scope === "world");
  for (const ref of refs) {
    const text = await fs.readFile(path.join(f.output, ref.url), "utf8");
    const urls = urlsIn(text);
    assert.ok(urls.length > 5, `${ref.url} has URLs`);
    for (const url of urls) assert.ok(ASCII.test(url), `${ref.url}: ${url} is ASCII`);
    // Nothing non-ASCII sits in any URL-carrying field.
    assert.not.match(text, /(?:<link>|<guid[^>]*>|<id>|href="|url="|"(?:id|url|image|home_page_url|feed_url)": ")[^"<]*[^\x00-\x7f]/, ref.url);
  }
  const rss = await fs.readFile(path.join(f.output, "feed.xml"), "utf8");
  const links = [...rss.matchAll(/<link>([^<]+)<\/link>/g)].map((m) => m[1]!).filter((u) => u.includes("/world/%"));
  const guids = [...rss.matchAll(/<guid isPermaLink="true">([^<]+)<\/guid>/g)].map((m) => m[1]!);
  assert.equal(links.map(decodedPath), [PHOTO, ARTICLE]);
  assert.equal(guids, links);
  const enclosure = /<enclosure url="([^"]+)"/.exec(rss)![1]!;
  assert.ok(await existsInSite(f.output, enclosure, SITE), "the enclosure is a file");

  const atom = await fs.readFile(path.join(f.output, "world/atom.xml"), "utf8");
  const ids = [...atom.matchAll(/<entry>[\s\S]*?<id>([^<]+)<\/id>/g)].map((m) => m[1]!);
  assert.equal(ids.map(decodedPath), [PHOTO, ARTICLE]);
  const json = JSON.parse(await fs.readFile(path.join(f.output, "feed.json"), "utf8")) as { items: { id: string; url: string; authors?: { url?: string }[] }[] };
  assert.equal(json.items.map((i) => decodedPath(i.id)), [PHOTO, ARTICLE]);
  assert.equal(json.items.map((i) => decodedPath(i.url)), [PHOTO, ARTICLE]);
  assert.is(decodedPath(json.items[0]!.authors![0]!.url!), AUTHOR);
});

test("sitemap.xml, news-sitemap.xml and robots.txt: every URL ASCII, and the pages decode back to their addresses", async () => {
  const f = await site();
  const sitemap = await fs.readFile(path.join(f.output, "sitemap.xml"), "utf8");
  const locs = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!);
  for (const url of locs) assert.ok(ASCII.test(url), url);
  const paths = locs.map(decodedPath);
  for (const page of [ARTICLE, PHOTO, ...TAGS, AUTHOR]) assert.ok(paths.includes(page), `${page} in sitemap.xml`);
  const news = await fs.readFile(path.join(f.output, "news-sitemap.xml"), "utf8");
  const newsLocs = [...news.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!);
  for (const url of newsLocs) assert.ok(ASCII.test(url), url);
  assert.equal(newsLocs.map(decodedPath), [PHOTO, ARTICLE]);
  const robots = await fs.readFile(path.join(f.output, "robots.txt"), "utf8");
  for (const url of urlsIn(robots)) assert.ok(ASCII.test(url) && (await existsInSite(f.output, url, SITE)), url);
});

test("canonical, og:url, og:image, article:author, JSON-LD and share links are ASCII and lead back to the page", async () => {
  const f = await site();
  for (const page of [ARTICLE, PHOTO, ...TAGS, AUTHOR]) {
    const doc = await readPage(f.output, page);
    const canonical = doc.querySelector('link[rel="canonical"]')!.getAttribute("href")!;
    assert.ok(ASCII.test(canonical), canonical);
    assert.is(decodedPath(canonical), page, `${page}: canonical`);
    assert.is(doc.querySelector('meta[property="og:url"]')!.getAttribute("content"), canonical, `${page}: og:url`);
    const og = [...doc.querySelectorAll('meta[property^="og:"], meta[property^="article:"], meta[name^="twitter:"]')]
      .map((m) => m.getAttribute("content")!)
      .filter((c) => /^https?:/.test(c));
    assert.ok(og.length >= 2, `${page}: og:url and og:image`);
    for (const url of og) assert.ok(ASCII.test(url), `${page}: ${url}`);
    const image = doc.querySelector('meta[property="og:image"]')!.getAttribute("content")!;
    assert.ok(await existsInSite(f.output, image, SITE), `${page}: og:image exists`);
    for (const script of doc.querySelectorAll('script[type="application/ld+json"]')) {
      for (const url of urlsIn(script.textContent!)) assert.ok(ASCII.test(url), `${page}: JSON-LD ${url}`);
    }
  }

  const doc = await readPage(f.output, PHOTO);
  const [news, crumbs] = [...doc.querySelectorAll('script[type="application/ld+json"]')].flatMap((s) => JSON.parse(s.textContent!) as Record<string, unknown>[]) as [
    { url: string; mainEntityOfPage: { "@id": string }; author: { url: string }[]; image: string[] },
    { itemListElement: { item: string }[] },
  ];
  assert.is(decodedPath(news.url), PHOTO);
  assert.is(decodedPath(news.mainEntityOfPage["@id"]), PHOTO);
  assert.is(decodedPath(news.author[0]!.url), AUTHOR);
  for (const url of news.image) assert.ok(await existsInSite(f.output, url, SITE), url);
  assert.equal(crumbs.itemListElement.map((i) => decodedPath(i.item)), ["/", "/world/", PHOTO]);
  assert.equal([...doc.querySelectorAll('meta[property="article:author"]')].map((m) => decodedPath(m.getAttribute("content")!)), [AUTHOR]);

  // Share links carry the page's URL as a query value: the link itself is ASCII, and the value
  // read back is the canonical URL (ASCII too), which decodes to the page.
  const hrefs = [...doc.querySelectorAll(".share a[href]")].map((a) => a.getAttribute("href")!);
  assert.ok(hrefs.length >= 7, "the share bar");
  const canonical = doc.querySelector('link[rel="canonical"]')!.getAttribute("href")!;
  for (const href of hrefs) {
    assert.ok(ASCII.test(href), href);
    const url = new URL(href);
    const carried = url.protocol === "mailto:" ? decodeURIComponent(href).split("\n").at(-1)! : (url.searchParams.get("url") ?? url.searchParams.get("u") ?? url.searchParams.get("text")!);
    assert.ok(carried.endsWith(canonical), `${href} carries ${canonical}`);
  }
  for (const button of doc.querySelectorAll(".share [data-url]")) assert.is(button.getAttribute("data-url"), canonical);
});

test.run();
