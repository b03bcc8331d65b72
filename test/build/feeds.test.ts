import fs from "node:fs/promises";
import path from "node:path";
import { parseFeed } from "@rowanmanning/feed-parser";
import RssParser from "rss-parser";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { validateXML } from "xmllint-wasm";
import baseSettings from "../../site.config.ts";
import { feedsFor, type FeedRef } from "../../src/outputs/feeds.ts";
import { resolveSettings, type SiteSettingsInput } from "../../src/settings.ts";
import { article, createFixture, jpeg, type Fixture } from "../support/fixture-site.ts";
import { buildSampleSite } from "../support/sample-site.ts";
import { existsInSite, fileForUrl } from "../support/site-files.ts";

/**
 * The feeds of built fixture sites, read back the way readers read them: RSS and Atom with a real
 * feed parser (and libxml2 for well-formedness), JSON Feed with JSON.parse. The fixture clock is
 * 2023-09-01T12:00:00+05:30.
 */

const HOSTILE = 'Hostile </title><script>alert(1)</script> ]]> & "quotes" ]]> again \u0001 \u2028';
// What a reader gets back: the control character stripped, the ends trimmed (U+2028 is a line end).
const HOSTILE_READ = HOSTILE.replace("\u0001", "").trim();

// Small photo settings keep the fixture builds quick; WebP keeps a <source srcset> in the HTML.
const IMAGES = { widths: [480, 800], formats: ["webp" as const] };

interface Read {
  ref: FeedRef;
  text: string;
  /** Item URLs in feed order. */
  links: string[];
}

interface JsonFeedDoc {
  version: string;
  title: string;
  home_page_url: string;
  feed_url: string;
  description?: string;
  icon?: string;
  language?: string;
  items: {
    id: string;
    url: string;
    title: string;
    summary?: string;
    content_html: string;
    image?: string;
    date_published: string;
    date_modified?: string;
    authors?: { name: string; url?: string }[];
    tags?: string[];
  }[];
}

async function wellFormed(fileName: string, xml: string): Promise<void> {
  // No schema: xmllint only parses, so this is the XML 1.0 well-formedness check.
  const result = await validateXML({ xml: [{ fileName, contents: xml }], schema: [] });
  assert.ok(result.valid, `${fileName} is not well-formed:\n${result.rawOutput}`);
}

