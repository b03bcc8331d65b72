import fs from "node:fs/promises";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { HtmlValidate } from "html-validate";
import { parseHTML } from "linkedom";
import { article, createFixture, jpeg, type Fixture } from "../support/fixture-site.ts";
import { readPage, text } from "../support/html.ts";

/**
 * Corrections, editor's notes and photo rights (issue 11), on one fixture site built once: the
 * article's corrections block and note, the /corrections/ listing (order, links, pagination,
 * drafts left out), the NewsArticle JSON-LD (CorrectionComment, dateModified) and the photos'
 * ImageObjects with Google's licence fields, and the feeds' and sitemap's dates. Then the errors:
 * corrections dated before the article or in the future, wrong shapes, images in a note, and
 * `images.requireCredit`.
 */

const SITE = "https://newsroom.example.org";
const NOW = "2023-09-01T12:00:00+05:30";

const CORRECTED = `---
title: Council approves harbour budget
description: The vote was closer than expected.
date: 2023-08-30T15:30:00+05:30
updated: 2023-08-30T17:00:00+05:30
section: world
image:
  src: lead.jpg
  alt: Councillors vote
  caption: The vote in the chamber.
  credit: "Photo: Asha Menon / Newsroom"
  creator: Asha Menon
  copyright: "© 2023 Newsroom"
  license: https://creativecommons.org/licenses/by/4.0/
  acquireLicensePage: https://newsroom.example.org/licensing/
photos:
  ./chart.jpg:
    creator: Data Desk
    license: https://creativecommons.org/licenses/by-sa/4.0/
note: "This story is *developing*; see [the council's notice](https://example.org/notice) <script>alert(1)</script> [x](javascript:alert(1))."
corrections:
  - date: 2023-08-31T09:00:00+05:30
    text: "An earlier version gave the vote as 12–9. It was **11–10**."
  - date: 2023-08-30T18:00:00+05:30
    text: An earlier version misspelt the mayor's name.
---
The council voted on Wednesday.

![A chart of the budget](chart.jpg "Where the money goes. | Chart: Newsroom")
`;

let fixture: Promise<Fixture> | undefined;
function site(): Promise<Fixture> {
  fixture ??= (async () => {
    const f = await createFixture(
      {
        "world/corrected/index.md": CORRECTED,
        "world/corrected/lead.jpg": await jpeg(1200, 800),
        "world/corrected/chart.jpg": await jpeg(800, 500),
        // Published earlier, corrected last of all: it leads /corrections/.
        "world/older.md": article({
          title: "Older story",
          date: "2023-08-29T10:00:00+05:30",
          corrections: [{ date: "2023-08-31T12:00:00+05:30", text: "A caption named the wrong bridge." }],
        }),
        "world/plain.md": article({ title: "Never corrected", date: "2023-08-28T10:00:00+05:30" }),
        "world/draft.md": article({ title: "A draft", draft: "true", corrections: [{ date: "2023-08-31T13:00:00+05:30", text: "Draft correction." }] }),
      },
      { perPage: 2 },
    );
    const result = await f.build({ now: NOW });
    assert.ok(result.ok, result.ok ? "" : result.message);
    return f;
  })();
  return fixture;
}

const exists = (file: string) => fs.access(file).then(() => true, () => false);

function jsonLd(doc: Document): Record<string, unknown>[] {
  return [...doc.querySelectorAll('script[type="application/ld+json"]')].flatMap((s) => {
    const data = JSON.parse(s.textContent ?? "") as Record<string, unknown> | Record<string, unknown>[];
    return Array.isArray(data) ? data : [data];
  });
}

