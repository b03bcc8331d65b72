import fs from "node:fs/promises";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { article, createFixture, jpeg, type Fixture } from "../support/fixture-site.ts";
import { readPage } from "../support/html.ts";
import { buildSampleSite, SEED_PATH } from "../support/sample-site.ts";
import { existsInSite } from "../support/site-files.ts";
import { parseFeed } from "@rowanmanning/feed-parser";
import sampleSettings from "../../site.config.ts";
import { resolveSettings } from "../../src/settings.ts";

/**
 * What machines read in every page's head: canonical URL, Open Graph, X card, robots, feed links,
 * icons and manifest, and the JSON-LD (NewsArticle and BreadcrumbList on articles, WebSite and
 * Organization on the home page), checked field by field, also with a hostile headline.
 */

const SITE = "https://newsroom.example.org";
const HOSTILE = 'Breaking: </script><script>alert("x")</script> <!-- & \u2028 line \u2029 para';

const meta = (doc: Document, property: string) =>
  [...doc.querySelectorAll(`meta[property="${property}"], meta[name="${property}"]`)].map((m) => m.getAttribute("content"));

function jsonLd(doc: Document): Record<string, unknown>[] {
  const scripts = [...doc.querySelectorAll('script[type="application/ld+json"]')];
  return scripts.flatMap((s) => {
    const data = JSON.parse(s.textContent ?? "") as Record<string, unknown> | Record<string, unknown>[];
    return Array.isArray(data) ? data : [data];
  });
}

let fixture: Promise<Fixture> | undefined;
function site(): Promise<Fixture> {
  fixture ??= (async () => {
    const f = await createFixture(
      {
        "world/hostile/index.md": article(
          { title: HOSTILE, description: 'A "standfirst" with </script> too.', authors: ["Asha Menon", "A Freelancer"], tags: ["Diplomacy", "Beijing"], image: { src: "p.jpg", alt: "Alt </script> text" } },
          "Body.",
        ),
        "world/hostile/p.jpg": await jpeg(1600, 900),
        "world/long.md": article({ title: `${"A very long headline that keeps going ".repeat(4)}end`, date: "2023-08-29T10:00:00+05:30" }),
      },
      // A site with a Bluesky account and no X account.
      { social: { bluesky: "https://bsky.app/profile/newsroom.example.org" } },
    );
    const result = await f.build();
    if (!result.ok) throw new Error(result.message);
    return f;
  })();
  return fixture;
}

