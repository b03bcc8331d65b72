import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseFeed } from "@rowanmanning/feed-parser";
import { DOMParser } from "linkedom";
import RssParser from "rss-parser";
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Article } from "../../src/content/article.ts";
import { absoluteHtml, absoluteIn } from "../../src/outputs/absolute-html.ts";
import { feedsFor, stripInvalidXml, unpadCdata, writeFeeds } from "../../src/outputs/feeds.ts";
import { resolveSettings } from "../../src/settings.ts";
import { checkWellFormed } from "../support/xml.ts";

// Feed pieces without a build: URL rewriting, character cleaning, the feed list, and writeFeeds
// on hand-made articles (the cases a fixture site cannot reach).

const SITE = "https://example.org/news";
const site = resolveSettings({
  name: "Daily",
  url: `${SITE}/`,
  language: "en",
  timezone: "Europe/London",
  sections: { world: { label: "World" }, sport: { label: "Sport", description: "Games." } },
});

function make(n: number, fields: Partial<Article> = {}): Article {
  const date = `2023-08-${String(10 + n).padStart(2, "0")}T09:00:00+01:00`;
  return {
    digest: `digest-${n}`, file: `articles/world/a${n}.md`, slug: `a${n}`, url: `/world/a${n}/`,
    section: { key: "world", label: "World", url: "/world/" },
    title: `Article ${n}`, description: "Standfirst.", date, timestamp: Date.parse(date), html: `<p>Body ${n}</p>`,
    status: "published", tags: [], authors: [], images: [], related: [],
    ...fields,
  };
}

const temps: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "newsroom-feeds-"));
  temps.push(dir);
  return dir;
}
test.after(async () => {
  await Promise.all(temps.map((dir) => fs.rm(dir, { recursive: true, force: true })));
});

test("absoluteIn: root-relative under the base path, relative against the page, schemes untouched", () => {
  const page = "/world/visit/";
  assert.is(absoluteIn("/img/a.jpg", page, SITE), `${SITE}/img/a.jpg`);
  assert.is(absoluteIn("/world/other/", page, SITE), `${SITE}/world/other/`);
  assert.is(absoluteIn("chart.jpg", page, SITE), `${SITE}/world/visit/chart.jpg`);
  assert.is(absoluteIn("../other/", page, SITE), `${SITE}/world/other/`);
  assert.is(absoluteIn("?page=2", page, SITE), `${SITE}/world/visit/?page=2`);
  assert.is(absoluteIn("#notes", page, SITE), `${SITE}/world/visit/#notes`);
  assert.is(absoluteIn("//cdn.example.com/x.js", page, SITE), "https://cdn.example.com/x.js");
  // Any script in a path, relative or absolute, comes out percent-encoded; escapes are kept.
  assert.is(absoluteIn("/tags/चुनाव/", page, SITE), `${SITE}/tags/%E0%A4%9A%E0%A5%81%E0%A4%A8%E0%A4%BE%E0%A4%B5/`);
  assert.is(absoluteIn("תמונה.jpg", "/world/בחירות/", SITE), `${SITE}/world/%D7%91%D7%97%D7%99%D7%A8%D7%95%D7%AA/%D7%AA%D7%9E%D7%95%D7%A0%D7%94.jpg`);
  assert.is(absoluteIn("https://he.wikipedia.org/wiki/ירושלים?a=1&amp;b=2", page, SITE), "https://he.wikipedia.org/wiki/%D7%99%D7%A8%D7%95%D7%A9%D7%9C%D7%99%D7%9D?a=1&amp;b=2");
  assert.is(absoluteIn("/world/%D7%91/", page, SITE), `${SITE}/world/%D7%91/`);
  for (const kept of ["https://example.com/a?b=1&amp;c=2", "mailto:desk@example.org", "tel:+441234", "data:image/png;base64,AAAA", ""]) {
    assert.is(absoluteIn(kept, page, SITE), kept);
  }
});

test("absoluteHtml rewrites href, src and every srcset candidate and leaves the rest of the markup alone", async () => {
  const html =
    '<p><a href="/a/">a</a> &amp; <a href="b/?x=1&amp;y=2">b</a></p>' +
    '<picture><source type="image/webp" srcset="/img/a-480.webp 480w, /img/a-800.webp 800w">' +
    '<img src="/img/a.jpg" srcset="/img/a-480.jpg 480w, a-800.jpg 800w" alt="&quot;x&quot; &lt;y&gt;"></picture>';
  const out = await absoluteHtml(html, "/world/visit/", SITE);
  assert.is(
    out,
    `<p><a href="${SITE}/a/">a</a> &amp; <a href="${SITE}/world/visit/b/?x=1&amp;y=2">b</a></p>` +
      `<picture><source type="image/webp" srcset="${SITE}/img/a-480.webp 480w, ${SITE}/img/a-800.webp 800w">` +
      `<img src="${SITE}/img/a.jpg" srcset="${SITE}/img/a-480.jpg 480w, ${SITE}/world/visit/a-800.jpg 800w" alt="&quot;x&quot; &lt;y&gt;"></picture>`,
  );
});

