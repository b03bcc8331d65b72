import fs from "node:fs/promises";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { HtmlValidate } from "html-validate";
import type { Browser, Page } from "playwright-core";
import { toSlug } from "../../src/content/slug.ts";
import { launchChromium } from "../support/chromium.ts";
import { article, createFixture, jpeg, type Fixture } from "../support/fixture-site.ts";
import { serveStatic, type StaticServer } from "../support/static-server.ts";
import { caseArticles, WORST, WORST_AUTHOR_PATH, WORST_TAG_PATH, worstCaseArticles, worstCaseSettings } from "../support/worst-case-site.ts";
import { axeMessage, limiter, problemsMessage, runAxe, screenshot, visit } from "./harness.ts";

// Pages on phones and in every script (issue 8).
//
// 1. A site made of the worst text a writer can type (test/support/worst-case-site.ts: words and
//    addresses with no break in every field, wide tables, long code lines) plus case 17's
//    articles: every page type at 320 and 360 px (and 1280 px) has no sideways scroll, nothing
//    whose edge leaves the viewport, no axe violation; every page is valid HTML.
// 2. Case 16, an Arabic site (language ar-EG, Africa/Cairo), with an English article in it: pages
//    are dir="rtl", headlines and the section navigation start at the right, the English article
//    and its card are lang="en" dir="ltr"; no overflow, no axe violation.
// Screenshots of every page go to test-output/ (phones-*.png, rtl-*.png).

const NOW = "2023-10-01T12:00:00+05:30";
const PHONE_WIDTHS = [320, 360] as const;

const WORST_PAGES = [
  { name: "home", path: "/" },
  { name: "section", path: `/${WORST.sectionKey}/` },
  { name: "section-page-2", path: `/${WORST.sectionKey}/page/2/` },
  { name: "tag", path: WORST_TAG_PATH },
  { name: "author", path: WORST_AUTHOR_PATH },
  { name: "article-lead-photo", path: `/${WORST.sectionKey}/worst-lead/` },
  { name: "article-no-photo", path: `/${WORST.sectionKey}/worst-second/` },
  { name: "case17-tariff", path: `/${WORST.sectionKey}/tariff-schedule-published/` },
  { name: "case17-insurers", path: `/${WORST.sectionKey}/insurers-merger-review/` },
  { name: "404", path: "/404.html" },
] as const;

const ARABIC_ARTICLE = "/world/nile-water-talks-resume/";
const ENGLISH_IN_ARABIC = "/world/english-report/";
const ARABIC_WITH_PHOTO = "/world/cairo-photo-story/";
const RTL_PAGES = [
  { name: "home", path: "/" },
  { name: "section", path: "/world/" },
  { name: "tag", path: `/tags/${toSlug("مياه النيل")}/` },
  { name: "author", path: `/authors/${toSlug("مراسل تجريبي")}/` },
  { name: "article", path: ARABIC_ARTICLE },
  { name: "article-photo", path: ARABIC_WITH_PHOTO },
  { name: "article-english", path: ENGLISH_IN_ARABIC },
  { name: "404", path: "/404.html" },
] as const;