/** Reads a feed, checking it parses; its item links in order. */
async function readFeed(output: string, ref: FeedRef): Promise<Read> {
  const text = await fs.readFile(path.join(output, ref.url), "utf8");
  if (ref.format === "json") {
    const feed = JSON.parse(text) as JsonFeedDoc;
    assert.is(feed.version, "https://jsonfeed.org/version/1.1", ref.url);
    return { ref, text, links: feed.items.map((i) => i.url) };
  }
  await wellFormed(ref.url.slice(1).replace(/\//g, "_"), text);
  const feed = parseFeed(text);
  assert.is(feed.meta.type, ref.format, ref.url);
  return { ref, text, links: feed.items.map((i) => i.url!) };
}

async function readAll(output: string, settings: SiteSettingsInput): Promise<Read[]> {
  return Promise.all(feedsFor(resolveSettings(settings)).map((ref) => readFeed(output, ref)));
}

function find(reads: Read[], url: string): Read {
  const read = reads.find((r) => r.ref.url === url);
  if (!read) assert.unreachable(`no feed ${url}`);
  return read!;
}

async function built(site: Fixture): Promise<Fixture> {
  const result = await site.build();
  if (!result.ok) assert.unreachable(`the build failed:\n${result.message}`);
  return site;
}

const ORIGIN = "https://newsroom.example.org";
const at = (p: string) => `${ORIGIN}${p}`;

let shared: Promise<{ site: Fixture; reads: Read[] }> | undefined;
/** Four published articles in two sections (one with photos and links), a draft and an embargoed one. */
function newsSite() {
  shared ??= (async () => {
    const site = await built(
      await createFixture(
        {
          "world/lead-story/index.md": article(
            {
              title: "Lead story",
              description: "Talks resume <b>today</b> & tomorrow.",
              date: "2023-08-31T10:00:00+05:30",
              updated: "2023-09-01T09:15:00+05:30",
              authors: ["Asha Menon", "Guest Writer"],
              tags: ["Diplomacy", "Talks"],
              image: { src: "lead.jpg", alt: 'The "summit" hall', caption: "Delegates arrive.", credit: "Agency" },
            },
            [
              "See [the other story](/world/other-story/), [its sibling](../other-story/), [notes](#notes),",
              "[mail](mailto:desk@example.org), [call](tel:+911234) and [elsewhere](https://example.com/a?b=1&c=2).",
              "",
              '![A chart](chart.jpg "Chart caption | Newsroom graphics")',
            ].join("\n"),
          ),
          "world/lead-story/lead.jpg": await jpeg(800, 500),
          "world/lead-story/chart.jpg": await jpeg(640, 400),
          "world/other-story.md": article({ title: "Other story", date: "2023-08-30T09:00:00+05:30", authors: ["Asha Menon"] }),
          "business/market-story.md": article({ title: "Market story", section: "business", date: "2023-08-29T09:00:00+05:30" }),
          "world/hostile.md": article(
            { title: HOSTILE, description: "Standfirst with \u0002 a control character.", date: "2023-08-28T09:00:00+05:30" },
            "Body with a \u0003 control character and ]]> in it.",
          ),
          "world/secret-draft.md": article({ title: "Secret draft", draft: true, date: "2023-08-31T11:00:00+05:30" }),
          "business/future-story.md": article({ title: "Future story", section: "business", date: "2023-09-02T09:00:00+05:30" }),
        },
        { images: IMAGES },
      ),
    );
    return { site, reads: await readAll(site.output, { ...baseSettings, images: IMAGES }) };
  })();
  return shared;
}

test("every feed of the site and of each section is written, parses, and links only to pages that exist", async () => {
  const { site, reads } = await newsSite();
  const urls = reads.map((r) => r.ref.url);
  assert.equal(urls.slice(0, 3), ["/feed.xml", "/atom.xml", "/feed.json"], "the site's feeds first");
  for (const key of Object.keys(baseSettings.sections)) {
    for (const file of ["feed.xml", "atom.xml", "feed.json"]) assert.ok(urls.includes(`/${key}/${file}`), `/${key}/${file}`);
  }
  assert.equal([...new Set(reads.map((r) => r.ref.type))], ["application/rss+xml", "application/atom+xml", "application/feed+json"]);
  let checked = 0;
  for (const read of reads) {
    for (const link of read.links) {
      assert.ok(await existsInSite(site.output, link, ORIGIN), `${read.ref.url}: ${link} is a page of the site`);
      checked++;
    }
  }
  assert.is(checked, 3 * (4 + 3 + 1), "three formats of: the site's 4 articles, World's 3, Business's 1");
});

test("drafts and embargoed articles appear in no feed; each section's feeds hold only that section, newest first", async () => {
  const { reads } = await newsSite();
  for (const read of reads) {
    for (const hidden of ["secret-draft", "Secret draft", "future-story", "Future story"]) {
      assert.not.ok(read.text.includes(hidden), `${read.ref.url} mentions "${hidden}"`);
    }
  }
  const site = ["/world/lead-story/", "/world/other-story/", "/business/market-story/", "/world/hostile/"].map(at);
  const sections: Record<string, string[]> = {
    "": site,
    "/world": site.filter((u) => u.includes("/world/")),
    "/business": site.filter((u) => u.includes("/business/")),
    "/india": [],
  };
  for (const [prefix, expected] of Object.entries(sections)) {
    for (const file of ["feed.xml", "atom.xml", "feed.json"]) {
      assert.equal(find(reads, `${prefix}/${file}`).links, expected, `${prefix}/${file}`);
    }
  }
});

test("feeds describe themselves: title, home page, description, language, updated, self link and icon", async () => {
  const { reads } = await newsSite();
  const rss = parseFeed(find(reads, "/world/feed.xml").text);
  assert.is(rss.title, "The Newsroom Sample – World");
  assert.is(rss.url, at("/world/"));
  assert.is(rss.self, at("/world/feed.xml"));
  assert.is(rss.description, "International news and diplomacy.");
  assert.is(rss.language, "en-IN");
  assert.is(rss.image?.url, at("/assets/logo.png"));
  // The newest change in the feed: the lead story's update.
  assert.is(rss.updated?.toISOString(), new Date("2023-09-01T09:15:00+05:30").toISOString());

  const atom = parseFeed(find(reads, "/atom.xml").text);
  assert.is(atom.title, "The Newsroom Sample");
  assert.is(atom.url, at("/"));
  assert.is(atom.self, at("/atom.xml"));
  assert.is(atom.language, "en-IN");
  assert.is(atom.updated?.toISOString(), new Date("2023-09-01T09:15:00+05:30").toISOString());

  const json = JSON.parse(find(reads, "/business/feed.json").text) as JsonFeedDoc;
  assert.is(json.title, "The Newsroom Sample – Business");
  assert.is(json.home_page_url, at("/business/"));
  assert.is(json.feed_url, at("/business/feed.json"));
  assert.is(json.description, "Markets, companies and the economy.");
  assert.is(json.language, "en-IN");
  assert.is(json.icon, at("/assets/logo.png"));

  // An empty section still has a feed that says what it is.
  const empty = parseFeed(find(reads, "/india/atom.xml").text);
  assert.is(empty.title, "The Newsroom Sample – India");
  assert.is(empty.items.length, 0);
  assert.ok(empty.updated, "Atom's required <updated> is there without entries");
});

test("items carry the full text with absolute URLs, dates, authors, section and tags", async () => {
  const { reads } = await newsSite();
  const url = at("/world/lead-story/");
  const rss = parseFeed(find(reads, "/feed.xml").text).items.find((i) => i.url === url)!;
  const atom = parseFeed(find(reads, "/atom.xml").text).items.find((i) => i.url === url)!;
  const json = (JSON.parse(find(reads, "/feed.json").text) as JsonFeedDoc).items.find((i) => i.url === url)!;

  for (const [format, html] of [["rss", rss.content!], ["atom", atom.content!], ["json", json.content_html]] as const) {
    assert.ok(html.includes(`href="${at("/world/other-story/")}"`), `${format}: root-relative link`);
    assert.ok(html.includes(`href="${url}#notes"`), `${format}: a fragment is on the article`);
    assert.ok(html.includes('href="mailto:desk@example.org"') && html.includes('href="tel:+911234"'), `${format}: mailto and tel kept`);
    // feed-parser decodes entities in RSS and Atom content once more, so "&amp;" may read as "&".
    assert.match(html, /href="https:\/\/example\.com\/a\?b=1&(amp;)?c=2"/, `${format}: full URL kept`);
    assert.not.match(html, /(?:src|srcset|href)="(?!https:|mailto:|tel:)/, `${format}: every URL absolute`);
    assert.not.match(html, /srcset="[^"]*, \//, `${format}: every srcset candidate absolute`);
    assert.match(html, new RegExp(`<source[^>]+srcset="${ORIGIN}/img/`), `${format}: the inline photo's <source>`);
    assert.match(html, new RegExp(`<img src="${ORIGIN}/img/[^"]+" alt="The (&quot;|")summit(&quot;|") hall"`), `${format}: the lead photo first`);
    assert.ok(html.includes("Delegates arrive. Agency"), `${format}: lead caption and credit`);
    assert.ok(html.includes("Chart caption"), `${format}: inline figure`);
  }
  // The sibling link resolves against the article's own URL.
  assert.ok(json.content_html.includes(`href="${at("/world/other-story/")}">its sibling`));

  assert.is(rss.title, "Lead story");
  assert.is(rss.description, "Talks resume <b>today</b> & tomorrow.", "the standfirst is text, not markup");
  assert.is(atom.description, "Talks resume <b>today</b> & tomorrow.");
  assert.is(json.summary, "Talks resume <b>today</b> & tomorrow.");
  assert.ok(find(reads, "/feed.xml").text.includes("Talks resume &lt;b&gt;"), "RSS description (HTML) escapes the standfirst");

  const published = new Date("2023-08-31T10:00:00+05:30").toISOString();
  const updated = new Date("2023-09-01T09:15:00+05:30").toISOString();
  assert.is(rss.published?.toISOString(), published);
  assert.match(find(reads, "/feed.xml").text, /<pubDate>Thu, 31 Aug 2023 04:30:00 GMT<\/pubDate>/, "RFC 822 pubDate");
  assert.is(atom.published?.toISOString(), published);
  assert.is(atom.updated?.toISOString(), updated);
  assert.is(new Date(json.date_published).toISOString(), published);
  assert.is(new Date(json.date_modified!).toISOString(), updated);

  assert.equal(rss.authors.map((a) => a.name), ["Asha Menon", "Guest Writer"]);
  assert.equal(atom.authors.map((a) => [a.name, a.url]), [["Asha Menon", at("/authors/asha-menon/")], ["Guest Writer", null]]);
  assert.equal(json.authors, [{ name: "Asha Menon", url: at("/authors/asha-menon/") }, { name: "Guest Writer" }]);

  assert.equal(rss.categories.map((c) => c.term), ["World", "Diplomacy", "Talks"]);
  assert.equal(atom.categories.map((c) => c.term), ["World", "Diplomacy", "Talks"]);
  assert.equal(json.tags, ["World", "Diplomacy", "Talks"]);
  assert.is(json.id, url);
  assert.is(atom.id, url);
});

test("the lead photo is an enclosure the size of its published file, and the JSON Feed image", async () => {
  const { site, reads } = await newsSite();
  const url = at("/world/lead-story/");
  const rss = parseFeed(find(reads, "/world/feed.xml").text).items.find((i) => i.url === url)!;
  const atom = parseFeed(find(reads, "/world/atom.xml").text).items.find((i) => i.url === url)!;
  const json = (JSON.parse(find(reads, "/world/feed.json").text) as JsonFeedDoc).items.find((i) => i.url === url)!;
  for (const [format, media] of [["rss", rss.media], ["atom", atom.media]] as const) {
    assert.is(media.length, 1, format);
    const [enclosure] = media;
    assert.match(enclosure!.url, new RegExp(`^${ORIGIN}/img/.+\\.jpg$`), format);
    assert.is(enclosure!.mimeType, "image/jpeg", format);
    const file = fileForUrl(site.output, enclosure!.url, ORIGIN)!;
    assert.is(enclosure!.length, (await fs.stat(file)).size, `${format}: length is the file's size`);
  }
  assert.is(json.image, rss.media[0]!.url);
  // An article without a photo has no enclosure.
  const other = parseFeed(find(reads, "/world/feed.xml").text).items.find((i) => i.url === at("/world/other-story/"))!;
  assert.is(other.media.length, 0);
});

test("a hostile title and invalid characters leave every feed well-formed and read back as text", async () => {
  const { reads } = await newsSite();
  const url = at("/world/hostile/");
  for (const read of reads.filter((r) => r.ref.scope === "site" || r.ref.scope === "world")) {
    assert.not.ok(/[\u0001-\u0003]/.test(read.text), `${read.ref.url}: no control characters`);
    if (read.ref.format === "json") {
      const item = (JSON.parse(read.text) as JsonFeedDoc).items.find((i) => i.url === url)!;
      assert.is(item.title, HOSTILE_READ);
      assert.is(item.summary, "Standfirst with  a control character.");
      assert.ok(item.content_html.includes("]]&gt; in it") || item.content_html.includes("]]> in it"));
    } else {
      const item = parseFeed(read.text).items.find((i) => i.url === url)!;
      assert.is(item.title, HOSTILE_READ, read.ref.url);
      assert.is(item.description, "Standfirst with  a control character.", read.ref.url);
      assert.ok(item.content?.includes("control character"), read.ref.url);
      assert.not.ok(read.text.includes("<script>alert(1)</script> ]]> &"), `${read.ref.url}: the title does not end a CDATA section`);
      // rss-parser, the most used Node reader, keeps every character of the element's text.
      const other = (await new RssParser().parseString(read.text)).items.find((i) => i.link === url || i.id === url)!;
      assert.is(other.title, HOSTILE_READ, `${read.ref.url} (rss-parser)`);
    }
  }
});

test("each feed holds the newest `feedSize` articles", async () => {
  const site = await built(
    await createFixture(
      {
        "world/first.md": article({ title: "First", date: "2023-08-28T09:00:00+05:30" }),
        "world/second.md": article({ title: "Second", date: "2023-08-29T09:00:00+05:30" }),
        "world/third.md": article({ title: "Third", date: "2023-08-30T09:00:00+05:30" }),
        "sport/match.md": article({ title: "Match", section: "sport", date: "2023-08-27T09:00:00+05:30" }),
      },
      { feedSize: 2 },
    ),
  );
  const reads = await readAll(site.output, { ...baseSettings, feedSize: 2 });
  for (const file of ["feed.xml", "atom.xml", "feed.json"]) {
    assert.equal(find(reads, `/${file}`).links, [at("/world/third/"), at("/world/second/")], file);
    assert.equal(find(reads, `/world/${file}`).links, [at("/world/third/"), at("/world/second/")], `world/${file}`);
    assert.equal(find(reads, `/sport/${file}`).links, [at("/sport/match/")], `sport/${file}`);
  }
});

test("under a base path every URL in every feed is under it, and leads to a file", async () => {
  const base = "https://example.org/news";
  const site = await built(
    await createFixture(
      {
        "world/lead-story/index.md": article(
          { title: "Lead story", authors: ["Asha Menon"], image: { src: "lead.jpg", alt: "Lead" } },
          "[Other](/world/other-story/), [sibling](../other-story/) and [notes](#notes).\n\n![Chart](chart.jpg)",
        ),
        "world/lead-story/lead.jpg": await jpeg(800, 500),
        "world/lead-story/chart.jpg": await jpeg(640, 400),
        "world/other-story.md": article({ title: "Other story", date: "2023-08-29T09:00:00+05:30" }),
      },
      { url: `${base}/`, images: IMAGES },
    ),
  );
  const reads = await readAll(site.output, { ...baseSettings, url: `${base}/`, images: IMAGES });
  // Namespace and version URIs name formats, not places on the site.
  const formats = new Set([
    "http://www.w3.org/2005/Atom",
    "http://purl.org/dc/elements/1.1/",
    "http://purl.org/rss/1.0/modules/content/",
    "https://jsonfeed.org/version/1.1",
  ]);
  let seen = 0;
  for (const read of reads) {
    for (const [found] of read.text.matchAll(/https?:\/\/[^\s"'<>\]\\,]+/g)) {
      if (formats.has(found)) continue;
      assert.ok(found.startsWith(`${base}/`), `${read.ref.url}: ${found}`);
      assert.ok(await existsInSite(site.output, found.replace(/#.*$/, ""), base), `${read.ref.url}: ${found} exists`);
      seen++;
    }
    assert.not.match(read.text, /(?:src|srcset|href)=(?:\\"|")\//, `${read.ref.url}: no root-relative URL left`);
    for (const link of read.links) assert.ok(await existsInSite(site.output, link, base), `${read.ref.url}: ${link}`);
  }
  assert.ok(seen > 50, "the feeds were full of URLs");
  const json = JSON.parse(find(reads, "/feed.json").text) as JsonFeedDoc;
  assert.is(json.feed_url, `${base}/feed.json`);
  assert.is(json.home_page_url, `${base}/`);
  assert.ok(json.items[0]!.content_html.includes(`href="${base}/world/other-story/">sibling`));
  assert.ok(await existsInSite(site.output, json.items[0]!.image!, base), "the lead photo is published where the feed says");
});

test("the sample site: every feed exists, parses, and links only to its pages", async () => {
  const output = await buildSampleSite();
  const settings = resolveSettings(baseSettings);
  const reads = await readAll(output, baseSettings);
  assert.is(reads.length, 3 * (1 + Object.keys(settings.sections).length));
  for (const read of reads) {
    if (read.ref.scope === "site") assert.ok(read.links.length > 0, `${read.ref.url} has items`);
    assert.ok(read.links.length <= settings.feedSize);
    for (const link of read.links) assert.ok(await existsInSite(output, link, settings.url), `${read.ref.url}: ${link}`);
    // The sample's draft and its embargoed article (dated 2099).
    for (const hidden of ["draft-cricket-board", "embargoed-quarterly-growth"]) assert.not.ok(read.text.includes(hidden), `${read.ref.url}: ${hidden}`);
  }
});

test.run();