test("stripInvalidXml removes what XML 1.0 forbids and keeps tabs, newlines, emoji and U+2028", () => {
  const input = "a\u0000b\u0008c\u000Bd\u000Ce\u001Ff\uFFFEg\uFFFFh\uD800i\uDC00j\tk\nl\rm😀n\u2028o\u0085p";
  assert.is(stripInvalidXml(input), "abcdefghij\tk\nl\rm😀n\u2028o\u0085p");
});

test("feedsFor lists the site's three feeds, then three per section, with MIME types", () => {
  const feeds = feedsFor(site);
  assert.equal(
    feeds.map((f) => [f.scope, f.url, f.type]),
    [
      ["site", "/feed.xml", "application/rss+xml"],
      ["site", "/atom.xml", "application/atom+xml"],
      ["site", "/feed.json", "application/feed+json"],
      ["world", "/world/feed.xml", "application/rss+xml"],
      ["world", "/world/atom.xml", "application/atom+xml"],
      ["world", "/world/feed.json", "application/feed+json"],
      ["sport", "/sport/feed.xml", "application/rss+xml"],
      ["sport", "/sport/atom.xml", "application/atom+xml"],
      ["sport", "/sport/feed.json", "application/feed+json"],
    ],
  );
  assert.is(feeds[0]!.title, "Daily (RSS)");
  assert.is(feeds[8]!.title, "Daily – Sport (JSON Feed)");
});

test("writeFeeds keeps anything unpublished out even if handed it, sorts newest first, and writes every file", async () => {
  const output = await tempDir();
  const articles = [make(1), make(3, { status: "draft", title: "Draft" }), make(2), make(4, { status: "embargoed", title: "Later" })];
  const written = await writeFeeds({ site, articles, output });
  assert.equal(written.sort(), feedsFor(site).map((f) => f.url.slice(1)).sort());
  const rss = parseFeed(await fs.readFile(path.join(output, "feed.xml"), "utf8"));
  assert.equal(rss.items.map((i) => i.title), ["Article 2", "Article 1"]);
  const json = JSON.parse(await fs.readFile(path.join(output, "world/feed.json"), "utf8")) as { items: { title: string }[] };
  assert.equal(json.items.map((i) => i.title), ["Article 2", "Article 1"]);
});

test("a site with no article yet still gets valid feeds, dated by the clock", async () => {
  const output = await tempDir();
  const now = new Date("2024-01-02T03:04:05Z");
  await writeFeeds({ site, articles: [], output, now });
  const atom = parseFeed(await fs.readFile(path.join(output, "sport/atom.xml"), "utf8"));
  assert.is(atom.items.length, 0);
  assert.is(atom.updated?.toISOString(), now.toISOString());
  assert.is(atom.description, "Games.");
  const json = JSON.parse(await fs.readFile(path.join(output, "feed.json"), "utf8")) as { items: unknown[] };
  assert.equal(json.items, [], "JSON Feed requires items, even empty");
});

test("feeds with no item (a site with no article, an empty section) are well-formed and have every element their format requires", async () => {
  const output = await tempDir();
  await writeFeeds({ site, articles: [make(1)], output, now: new Date("2024-01-02T03:04:05Z") });
  const empty = await tempDir();
  await writeFeeds({ site, articles: [], output: empty, now: new Date("2024-01-02T03:04:05Z") });
  const rssParser = new RssParser();
  for (const [dir, file] of [[output, "sport/feed.xml"], [output, "sport/atom.xml"], [empty, "feed.xml"], [empty, "atom.xml"], [empty, "world/atom.xml"]] as const) {
    const xml = await fs.readFile(path.join(dir, file), "utf8");
    const check = await checkWellFormed(xml, file);
    assert.ok(check.valid, `${file}: ${check.errors.join("\n")}`);
    const doc = new DOMParser().parseFromString(xml, "text/xml") as unknown as Document;
    const has = (selector: string) => (doc.querySelector(selector)?.textContent ?? "").trim() !== "";
    if (file.endsWith("feed.xml")) {
      // RSS 2.0: a channel needs title, link and description; items are optional.
      for (const required of ["channel > title", "channel > link", "channel > description"]) assert.ok(has(required), `${file}: ${required}`);
      assert.is(doc.querySelectorAll("item").length, 0, file);
    } else {
      // RFC 4287 4.1.1: a feed has id, title and updated, and an author unless every entry has one.
      for (const required of ["feed > id", "feed > title", "feed > updated", "feed > author > name"]) assert.ok(has(required), `${file}: ${required}`);
      assert.is(doc.querySelectorAll("entry").length, 0, file);
    }
    // Both readers take it as a feed with no item.
    assert.is(parseFeed(xml).items.length, 0, file);
    assert.is((await rssParser.parseString(xml)).items.length, 0, file);
  }
  // Without a site description in the settings, the site feed says what it is from the name.
  assert.is(parseFeed(await fs.readFile(path.join(empty, "feed.xml"), "utf8")).description, "The latest articles from Daily.");
  const described = await tempDir();
  await writeFeeds({ site: { ...site, description: "Daily news & views." }, articles: [], output: described, now: new Date("2024-01-02T03:04:05Z") });
  assert.is(parseFeed(await fs.readFile(path.join(described, "feed.xml"), "utf8")).description, "Daily news & views.");
  assert.is(parseFeed(await fs.readFile(path.join(described, "atom.xml"), "utf8")).description, "Daily news & views.");
  for (const file of ["feed.json", "world/feed.json"]) {
    const json = JSON.parse(await fs.readFile(path.join(empty, file), "utf8")) as Record<string, unknown>;
    // JSON Feed 1.1: version, title and items are required.
    assert.equal([json.version, typeof json.title, json.items], ["https://jsonfeed.org/version/1.1", "string", []], file);
  }
});