/** The Arabic site: case 16's settings and article, an Arabic story with photos and Latin names, and an English story. */
async function arabicSite(): Promise<Fixture> {
  const photo = await jpeg(800, 500);
  return createFixture(
    {
      ...(await caseArticles("16-rtl-site-language-arabic")),
      "world/cairo-photo-story/index.md": article(
        {
          title: "معرض القاهرة الدولي للكتاب يستقبل 2.5 مليون زائر",
          description: "قالت الهيئة العامة للكتاب إن الدورة الخامسة والخمسين شهدت إقبالاً قياسياً.",
          date: "2023-09-23T09:00:00+03:00",
          section: "world",
          tags: ["مياه النيل", "Cairo Book Fair"],
          authors: ["مراسل تجريبي", "John Smith"],
          image: { src: "photo.jpg", alt: "صورة اختبار زرقاء", caption: "زوار في المعرض يوم الجمعة.", credit: "Reuters/Amr Abdallah Dalsh" },
        },
        'قال المتحدث: "سنواصل العمل" (وفق البيان الرسمي) - 2023.\n\n![صورة اختبار](inline.jpg "القاعة الرئيسية في المعرض. | AFP")\n\n| البند | 2022 | 2023 |\n|---|---|---|\n| الزوار | 2.1 مليون | 2.5 مليون |\n',
      ),
      "world/cairo-photo-story/photo.jpg": photo,
      "world/cairo-photo-story/inline.jpg": photo,
      "world/english-report.md": article(
        {
          title: "Nile talks: what the negotiators agreed?",
          description: "An English report on an Arabic site, marked with its own language.",
          date: "2023-09-21T09:00:00+03:00",
          section: "world",
          language: "en",
          tags: ["مياه النيل"],
          authors: ["John Smith"],
        },
        "The talks resumed in Cairo (after two years).",
      ),
    },
    {
      // What case 16's setup.sh changes in site.config.ts.
      language: "ar-EG",
      timezone: "Africa/Cairo",
      name: "غرفة الأخبار",
      sections: { world: { label: "العالم", description: "أخبار دولية." }, business: { label: "اقتصاد" }, sport: { label: "رياضة" } },
      authors: { "مراسل تجريبي": { role: "مراسل الشؤون الدولية" } },
      footerNote: "موقع تجريبي.",
      images: { widths: [480, 800], formats: ["webp"] },
    },
  );
}

interface Sites {
  worst: { fixture: Fixture; server: StaticServer };
  rtl: { fixture: Fixture; server: StaticServer };
}

let browser: Browser;
let sites: Promise<Sites>;

// The checks run a few at a time as soon as the sites are built and the browser is up; each test
// then reports its check's result (as in pages.test.ts).
interface Check {
  title: string;
  run(): Promise<void>;
}
const checks: Check[] = [];
const results = new Map<Check, Promise<void>>();
function check(title: string, run: () => Promise<void>): void {
  checks.push({ title, run });
}

// At most 3 checks at once.
const limited = limiter(3);

test.before(async () => {
  const launching = launchChromium();
  sites = (async () => {
    // One build at a time: a build sets the process's clock (NEWSROOM_NOW).
    const worst = await createFixture(await worstCaseArticles(await caseArticles("17-long-url-and-wide-table-on-phone")), worstCaseSettings());
    const worstBuild = await worst.build({ now: NOW });
    if (!worstBuild.ok) throw new Error(`worst-case site did not build:\n${worstBuild.message}`);
    const rtl = await arabicSite();
    const rtlBuild = await rtl.build({ now: NOW });
    if (!rtlBuild.ok) throw new Error(`Arabic site did not build:\n${rtlBuild.message}`);
    return {
      worst: { fixture: worst, server: await serveStatic(worst.output) },
      rtl: { fixture: rtl, server: await serveStatic(rtl.output) },
    };
  })();
  sites.catch(() => {});
  browser = await launching;
  await sites.catch(() => {});
  for (const c of checks) {
    const result = limited(() => c.run());
    result.catch(() => {}); // reported by the check's own test
    results.set(c, result);
  }
});

test.after(async () => {
  await Promise.allSettled(results.values());
  await browser?.close();
  const s = await sites.catch(() => undefined);
  await s?.worst.server.close();
  await s?.rtl.server.close();
});

interface Fit {
  scrollWidth: number;
  innerWidth: number;
  /** Elements or text whose edge leaves the viewport (not counting what a scroll box clips). */
  culprits: string[];
}

