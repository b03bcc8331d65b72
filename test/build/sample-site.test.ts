import fs from "node:fs/promises";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { HtmlValidate } from "html-validate";
import { buildSampleSite, PROJECT_ROOT, SEED_PATH } from "../support/sample-site.ts";
import { listPages, readPage, text } from "../support/html.ts";

// The sample site as `npm run build` makes it: the seed article's page and the pages around it.

const CANONICAL = `https://newsroom.example.org${SEED_PATH}`;
const CAPTION =
  "British foreign secretary James Cleverly attends a meeting with Chinese foreign minister Wang Yi (not pictured) at the Diaoyutai State Guesthouse in Beijing.";
let output = "";

test.before(async () => {
  output = await buildSampleSite();
});

test("the seed page has section label, headline, standfirst and byline", async () => {
  const doc = await readPage(output, SEED_PATH);
  assert.is(text(doc.querySelector(".article__section")), "World");
  const h1 = doc.querySelectorAll("h1");
  assert.is(h1.length, 1);
  assert.is(text(h1[0]), "UK foreign secretary James Cleverly urges China to help end Russia’s war in Ukraine");
  assert.match(text(doc.querySelector(".article__standfirst")), /^On a visit to Beijing/);
  assert.is(doc.querySelector('meta[name="description"]')?.getAttribute("content"), text(doc.querySelector(".article__standfirst")));
  const author = doc.querySelector('.byline a[rel="author"]');
  assert.is(text(author), "Asha Menon");
  assert.is(author?.getAttribute("href"), "/authors/asha-menon/");
  assert.is(doc.querySelector('link[rel="canonical"]')?.getAttribute("href"), CANONICAL);
  assert.is(doc.documentElement.getAttribute("lang"), "en-IN");
});

test("the seed page shows published and updated times with the +05:30 offset", async () => {
  const doc = await readPage(output, SEED_PATH);
  const times = [...doc.querySelectorAll(".byline time")];
  assert.equal(times.map((t) => t.getAttribute("datetime")), ["2023-08-30T15:30:00+05:30", "2023-08-30T19:10:00+05:30"]);
  assert.match(text(times[0]!.parentElement), /^Published 30 August 2023 at 3:30 pm IST$/);
  assert.match(text(times[1]!.parentElement), /^Updated 30 August 2023 at 7:10 pm IST$/);
});

test("the lead figure has the seed's caption, and the credit in its own element", async () => {
  const doc = await readPage(output, SEED_PATH);
  const figure = doc.querySelector(".article > figure");
  assert.ok(figure, "lead <figure> right in the article");
  const img = figure!.querySelector("img")!;
  assert.match(img.getAttribute("alt") ?? "", /^Stand-in graphic, not a photograph/);
  assert.is(img.getAttribute("fetchpriority"), "high");
  assert.ok(Number(img.getAttribute("width")) > 0 && Number(img.getAttribute("height")) > 0);
  const src = img.getAttribute("src")!;
  await fs.access(path.join(output, src));
  const caption = figure!.querySelector("figcaption .figure__caption");
  const credit = figure!.querySelector("figcaption .figure__credit");
  assert.is(text(caption), CAPTION);
  assert.not.ok(text(caption).includes("Reuters"));
  assert.match(text(credit), /^Reuters\b/);
});

test("the body keeps the seed's text", async () => {
  const doc = await readPage(output, SEED_PATH);
  const paragraphs = [...doc.querySelectorAll(".article__body p")].map(text);
  assert.is(paragraphs.length, 6);
  assert.match(paragraphs[0]!, /^UK foreign secretary James Cleverly urged China to help bring Russia’s invasion/);
  // The writer typed “…" (a curly opening quote, a straight closing one): typeset, it is “…”.
  assert.match(paragraphs[5]!, /both sides of the Taiwan Strait\.”$/);
});