test("a lead photo that is not published (the preview) gives an enclosure of unknown size, not a failed build", async () => {
  const output = await tempDir();
  const image = {
    src: "/img/ab/missing-800.jpg", alt: "Alt", width: 800, height: 500,
    picture: { src: "/img/ab/missing-800.jpg", width: 800, height: 500, sources: [], srcset: "" },
    social: {} as NonNullable<Article["image"]>["social"],
  };
  await writeFeeds({ site, articles: [make(1, { image })], output });
  const item = parseFeed(await fs.readFile(path.join(output, "feed.xml"), "utf8")).items[0]!;
  assert.equal(item.media.map((m) => [m.url, m.length]), [[`${SITE}/img/ab/missing-800.jpg`, 0]]);
  const atom = parseFeed(await fs.readFile(path.join(output, "atom.xml"), "utf8")).items[0]!;
  assert.equal(atom.media.map((m) => [m.url, m.length]), [[`${SITE}/img/ab/missing-800.jpg`, null]]);
});

// Texts with what XML and HTML treat specially, at the start, in the middle and at the end.
const EXACT = {
  site: `Daily & Co <News> "Edition"`,
  section: "Markets & Money",
  title: `<Breaking> Markets & "oil" rally as 'traders' wait >`,
  plainTitle: "A title with nothing special",
  description: `Profits > forecasts & <b>not</b> markup, "quoted" 'too' & ]]> once`,
  tags: ["R&D", "M&A <deals>", `"Quoted" tag`, "Plain"],
  authors: ["Smith & Sons", "O'Brien <guest>", "Plain Name"],
  // HTML without entities: @rowanmanning/feed-parser decodes entities in every text once more
  // (its textContentNormalized), so only rss-parser can give back "&amp;" as written.
  plainHtml: `<p>"Fine" and 'quoted' text</p>\n<ul>\n  <li>one</li>\n</ul>`,
  html: `<p>AT&amp;T says &lt;ok&gt; &amp; "fine" ]]&gt; and ]]></p>\n<ul>\n  <li>one &amp; two</li>\n</ul>\n<pre><code>  indented\n    code &lt;x&gt;\n</code></pre>`,
};

async function exactFeeds(): Promise<string> {
  const output = await tempDir();
  const exactSite = resolveSettings({ ...site, name: EXACT.site, sections: { markets: { label: EXACT.section } } });
  const section = { key: "markets", label: EXACT.section, url: "/markets/" };
  const articles = [
    make(2, {
      section, title: EXACT.title, description: EXACT.description, html: EXACT.html,
      tags: EXACT.tags.map((name, i) => ({ name, slug: `t${i}`, url: `/tags/t${i}/` })),
      authors: EXACT.authors.map((name, i) => ({ name, slug: `a${i}` })),
    }),
    make(1, { section, title: EXACT.plainTitle, html: EXACT.plainHtml }),
  ];
  await writeFeeds({ site: exactSite, articles, output });
  return output;
}