// A string, not a function: tsx's keepNames helpers do not exist in the page (see harness.ts).
// Both edges are checked, because on a right-to-left page overflow goes out on the left. What is
// inside a box that scrolls or clips (a table's scroll box, visually hidden text) is left to that
// box, which is measured itself.
const MEASURE_FIT = `(() => {
  const innerWidth = window.innerWidth;
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.classList.length ? "." + [...el.classList].join(".") : "");
  const clipped = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== "visible") return true;
    }
    return false;
  };
  const out = (rect) => rect.width > 0 && (rect.right > innerWidth + 0.5 || rect.left < -0.5);
  const culprits = [];
  for (const el of document.body.querySelectorAll("*")) {
    const rect = el.getBoundingClientRect();
    if (!out(rect) || clipped(el)) continue;
    if ([...el.children].some((c) => out(c.getBoundingClientRect()) && !clipped(c))) continue;
    culprits.push(describe(el.parentElement || el) + " > " + describe(el) + " (" + Math.round(rect.left) + "px to " + Math.round(rect.right) + "px)");
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim() || !node.parentElement || clipped(node)) continue;
    if (getComputedStyle(node.parentElement).overflowX !== "visible") continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const rect = range.getBoundingClientRect();
    if (out(rect)) culprits.push("text in " + describe(node.parentElement) + ' "' + node.textContent.trim().slice(0, 40) + '…" (' + Math.round(rect.left) + "px to " + Math.round(rect.right) + "px)");
  }
  return { scrollWidth: document.documentElement.scrollWidth, innerWidth, culprits: culprits.slice(0, 12) };
})()`;

function measureFit(page: Page): Promise<Fit> {
  return page.evaluate(MEASURE_FIT) as Promise<Fit>;
}

function fitFailures(fit: Fit): string[] {
  const failures: string[] = [];
  if (fit.scrollWidth > fit.innerWidth) failures.push(`the page scrolls sideways: ${fit.scrollWidth}px wide in a ${fit.innerWidth}px viewport`);
  if (fit.culprits.length) failures.push(`outside the viewport:\n    ${fit.culprits.join("\n    ")}`);
  return failures;
}

/** Opens a page, runs `check`, and fails with everything found (page problems included). */
async function onPage(
  site: keyof Sites,
  urlPath: string,
  width: number,
  inspect: (page: Page) => Promise<string[]>,
  options: { colorScheme?: "light" | "dark" } = {},
): Promise<void> {
  const { server } = (await sites)[site];
  const v = await visit(browser, server.url, encodeURI(urlPath), { width, colorScheme: options.colorScheme });
  try {
    const failures = [...(await inspect(v.page)), ...(v.problems.length ? [problemsMessage(urlPath, v.problems)] : [])];
    assert.ok(failures.length === 0, `${urlPath} at ${width}px:\n  ${failures.join("\n  ")}`);
  } finally {
    await v.close();
  }
}

// 1. The worst case on every page type.

for (const { name, path: urlPath } of WORST_PAGES) {
  for (const width of PHONE_WIDTHS) {
    check(`worst case: ${name} (${urlPath}) fits a ${width}px phone${width === 360 ? ", no axe violations" : ""}`, async () => {
      await onPage("worst", urlPath, width, async (page) => {
        await screenshot(page, `phones-${name}-${width}`);
        const failures = fitFailures(await measureFit(page));
        if (width === 360) {
          const violations = await runAxe(page);
          if (violations.length) failures.push(axeMessage(violations));
        }
        return failures;
      });
    });
  }
}

check("worst case: every page type fits 1280px too (screenshots for a look)", async () => {
  for (const { name, path: urlPath } of WORST_PAGES) {
    if (!["home", "article-lead-photo", "case17-tariff", "section"].includes(name)) continue;
    await onPage("worst", urlPath, 1280, async (page) => {
      await screenshot(page, `phones-${name}-1280`);
      return fitFailures(await measureFit(page));
    });
  }
});