test("the article shows its corrections, oldest first, each with its date, in a marked block, and the editor's note", async () => {
  const f = await site();
  const doc = await readPage(f.output, "/world/corrected/");
  const block = doc.querySelector("section.corrections")!;
  assert.ok(block, "a corrections block");
  const heading = doc.getElementById(block.getAttribute("aria-labelledby")!);
  assert.is(text(heading), "Corrections");
  const items = [...block.querySelectorAll("li.correction")];
  assert.equal(
    items.map((li) => li.querySelector("time")!.getAttribute("datetime")),
    ["2023-08-30T18:00:00+05:30", "2023-08-31T09:00:00+05:30"],
  );
  assert.equal(items.map((li) => text(li.querySelector("time"))), ["30 August 2023 at 6:00 pm IST", "31 August 2023 at 9:00 am IST"]);
  assert.is(text(items[0]!.querySelector(".correction__text")), "An earlier version misspelt the mayor’s name.");
  assert.is(items[1]!.querySelector(".correction__text strong")?.textContent, "11–10", "inline markdown is rendered");
  assert.is(block.querySelector("a[href='/corrections/']")?.textContent, "All corrections");
  // After the body, before the share bar.
  assert.ok(doc.querySelector(".article__body + section.corrections"), "the block follows the text");

  const note = doc.querySelector(".editors-note")!;
  assert.is(note.getAttribute("role"), "note");
  assert.match(text(note), /^Editor’s note: This story is developing; see the council’s notice/);
  assert.is(note.querySelector("em")?.textContent, "developing");
  assert.is(note.querySelector("a")?.getAttribute("href"), "https://example.org/notice");
  // Untrusted text: raw HTML prints as text and a javascript: link is not a link.
  assert.is(note.querySelectorAll("script").length, 0);
  assert.match(text(note), /<script>alert\(1\)<\/script>/);
  assert.is(note.querySelectorAll("a").length, 1);
  // An article without corrections has no block.
  const plain = await readPage(f.output, "/world/plain/");
  assert.is(plain.querySelector(".corrections, .editors-note"), null);
  // One correction: the heading is singular.
  assert.is(text((await readPage(f.output, "/world/older/")).querySelector(".corrections__heading")), "Correction");
});

test("/corrections/ lists every published correction newest first, linked to its article, paginated; a draft's is left out", async () => {
  const f = await site();
  const entries = async (url: string) =>
    [...(await readPage(f.output, url)).querySelectorAll(".correction-entry")].map((li) => ({
      date: li.querySelector("time")!.getAttribute("datetime"),
      href: li.querySelector(".correction-entry__title a")!.getAttribute("href"),
      title: text(li.querySelector(".correction-entry__title")),
      text: text(li.querySelector(".correction-entry__text")),
    }));
  const front = await entries("/corrections/");
  assert.equal(front, [
    { date: "2023-08-31T12:00:00+05:30", href: "/world/older/", title: "Older story", text: "A caption named the wrong bridge." },
    { date: "2023-08-31T09:00:00+05:30", href: "/world/corrected/", title: "Council approves harbour budget", text: "An earlier version gave the vote as 12–9. It was 11–10." },
  ]);
  // perPage 2: the oldest correction is on archive page 1, linked from the front page.
  const doc = await readPage(f.output, "/corrections/");
  assert.is(doc.querySelector('.pagination a[rel="next"]')?.getAttribute("href"), "/corrections/page/1/");
  assert.is(doc.querySelector('.pagination a[rel="next"]')?.textContent, "Older corrections");
  assert.equal(await entries("/corrections/page/1/"), [
    { date: "2023-08-30T18:00:00+05:30", href: "/world/corrected/", title: "Council approves harbour budget", text: "An earlier version misspelt the mayor’s name." },
  ]);
  const all = JSON.stringify([...front, ...(await entries("/corrections/page/1/"))]);
  assert.not.match(all, /draft/i, "a draft's correction is not listed");
  assert.is(await exists(path.join(f.output, "world/draft/index.html")), false, "no draft page");
  // Every page's footer links to it.
  for (const url of ["/", "/world/plain/", "/world/"]) {
    assert.ok((await readPage(f.output, url)).querySelector('footer a[href="/corrections/"]'), `${url}: footer link`);
  }
  assert.is(text(doc.querySelector("h1")), "Corrections");
  assert.match(doc.querySelector("link[rel=canonical]")!.getAttribute("href")!, /\/corrections\/$/);
});