test("the seed's quotes and apostrophes come out consistent: every quote curly, each “ closed by a ” (issue 14)", async () => {
  const doc = await readPage(output, SEED_PATH);
  const paragraphs = [...doc.querySelectorAll(".article__body p")].map(text);
  for (const p of paragraphs) {
    assert.not.match(p, /["']/, `a straight quote is left: ${p}`);
    const marks = p.replace(/[^“”]/g, "");
    assert.match(marks, /^(?:“”)*$/, `quotes not paired in: ${p}`);
  }
  assert.ok(paragraphs[1]!.endsWith("anywhere else,” he said."), paragraphs[1]);
  assert.ok(paragraphs[4]!.includes("China’s vice president"), paragraphs[4]);
});

test("the share bar has eight links with the canonical URL, and a copy-link button", async () => {
  const doc = await readPage(output, SEED_PATH);
  const bar = doc.querySelector("section.share")!;
  assert.is(text(bar.querySelector("h2")), "Share this article on");
  const links = [...bar.querySelectorAll("a")];
  assert.equal(
    links.map((a) => text(a)),
    ["Share on X", "Share on Facebook", "Share on LinkedIn", "Share on WhatsApp", "Share on Telegram", "Share on Reddit", "Share on Bluesky", "Share by email"],
  );
  for (const a of links) {
    const href = decodeURIComponent(a.getAttribute("href")!.replace(/\+/g, " "));
    assert.ok(href.includes(CANONICAL), href);
    assert.ok(a.querySelector("svg[aria-hidden='true'] path"), "inline SVG icon");
  }
  const copy = bar.querySelector("button[data-share-copy]");
  assert.is(text(copy), "Copy link");
  assert.is(copy?.getAttribute("data-url"), CANONICAL);
  assert.ok(bar.querySelector("[data-share-native-item][hidden] button"), "native share hidden until script finds navigator.share");
});

test("no page loads a third-party script or resource", async () => {
  const origin = "https://newsroom.example.org";
  for (const page of await listPages(output)) {
    const doc = await readPage(output, page);
    const base = new URL(page, origin);
    for (const el of doc.querySelectorAll("script[src], link[href], img, source, video, audio, iframe, object, embed")) {
      if (el.tagName === "LINK" && el.getAttribute("rel") === "canonical") continue;
      const urls = [el.getAttribute("src"), el.getAttribute("href"), el.getAttribute("data")]
        .concat((el.getAttribute("srcset") ?? "").split(",").map((c) => c.trim().split(/\s+/)[0] ?? ""))
        .filter((u): u is string => !!u);
      for (const url of urls) assert.is(new URL(url, base).origin, origin, `${page}: ${el.tagName} ${url}`);
    }
    // JSON-LD is data, not script: browsers never run it.
    assert.is(doc.querySelectorAll('script:not([src]):not([type="application/ld+json"])').length, 0, `${page}: inline script`);
  }
});

test("home, section, tag and author pages link to the seed", async () => {
  for (const page of ["/", "/world/", "/tags/uk-china-relations/", "/tags/russia-ukraine-war/", "/authors/asha-menon/"]) {
    const doc = await readPage(output, page);
    assert.ok(doc.querySelector(`main a[href="${SEED_PATH}"]`), `${page} links to the seed`);
  }
  const doc = await readPage(output, SEED_PATH);
  assert.equal([...doc.querySelectorAll(".tags a")].map((a) => a.getAttribute("href")), ["/tags/uk-china-relations/", "/tags/russia-ukraine-war/"]);
  assert.ok(doc.querySelectorAll(".related .card").length >= 1, "related articles");
});

test("the sample's draft and embargoed articles are absent from the build", async () => {
  const pages = await listPages(output);
  const all = (await Promise.all(pages.map((p) => fs.readFile(path.join(output, p.endsWith("/") ? `${p}index.html` : p), "utf8")))).join("\n");
  for (const slug of ["draft-cricket-board-to-review-domestic-calendar", "embargoed-quarterly-growth-figures-beat-forecasts"]) {
    assert.not.ok(pages.some((p) => p.includes(slug)), `${slug} has no page`);
    assert.not.ok(all.includes(slug), `${slug} is linked from nowhere`);
  }
  assert.not.ok(/Embargoed:|Draft:/.test(all));
  // Sanity: the sample has both kinds, so the test can fail.
  await fs.access(path.join(PROJECT_ROOT, "articles/sport/draft-cricket-board-to-review-domestic-calendar.md"));
  await fs.access(path.join(PROJECT_ROOT, "articles/business/embargoed-quarterly-growth-figures-beat-forecasts.md"));
});

test("a 404 page exists at the root", async () => {
  const doc = await readPage(output, "/404.html");
  assert.is(text(doc.querySelector("h1")), "Page not found");
});

test("the footer's accounts are named for where they lead: the site's name on the network (issue 14)", async () => {
  for (const urlPath of ["/", SEED_PATH]) {
    const doc = await readPage(output, urlPath);
    const links = [...doc.querySelectorAll(".footer__social a")];
    // What a screen reader's list of links says, and what the eye sees.
    assert.equal(links.map((a) => text(a)), ["The Newsroom Sample on X", "The Newsroom Sample on Bluesky"], urlPath);
    assert.equal(links.map((a) => text(a.querySelector(".visually-hidden"))), ["The Newsroom Sample on", "The Newsroom Sample on"]);
    assert.equal(links.map((a) => a.getAttribute("href")), ["https://x.com/newsroom_sample", "https://bsky.app/profile/newsroom.example.org"]);
    assert.ok(links.every((a) => !a.hasAttribute("aria-label")), "the name comes from the link's text, which translation tools translate");
  }
});

test("every page is valid HTML (html-validate, recommended rules)", async () => {
  const validator = new HtmlValidate({
    extends: ["html-validate:recommended"],
    rules: {
      // Headlines are often longer than 70 characters; the <title> is the headline.
      "long-title": "off",
      // role="list" is deliberate: Safari drops list semantics from lists styled list-style: none.
      "no-redundant-role": "off",
      // Template indentation, invisible to readers and parsers.
      "no-trailing-whitespace": "off",
    },
  });
  const failures: string[] = [];
  const pages = await listPages(output);
  assert.ok(pages.length > 20);
  for (const page of pages) {
    const file = path.join(output, page.endsWith("/") ? `${page}index.html` : page);
    const report = await validator.validateString(await fs.readFile(file, "utf8"), file);
    for (const result of report.results) {
      for (const m of result.messages) failures.push(`${page}:${m.line}:${m.column} ${m.ruleId}: ${m.message}`);
    }
  }
  assert.equal(failures, []);
});

test.run();