test("the seed article's head: canonical, Open Graph with a 1200×630 image, article times, X card, robots, feeds, icons", async () => {
  const output = await buildSampleSite();
  const doc = await readPage(output, SEED_PATH);
  const canonical = `${SITE}${SEED_PATH}`;
  assert.is(doc.querySelector('link[rel="canonical"]')!.getAttribute("href"), canonical);
  assert.equal(meta(doc, "og:type"), ["article"]);
  assert.equal(meta(doc, "og:url"), [canonical]);
  assert.equal(meta(doc, "og:site_name"), ["The Newsroom Sample"]);
  assert.equal(meta(doc, "og:title"), [doc.querySelector("h1")!.textContent!.trim()]);
  assert.equal(meta(doc, "og:description"), [doc.querySelector(".article__standfirst")!.textContent!.trim()]);
  assert.equal([...meta(doc, "og:image:width"), ...meta(doc, "og:image:height")], ["1200", "630"]);
  const image = meta(doc, "og:image")[0]!;
  assert.match(image, /^https:\/\/newsroom\.example\.org\/img\/[0-9a-f]{2}\/[0-9a-f]{16}-og\.jpg$/);
  assert.ok(await existsInSite(output, image, SITE), "the og:image file exists");
  assert.equal(meta(doc, "og:image:alt"), [doc.querySelector(".figure--lead img")!.getAttribute("alt")]);
  assert.equal(meta(doc, "article:published_time"), ["2023-08-30T15:30:00+05:30"]);
  const times = [...doc.querySelectorAll(".byline__dates time")].map((t) => t.getAttribute("datetime"));
  assert.equal(meta(doc, "article:modified_time"), [times.at(-1)!], "the Updated time shown in the byline");
  assert.equal(meta(doc, "article:section"), ["World"]);
  assert.ok(meta(doc, "article:tag").length >= 1);
  assert.equal(meta(doc, "article:author"), [`${SITE}/authors/asha-menon/`]);
  assert.equal(meta(doc, "twitter:card"), ["summary_large_image"]);
  // X cards: the account from social.x ("https://x.com/newsroom_sample"), the photo's alt text.
  assert.equal(meta(doc, "twitter:site"), ["@newsroom_sample"]);
  assert.equal(meta(doc, "twitter:image:alt"), meta(doc, "og:image:alt"));
  assert.equal(meta(doc, "robots"), ["max-image-preview:large"]);
  const feeds = [...doc.querySelectorAll('link[rel="alternate"]')].map((l) => [l.getAttribute("type"), l.getAttribute("href")]);
  for (const type of ["application/rss+xml", "application/atom+xml", "application/feed+json"]) {
    assert.ok(feeds.some(([t]) => t === type), `a ${type} feed link`);
  }
  for (const [, href] of feeds) assert.ok(await existsInSite(output, href!, SITE), `${href} exists`);
  assert.ok(feeds.some(([, href]) => href!.startsWith("/world/")), "the section's feeds too");
  for (const selector of ['link[rel="icon"]', 'link[rel="manifest"]', 'link[rel="apple-touch-icon"]']) {
    const href = doc.querySelector(selector)!.getAttribute("href")!;
    assert.ok(await existsInSite(output, href, SITE), `${selector} → ${href}`);
  }
  const manifest = JSON.parse(await fs.readFile(path.join(output, "manifest.webmanifest"), "utf8")) as { name: string; icons: { src: string }[] };
  assert.is(manifest.name, "The Newsroom Sample");
  for (const icon of manifest.icons) await fs.access(path.join(output, icon.src));
});