check("worst case: the long words really are in the pages (the test can fail)", async () => {
  const { worst } = await sites;
  const home = await fs.readFile(path.join(worst.fixture.output, "index.html"), "utf8");
  assert.ok(home.includes(WORST.word58), "58-letter word on the home page");
  const lead = await fs.readFile(path.join(worst.fixture.output, WORST.sectionKey, "worst-lead/index.html"), "utf8");
  for (const needle of [WORST.word90, WORST.url, WORST.tag, WORST.author, "<figcaption", "<pre", "table-scroll"]) {
    assert.ok(lead.includes(needle), `article page holds ${needle.slice(0, 30)}…`);
  }
});

check("worst case: a wide table scrolls inside its own box, which the keyboard can reach and scroll", async () => {
  await onPage("worst", `/${WORST.sectionKey}/tariff-schedule-published/`, 320, async (page) => {
    const box = page.getByRole("region", { name: "Table" });
    const failures: string[] = [];
    if ((await box.count()) !== 1) return [`${await box.count()} regions named "Table", expected 1`];
    const sizes = await box.evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth, tag: el.firstElementChild?.tagName }));
    if (sizes.tag !== "TABLE") failures.push(`the box holds a ${sizes.tag}, not the table`);
    if (!(sizes.scrollWidth > sizes.clientWidth)) failures.push(`the table is not wider than its box (${sizes.scrollWidth} ≤ ${sizes.clientWidth}): nothing to scroll`);
    // Tab to the box (it is the first focusable thing after the article's links), then arrow right.
    await box.focus();
    const focused = await page.evaluate(() => document.activeElement?.className);
    if (focused !== "table-scroll") failures.push(`focus is on "${focused}", not the table's box`);
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    await page.waitForFunction(() => (document.querySelector(".table-scroll")?.scrollLeft ?? 0) > 0, null, { timeout: 2_000 }).catch(() => {});
    const scrolled = await box.evaluate((el) => el.scrollLeft);
    if (!(scrolled > 0)) failures.push("the arrow key did not scroll the table");
    return failures;
  });
});

check("worst case and Arabic site: every page is valid HTML (html-validate, recommended rules)", async () => {
  const { worst, rtl } = await sites;
  const validator = new HtmlValidate({
    extends: ["html-validate:recommended"],
    rules: { "long-title": "off", "no-redundant-role": "off", "no-trailing-whitespace": "off" },
  });
  const failures: string[] = [];
  let pages = 0;
  for (const output of [worst.fixture.output, rtl.fixture.output]) {
    for (const file of await fs.readdir(output, { recursive: true })) {
      if (!file.endsWith(".html")) continue;
      pages++;
      const report = await validator.validateString(await fs.readFile(path.join(output, file), "utf8"), file);
      for (const result of report.results) for (const m of result.messages) failures.push(`${file}:${m.line}:${m.column} ${m.ruleId}: ${m.message}`);
    }
  }
  assert.ok(pages >= 15, `${pages} pages`);
  assert.equal(failures, []);
});

// 2. Right to left: case 16, an Arabic site.

/** Left and right edges of an element's box and of its text (first line). */
const EDGES = `(selector) => {
  const el = document.querySelector(selector);
  if (!el) return null;
  const box = el.getBoundingClientRect();
  const range = document.createRange();
  range.selectNodeContents(el);
  const lines = [...range.getClientRects()].filter((r) => r.width > 0);
  const first = lines[0] || box;
  return { boxLeft: box.left, boxRight: box.right, textLeft: first.left, textRight: first.right, dir: getComputedStyle(el).direction };
}`;

type Edges = { boxLeft: number; boxRight: number; textLeft: number; textRight: number; dir: string } | null;

async function edges(page: Page, selector: string): Promise<Edges> {
  return page.evaluate(`(${EDGES})(${JSON.stringify(selector)})`) as Promise<Edges>;
}