test("JSON-LD: CorrectionComment items, dateModified at the latest correction, and the photos' licence fields", async () => {
  const f = await site();
  const doc = await readPage(f.output, "/world/corrected/");
  const data = jsonLd(doc);
  const news = data.find((d) => d["@type"] === "NewsArticle")!;
  assert.is(news.datePublished, "2023-08-30T15:30:00+05:30");
  // Later than `updated` (17:00 on the 30th): the latest correction.
  assert.is(news.dateModified, "2023-08-31T09:00:00+05:30");
  const corrections = news.correction as Record<string, unknown>[];
  assert.is(corrections.length, 2);
  assert.equal(corrections[0], { "@type": "CorrectionComment", text: "An earlier version misspelt the mayor’s name.", datePublished: "2023-08-30T18:00:00+05:30" });
  assert.equal(corrections[1], { "@type": "CorrectionComment", text: "An earlier version gave the vote as 12–9. It was 11–10.", datePublished: "2023-08-31T09:00:00+05:30" });
  assert.is(doc.querySelector('meta[property="article:modified_time"]')!.getAttribute("content"), "2023-08-31T09:00:00+05:30");

  const photos = data.filter((d) => d["@type"] === "ImageObject");
  assert.is(photos.length, 2, "the lead photo and the credited inline figure");
  const [lead, inline] = photos as Record<string, unknown>[];
  const leadImg = doc.querySelector(".figure--lead img")!;
  assert.is(lead!["@context"], "https://schema.org");
  assert.is(lead!.contentUrl, `${SITE}${leadImg.getAttribute("src")}`, "the file the page shows");
  assert.is(lead!.creditText, "Photo: Asha Menon / Newsroom");
  assert.equal(lead!.creator, { "@type": "Person", name: "Asha Menon" });
  assert.is(lead!.copyrightNotice, "© 2023 Newsroom");
  assert.is(lead!.license, "https://creativecommons.org/licenses/by/4.0/");
  assert.is(lead!.acquireLicensePage, "https://newsroom.example.org/licensing/");
  const inlineImg = doc.querySelector(".article__body figure img")!;
  assert.is(inline!.contentUrl, `${SITE}${inlineImg.getAttribute("src")}`);
  assert.is(inline!.creditText, "Chart: Newsroom", "the credit from the image's title");
  assert.equal(inline!.creator, { "@type": "Person", name: "Data Desk" }, "the rest from photos:");
  assert.is(inline!.license, "https://creativecommons.org/licenses/by-sa/4.0/");
  assert.equal(Object.keys(inline!).sort(), ["@context", "@type", "contentUrl", "creator", "creditText", "license"], "only the fields given");
  await fs.access(path.join(f.output, leadImg.getAttribute("src")!));
  // An uncorrected article: dateModified is its date (no updated), no correction property.
  const plain = jsonLd(await readPage(f.output, "/world/plain/")).find((d) => d["@type"] === "NewsArticle")!;
  assert.is(plain.dateModified, plain.datePublished);
  assert.is("correction" in plain, false);
});

test("feeds and the sitemap date a corrected article (and the listings showing it) by its latest correction", async () => {
  const f = await site();
  const xml = (s: string) => parseHTML(`<root>${s.replace(/<\?xml[^>]*>/, "")}</root>`).document;
  const atom = xml(await fs.readFile(path.join(f.output, "atom.xml"), "utf8"));
  const entry = [...atom.querySelectorAll("entry")].find((e) => e.querySelector("id")?.textContent === `${SITE}/world/corrected/`)!;
  assert.ok(entry, "an Atom entry");
  assert.is(Date.parse(entry.querySelector("updated")!.textContent!), Date.parse("2023-08-31T09:00:00+05:30"));
  const json = JSON.parse(await fs.readFile(path.join(f.output, "feed.json"), "utf8")) as { items: { id: string; date_modified?: string }[] };
  const item = json.items.find((i) => i.id === `${SITE}/world/corrected/`)!;
  assert.is(Date.parse(item.date_modified!), Date.parse("2023-08-31T09:00:00+05:30"));
  // The newest change on the site is the 12:00 correction to the older story.
  assert.is(Date.parse(atom.querySelector("feed > updated")!.textContent!), Date.parse("2023-08-31T12:00:00+05:30"));

  const sitemap = xml(await fs.readFile(path.join(f.output, "sitemap.xml"), "utf8"));
  const lastmod = (url: string) =>
    [...sitemap.querySelectorAll("url")].find((u) => u.querySelector("loc")?.textContent === `${SITE}${url}`)?.querySelector("lastmod")?.textContent;
  assert.is(Date.parse(lastmod("/world/corrected/")!), Date.parse("2023-08-31T09:00:00+05:30"));
  assert.is(Date.parse(lastmod("/world/older/")!), Date.parse("2023-08-31T12:00:00+05:30"));
  assert.is(Date.parse(lastmod("/corrections/")!), Date.parse("2023-08-31T12:00:00+05:30"));
  assert.is(Date.parse(lastmod("/corrections/page/1/")!), Date.parse("2023-08-31T09:00:00+05:30"));
});