test("the seed article's NewsArticle JSON-LD has every recommended field", async () => {
  const output = await buildSampleSite();
  const doc = await readPage(output, SEED_PATH);
  const data = jsonLd(doc);
  const news = data.find((d) => d["@type"] === "NewsArticle")!;
  assert.ok(news, "a NewsArticle");
  assert.is(news["@context"], "https://schema.org");
  assert.is(news.headline, doc.querySelector("h1")!.textContent!.trim());
  assert.ok((news.headline as string).length <= 110);
  assert.is(news.description, doc.querySelector(".article__standfirst")!.textContent!.trim());
  const images = news.image as string[];
  assert.is(images.length, 3);
  assert.equal(images.map((u) => /-(16x9|4x3|1x1)\.jpg$/.exec(u)?.[1]), ["16x9", "4x3", "1x1"]);
  for (const url of images) assert.ok(await existsInSite(output, url, SITE), `${url} exists`);
  assert.is(news.datePublished, "2023-08-30T15:30:00+05:30");
  assert.match(news.dateModified as string, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
  assert.equal(news.author, [{ "@type": "Person", name: "Asha Menon", url: `${SITE}/authors/asha-menon/` }]);
  const publisher = news.publisher as Record<string, unknown>;
  assert.is(publisher.name, "The Newsroom Sample");
  assert.is(publisher.url, `${SITE}/`);
  assert.match(publisher["@type"] as string, /Organization$/);
  const logo = publisher.logo as { url: string };
  assert.ok(await existsInSite(output, logo.url, SITE), "the logo exists");
  assert.equal(news.mainEntityOfPage, { "@type": "WebPage", "@id": `${SITE}${SEED_PATH}` });
  assert.is(news.articleSection, "World");
  assert.ok(Array.isArray(news.keywords) && (news.keywords as string[]).length > 0);
  const crumbs = data.find((d) => d["@type"] === "BreadcrumbList")!;
  const items = crumbs.itemListElement as { position: number; item: string }[];
  assert.equal(items.map((i) => [i.position, i.item]), [[1, `${SITE}/`], [2, `${SITE}/world/`], [3, `${SITE}${SEED_PATH}`]]);
});

test("the home page has WebSite and Organization JSON-LD and a website card", async () => {
  const output = await buildSampleSite();
  const doc = await readPage(output, "/");
  const data = jsonLd(doc);
  const website = data.find((d) => d["@type"] === "WebSite")!;
  const org = data.find((d) => typeof d["@type"] === "string" && (d["@type"] as string).endsWith("Organization"))!;
  assert.is(website.url, `${SITE}/`);
  assert.is(website.name, "The Newsroom Sample");
  // The site's own description (settings), not its name again: in the head, the card, the
  // WebSite data and the site feed alike.
  const description = resolveSettings(sampleSettings).description!;
  assert.match(description, /\w+ \w+ \w+/);
  assert.not.ok(description.includes("The Newsroom Sample"), "the sample's description does not repeat the name");
  assert.equal(meta(doc, "description"), [description]);
  assert.equal(meta(doc, "og:description"), [description]);
  assert.is(website.description, description);
  assert.is(parseFeed(await fs.readFile(path.join(output, "feed.xml"), "utf8")).description, description);
  assert.is((JSON.parse(await fs.readFile(path.join(output, "feed.json"), "utf8")) as { description: string }).description, description);
  assert.equal(meta(doc, "twitter:site"), ["@newsroom_sample"]);
  assert.equal(meta(doc, "twitter:image:alt"), [sampleSettings.socialImage!.alt]);
  assert.equal(meta(doc, "twitter:image:alt"), meta(doc, "og:image:alt"));
  assert.is((website.publisher as { "@id": string })["@id"], org["@id"]);
  assert.ok(await existsInSite(output, (org.logo as { url: string }).url, SITE));
  assert.equal(meta(doc, "og:type"), ["website"]);
  assert.ok(await existsInSite(output, meta(doc, "og:image")[0]!, SITE), "the site's card exists");
  assert.is(data.some((d) => d["@type"] === "NewsArticle"), false);
});

test("a hostile headline stays inert: one JSON-LD script, valid JSON, the exact text back; long headlines are cut to 110", async () => {
  const f = await site();
  const doc = await readPage(f.output, "/world/hostile/");
  const html = await fs.readFile(path.join(f.output, "world/hostile/index.html"), "utf8");
  const head = html.slice(0, html.indexOf("</head>"));
  assert.is(doc.querySelectorAll('script[type="application/ld+json"]').length, 1);
  assert.not.match(head, /<script>alert/);
  assert.is((head.match(/<\/script>/g) ?? []).length, doc.querySelectorAll("head script").length, "no script element ended early");
  assert.not.ok(head.includes("\u2028") && /ld\+json[^<]*\u2028/.test(head), "U+2028 escaped inside the JSON");
  const news = jsonLd(doc).find((d) => d["@type"] === "NewsArticle")!;
  assert.is(news.headline, HOSTILE);
  assert.is(news.description, 'A "standfirst" with </script> too.');
  assert.equal(news.author, [
    { "@type": "Person", name: "Asha Menon", url: `${SITE}/authors/asha-menon/` },
    { "@type": "Person", name: "A Freelancer" },
  ]);
  assert.equal(news.keywords, ["Diplomacy", "Beijing"]);
  assert.equal(meta(doc, "og:title"), [HOSTILE]);
  assert.equal(meta(doc, "og:image:alt"), ["Alt </script> text"]);
  assert.equal(meta(doc, "twitter:image:alt"), ["Alt </script> text"]);
  // This fixture's site has no X account: no twitter:site at all.
  assert.equal(meta(doc, "twitter:site"), []);

  const long = jsonLd(await readPage(f.output, "/world/long/")).find((d) => d["@type"] === "NewsArticle")!;
  assert.ok((long.headline as string).length <= 110, `${(long.headline as string).length} characters`);
  assert.match(long.headline as string, /…$/);
  assert.equal(long.image, [`${SITE}/assets/social-card.png`], "no lead photo: the site's card");
});

test("the 404 page has no canonical and is not indexed (the preview's noindex is in rules.test.ts)", async () => {
  const f = await site();
  const notFound = await readPage(f.output, "/404.html");
  assert.is(notFound.querySelector('link[rel="canonical"]'), null);
  assert.equal(meta(notFound, "robots"), ["noindex"]);
});

test.run();