/** The Arabic headline and standfirst start at the right edge of the article column. */
async function headlineStartsRight(page: Page, width: number): Promise<string[]> {
  const column = await edges(page, "article.article");
  const headline = await edges(page, ".article__headline");
  const standfirst = await edges(page, ".article__standfirst");
  if (!column || !headline || !standfirst) return ["no article column, headline or standfirst"];
  const failures: string[] = [];
  if (headline.dir !== "rtl") failures.push(`headline direction is ${headline.dir}`);
  if (Math.abs(headline.boxRight - column.boxRight) > 1) failures.push(`headline box ends at ${headline.boxRight}px, column at ${column.boxRight}px`);
  // The text's first line starts at the right edge: text-align is start, and start is right.
  if (Math.abs(headline.textRight - column.boxRight) > 2) failures.push(`headline text starts at ${headline.textRight}px, column's right edge is ${column.boxRight}px`);
  if (Math.abs(standfirst.textRight - column.boxRight) > 2) failures.push(`standfirst text starts at ${standfirst.textRight}px, column's right edge is ${column.boxRight}px`);
  if (width === 1280 && headline.textLeft - column.boxLeft < 2) failures.push("the headline fills the line at 1280px: cannot tell where it starts");
  return failures;
}

/** The masthead: site name and first section at the right, the sections running leftwards. */
async function navigationStartsRight(page: Page): Promise<string[]> {
  const items = await page.locator(".sections-nav li").evaluateAll((lis) => lis.map((li) => li.getBoundingClientRect()).map((r) => ({ left: r.left, right: r.right, top: r.top })));
  const list = await edges(page, ".sections-nav ul");
  const name = await edges(page, ".masthead__name");
  if (items.length < 2 || !list || !name) return ["no section navigation"];
  const failures: string[] = [];
  if (Math.abs(items[0]!.right - list.boxRight) > 1) failures.push(`first section ends at ${items[0]!.right}px, the list at ${list.boxRight}px`);
  if (items[1]!.top === items[0]!.top && !(items[1]!.right < items[0]!.left + 1)) failures.push("the second section is not left of the first");
  if (Math.abs(name.boxRight - list.boxRight) > 1) failures.push(`the site name ends at ${name.boxRight}px, the navigation at ${list.boxRight}px`);
  return failures;
}

/** On the home page, the English article's card is lang=en dir=ltr; the Arabic ones inherit. */
async function englishCard(page: Page): Promise<string[]> {
  const card = page.locator("article.card", { has: page.locator(`.card__title a[href="${ENGLISH_IN_ARABIC}"]`) });
  if ((await card.count()) !== 1) return [`${await card.count()} cards link the English article`];
  const attrs = await card.evaluate((el) => ({ lang: el.getAttribute("lang"), dir: el.getAttribute("dir") }));
  const others = await page.locator("article.card:not([lang])").count();
  return [
    attrs.lang === "en" && attrs.dir === "ltr" ? "" : `English card lang="${attrs.lang}" dir="${attrs.dir}"`,
    others > 0 ? "" : "every card has its own lang: the Arabic ones should inherit the page's",
  ].filter(Boolean);
}

/** The English article: lang=en dir=ltr on the article, and its headline starts at the left. */
async function englishArticle(page: Page): Promise<string[]> {
  const failures: string[] = [];
  const attrs = await page.locator("article.article").evaluate((el) => ({ lang: el.getAttribute("lang"), dir: el.getAttribute("dir") }));
  if (attrs.lang !== "en" || attrs.dir !== "ltr") failures.push(`article element lang="${attrs.lang}" dir="${attrs.dir}"`);
  const column = await edges(page, "article.article");
  const headline = await edges(page, ".article__headline");
  if (!column || !headline) return ["no headline"];
  if (Math.abs(headline.textLeft - column.boxLeft) > 2) failures.push(`English headline starts at ${headline.textLeft}px, the column at ${column.boxLeft}px`);
  return failures;
}