test("the corrected article and the corrections pages are valid HTML (html-validate, the sample site's rules)", async () => {
  const f = await site();
  const validator = new HtmlValidate({
    extends: ["html-validate:recommended"],
    rules: { "long-title": "off", "no-redundant-role": "off", "no-trailing-whitespace": "off" },
  });
  const failures: string[] = [];
  for (const page of ["/world/corrected/", "/world/older/", "/corrections/", "/corrections/page/1/"]) {
    const report = await validator.validateString(await fs.readFile(path.join(f.output, page, "index.html"), "utf8"), page);
    for (const result of report.results) for (const m of result.messages) failures.push(`${page}:${m.line}:${m.column} ${m.ruleId}: ${m.message}`);
  }
  assert.equal(failures, []);
});

test("the preview lists a draft's correction too, marked as a draft (run last on the shared site: it rebuilds it)", async () => {
  const f = await site();
  const result = await f.build({ now: NOW, preview: true });
  assert.ok(result.ok, result.ok ? "" : result.message);
  const entries = [...(await readPage(f.output, "/corrections/")).querySelectorAll(".correction-entry")];
  const draft = entries.find((li) => li.querySelector(".correction-entry__title a")?.getAttribute("href") === "/world/draft/");
  assert.ok(draft, "the draft's correction is listed in the preview");
  assert.is(text(draft!.querySelector(".badge")), "draft");
  assert.is(entries.indexOf(draft!), 0, "newest first: 13:00 on the 31st");
});

const withCorrections = (corrections: unknown, extra: Record<string, unknown> = {}) => article({ corrections, ...extra });