test("rss-parser (RSS and Atom) reads back exactly the texts written: no white space around CDATA", async () => {
  const output = await exactFeeds();
  // rss-parser copies `content:encoded` and Atom's first author under these names; the types miss them.
  const parser = new RssParser<Record<string, unknown>, { creators?: string[]; categoryTerms?: { $: { term: string } }[]; "content:encoded"?: string; author?: string }>({
    customFields: { item: [["dc:creator", "creators", { keepArray: true }], ["category", "categoryTerms", { keepArray: true }]] },
  });
  for (const file of ["feed.xml", "markets/feed.xml"]) {
    const rss = await parser.parseString(await fs.readFile(path.join(output, file), "utf8"));
    const title = file === "feed.xml" ? EXACT.site : `${EXACT.site} – ${EXACT.section}`;
    assert.is(rss.title, title, file);
    const item = rss.items[0]!;
    assert.is(item.title, EXACT.title, file);
    // RSS <description> is HTML: the text is escaped in it, and the snippet is the text itself.
    assert.is(item.contentSnippet, EXACT.description, file);
    assert.is(item["content:encoded"], EXACT.html, file);
    assert.equal(item.categories, [EXACT.section, ...EXACT.tags], file);
    assert.equal(item.creators, EXACT.authors, file);
    assert.is(rss.items[1]!.title, EXACT.plainTitle);
    assert.is(rss.items[1]!["content:encoded"], EXACT.plainHtml);
  }
  for (const file of ["atom.xml", "markets/atom.xml"]) {
    const atom = await parser.parseString(await fs.readFile(path.join(output, file), "utf8"));
    assert.is(atom.title, file === "atom.xml" ? EXACT.site : `${EXACT.site} – ${EXACT.section}`, file);
    const entry = atom.items[0]!;
    assert.is(entry.title, EXACT.title, file);
    assert.is(entry.summary, EXACT.description, file);
    assert.is(entry.content, EXACT.html, file);
    assert.is(entry.author, EXACT.authors[0], file);
    assert.equal(entry.categoryTerms!.map((c) => c.$.term), [EXACT.section, ...EXACT.tags], file);
  }
});

test("@rowanmanning/feed-parser reads back exactly the texts written, in RSS and Atom", async () => {
  const output = await exactFeeds();
  for (const file of ["feed.xml", "atom.xml", "markets/feed.xml", "markets/atom.xml"]) {
    const feed = parseFeed(await fs.readFile(path.join(output, file), "utf8"));
    assert.is(feed.title, file.startsWith("markets") ? `${EXACT.site} – ${EXACT.section}` : EXACT.site, file);
    const item = feed.items[0]!;
    assert.is(item.title, EXACT.title, file);
    assert.is(item.description, EXACT.description, file);
    assert.is(feed.items[1]!.content, EXACT.plainHtml, file);
    assert.equal(item.categories.map((c) => c.term), [EXACT.section, ...EXACT.tags], file);
    assert.equal(item.authors.map((a) => a.name), EXACT.authors, file);
  }
  const json = JSON.parse(await fs.readFile(path.join(output, "feed.json"), "utf8")) as { title: string; items: { title: string; summary: string; content_html: string; tags: string[]; authors: { name: string }[] }[] };
  assert.is(json.title, EXACT.site);
  assert.equal([json.items[0]!.title, json.items[0]!.summary, json.items[0]!.content_html], [EXACT.title, EXACT.description, EXACT.html]);
  assert.equal(json.items[0]!.tags, [EXACT.section, ...EXACT.tags]);
  assert.equal(json.items[0]!.authors.map((a) => a.name), EXACT.authors);
});

test("unpadCdata takes out only the pretty-printer's white space around CDATA runs, never inside one", () => {
  const padded = "<a>\n  <b>\n    <![CDATA[x & y]]>\n  </b>\n  <c>\n    <![CDATA[1 ]]]]><![CDATA[> 2]]>\n  </c>\n  <d> keep </d>\n</a>";
  assert.is(unpadCdata(padded), "<a>\n  <b><![CDATA[x & y]]></b>\n  <c><![CDATA[1 ]]]]><![CDATA[> 2]]></c>\n  <d> keep </d>\n</a>");
  // Markup-like text inside a section is text: "<p>\n  <![CDATA[" in an article's HTML stays as it is.
  const inside = "<e>\n  <![CDATA[<p>\n  <![CDATA[ not a section\n  </p>]]>\n</e>";
  assert.is(unpadCdata(inside), "<e><![CDATA[<p>\n  <![CDATA[ not a section\n  </p>]]></e>");
  // Not between a start tag and an end tag (mixed content): left alone.
  assert.is(unpadCdata("<e>text <![CDATA[a&b]]> more</e>"), "<e>text <![CDATA[a&b]]> more</e>");
  assert.is(unpadCdata("<e>  <![CDATA[a&b]]>  tail</e>"), "<e>  <![CDATA[a&b]]>  tail</e>");
  assert.is(unpadCdata("<e><![CDATA[unclosed"), "<e><![CDATA[unclosed", "not well-formed: unchanged");
});

test.run();