// Whether the element holding a name is bidi-isolated from the text around it: a <bdi>, an element
// with its own dir, or CSS unicode-bidi isolate/plaintext, before the paragraph it sits in.
const ISOLATION = `(() => {
  const isolated = (el) => {
    for (let e = el; e && e !== document.documentElement; e = e.parentElement) {
      if (e.tagName === "BDI" || e.hasAttribute("dir")) return true;
      if (["isolate", "plaintext", "isolate-override"].includes(getComputedStyle(e).unicodeBidi)) return true;
      if (e.matches("li, p, figcaption, h1, h2, h3")) return false;
    }
    return false;
  };
  const byText = (selector, text) => [...document.querySelectorAll(selector)].find((e) => e.textContent.trim() === text) || null;
  return {
    author: isolated(byText(".byline__authors span, .byline__authors a, .byline__authors bdi", "John Smith")),
    tag: isolated(byText(".tags a, .tags bdi", "Cairo Book Fair")),
    credit: isolated(document.querySelector(".figure--lead .figure__credit")),
    inlineCredit: isolated(document.querySelector(".article__body .figure__credit")),
  };
})()`;

/** Latin names in the Arabic story are isolated, and the byline joins them with the Arabic "and". */
async function namesIsolated(page: Page): Promise<string[]> {
  const found = (await page.evaluate(ISOLATION)) as Record<string, boolean>;
  const byline = ((await page.locator(".byline__authors").textContent()) ?? "").replace(/\s+/g, " ").trim();
  return [
    ...Object.entries(found)
      .filter(([, ok]) => !ok)
      .map(([what]) => `${what} is not isolated from the Arabic text around it`),
    // Joined with the Arabic "and" (و), not an English one that would reorder the names.
    byline === "By مراسل تجريبي وJohn Smith" ? "" : `byline reads "${byline}"`,
  ].filter(Boolean);
}

/** What each Arabic page is checked for besides dir, fit and axe (one visit per page and width). */
const RTL_EXTRA: Record<string, { what: string; inspect(page: Page, width: number): Promise<string[]> }> = {
  home: { what: "navigation starts on the right, the English card is lang=en dir=ltr", inspect: async (page) => [...(await navigationStartsRight(page)), ...(await englishCard(page))] },
  article: { what: "headline starts at the right of the column", inspect: headlineStartsRight },
  "article-photo": { what: "Latin names, tags and credits isolated, Arabic 'and' in the byline", inspect: namesIsolated },
  "article-english": { what: "the English article is lang=en dir=ltr and starts at the left", inspect: englishArticle },
};

for (const { name, path: urlPath } of RTL_PAGES) {
  for (const width of [360, 1280]) {
    const extra = RTL_EXTRA[name];
    check(`Arabic site: ${name} (${urlPath}) at ${width}px is rtl, fits, no axe violations${extra ? `; ${extra.what}` : ""}`, async () => {
      await onPage("rtl", urlPath, width, async (page) => {
        await screenshot(page, `rtl-${name}-${width}`);
        const failures = fitFailures(await measureFit(page));
        const html = await page.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.dir }));
        if (html.lang !== "ar-EG" || html.dir !== "rtl") failures.push(`<html lang="${html.lang}" dir="${html.dir}">, expected lang="ar-EG" dir="rtl"`);
        if (extra) failures.push(...(await extra.inspect(page, width)));
        const violations = await runAxe(page);
        if (violations.length) failures.push(axeMessage(violations));
        return failures;
      });
    });
  }
}

check("Arabic site: dark colour scheme at 360px has no axe violations (home and article)", async () => {
  for (const urlPath of ["/", ARABIC_WITH_PHOTO]) {
    await onPage("rtl", urlPath, 360, async (page) => {
      const violations = await runAxe(page);
      return violations.length ? [axeMessage(violations)] : [];
    }, { colorScheme: "dark" });
  }
});

for (const c of checks) test(c.title, () => results.get(c)!);

test.run();