test("a correction before the article, in the future, or of the wrong shape fails the build with file, field and fix", async () => {
  const f = await createFixture({
    "world/early.md": withCorrections([{ date: "2023-08-29T10:00:00+05:30", text: "Too early." }]),
    "world/future.md": withCorrections([
      { date: "2023-08-31T10:00:00+05:30", text: "Fine." },
      { date: "2023-09-03T10:00:00+05:30", text: "Not yet made." },
    ]),
    "world/string.md": withCorrections("We fixed a typo."),
    "world/shape.md": withCorrections([{ date: "2023-08-31" }, "Just text", { date: "2023-08-31", text: "x", by: "Desk" }]),
    "world/baddate.md": withCorrections([{ date: "2023-02-30", text: "x" }]),
    "world/image.md": article({ note: "See ![the chart](chart.jpg)." }),
    "world/rights/index.md": article(
      { image: { src: "p.jpg", alt: "A", license: "CC BY 4.0" }, photos: { "p.jpg": { credit: "AP", creator: "X" }, "gone.jpg": { creator: "Y" } } },
      '![A chart](p.jpg "Caption | AP")',
    ),
    "world/rights/p.jpg": await jpeg(),
    "world/photos.md": article({ photos: ["chart.jpg"] }),
    // Rights for a file that does not exist, and for one beside the article the text does not show.
    "world/unused/index.md": article({ photos: { "gone.jpg": { creator: "Y" }, "spare.jpg": { creator: "Z" }, "p.jpg": { creator: "W" } } }, "![A](p.jpg)"),
    "world/unused/p.jpg": await jpeg(),
    "world/unused/spare.jpg": await jpeg(),
  });
  const result = await f.build({ now: NOW });
  assert.is(result.ok, false);
  const message = result.ok ? "" : result.message;
  const section = (file: string) => {
    const start = message.indexOf(`  articles/world/${file}\n`);
    assert.ok(start >= 0, `${file} is reported:\n${message}`);
    const end = message.indexOf("\n\n", start);
    return message.slice(start, end === -1 ? undefined : end);
  };
  assert.match(section("early.md"), /corrections\[1\]\.date: 2023-08-29T10:00:00\+05:30 is before the article's date \(2023-08-30T15:30:00\+05:30\)/);
  assert.match(section("early.md"), /fix: Give the day and time the correction was made, after `date`/);
  assert.match(section("future.md"), /corrections\[2\]\.date: 2023-09-03T10:00:00\+05:30 is after the build's time \(1 September 2023 at 12:00 pm IST\)/);
  assert.not.match(section("future.md"), /corrections\[1\]/, "the first correction is fine");
  assert.match(section("string.md"), /corrections: should be a list of corrections, each with a date and a text \(not "We fixed a typo\."\)/);
  assert.match(section("string.md"), /fix: Write it like this: corrections: \[\{ date: /);
  assert.match(section("shape.md"), /corrections\[1\]\.text: is required but missing or empty\.\n\s+fix: Add it to the front matter, e\.g\. text: "/);
  assert.match(section("shape.md"), /corrections\[2\]: should be a group with date and text \(not "Just text"\)/);
  assert.match(section("shape.md"), /corrections\[3\]\.by: is not a field Newsroom knows\.\n\s+fix: Remove it, or use one of: date, text\./);
  assert.match(section("baddate.md"), /corrections\[1\]\.date: "2023-02-30" is not a valid date \(February 2023 has 28 days\)/);
  assert.match(section("rights/index.md"), /image\.license: should be a web address \(https:\/\/…\) \(not "CC BY 4\.0"\)\.\n\s+fix: Write it like this: license: https:\/\/creativecommons\.org/);
  assert.match(section("rights/index.md"), /photos\[p\.jpg\]\.credit: is not a field Newsroom knows\.\n\s+fix: An inline photo's credit goes in its title, after " \| "/);
  assert.match(section("photos.md"), /photos: should be a group of photos by file name/);
  assert.match(section("unused/index.md"), /photos\[gone\.jpg\]: "gone\.jpg" is not an image in the article's text\.\n\s+fix: Write the file name exactly as the text does/);
  assert.match(section("unused/index.md"), /photos\[spare\.jpg\]: "spare\.jpg" is not an image in the article's text/);
  assert.not.match(section("unused/index.md"), /photos\[p\.jpg\]/, "the photo the text shows is fine");
  assert.match(section("image.md"), /note: has an image \(!\[the chart\]\(chart\.jpg\)\); an editor's note holds text/);
  assert.is(await exists(f.output), false, "nothing written");
});

test("a build whose clock is before a correction checks it again, though the article cache holds the article", async () => {
  const f = await createFixture({ "world/a.md": withCorrections([{ date: "2023-08-31T09:00:00+05:30", text: "Fixed." }]) });
  const first = await f.build({ now: NOW });
  assert.ok(first.ok, first.ok ? "" : first.message);
  const earlier = await f.build({ now: "2023-08-31T08:00:00+05:30" });
  assert.is(earlier.ok, false, "the cached article is not trusted before its correction's time");
  assert.match(earlier.ok ? "" : earlier.message, /articles\/world\/a\.md\n\s+line \d+, corrections\[1\]\.date: 2023-08-31T09:00:00\+05:30 is after the build's time/);
  const again = await f.build({ now: NOW });
  assert.ok(again.ok, again.ok ? "" : again.message);
});

test("images.requireCredit: a lead or inline photo without a credit fails the build with file, field (or line) and fix", async () => {
  const files = {
    "world/lead/index.md": article({ image: { src: "p.jpg", alt: "A photo" } }),
    "world/lead/p.jpg": await jpeg(),
    "world/inline/index.md": article({}, "Text.\n\n![A chart](c.jpg \"Caption only\")\n\n![Credited](c.jpg \"Caption | Chart: Desk\")\n"),
    "world/inline/c.jpg": await jpeg(),
    "world/fine/index.md": article({ image: { src: "p.jpg", alt: "A photo", credit: "Reuters" } }, '![A chart](p.jpg " | AP")'),
    "world/fine/p.jpg": await jpeg(),
  };
  const strict = await createFixture(files, { images: { requireCredit: true } });
  const result = await strict.build({ now: NOW });
  assert.is(result.ok, false);
  const message = result.ok ? "" : result.message;
  assert.match(message, /articles\/world\/lead\/index\.md\n\s+line \d+, image\.credit: "p\.jpg" has no credit; this site requires one on every photo \(images\.requireCredit in site\.config\.ts\)\.\n\s+fix: Add it under image:, e\.g\. credit: Reuters/);
  // The inline photo's line in the file: front matter on lines 1-6, "Text." on 7, the photo on 9.
  assert.match(message, /articles\/world\/inline\/index\.md\n\s+body: line 9: "c\.jpg" has no credit;[^\n]*\n\s+fix: Put the photo in a paragraph of its own and add the credit after " \| " in its title/);
  assert.is(message.match(/has no credit/g)?.length, 2, "the credited photos pass");
  assert.not.match(message, /world\/fine/);
  // Off (the default), the same articles build.
  const relaxed = await createFixture(files);
  const ok = await relaxed.build({ now: NOW });
  assert.ok(ok.ok, ok.ok ? "" : ok.message);
});

test.run();
