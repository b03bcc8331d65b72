import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { parse as parseYaml } from "yaml";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "../support/chromium.ts";
import { buildSampleSite, PROJECT_ROOT, SEED_PATH } from "../support/sample-site.ts";
import { serveStatic, type StaticServer } from "../support/static-server.ts";
import { article, createFixture } from "../support/fixture-site.ts";
import { searchIndexText } from "../support/search-index.ts";
import { axeMessage, measureOverflow, overflowMessage, problemsMessage, runAxe, screenshot, visit, WIDTHS } from "./harness.ts";

// The reader search (/search/) of the built sample site in a real Chromium: the seed article is
// found by a word of its text, the draft and the embargoed article by none of theirs, it works
// from the keyboard alone, passes axe with results shown at both widths, and without JavaScript
// the form sends the words to the search engine of the settings, limited to the site. Then the
// same search on a site under a base path.

// Words that only the sample's draft and embargoed article contain (checked below against the
// published ones, so a new sample article using them fails loudly rather than passing quietly).
const DRAFT_WORD = "drainage";
const EMBARGOED_WORD = "provisional";
const DRAFT_FILE = "articles/sport/draft-cricket-board-to-review-domestic-calendar.md";
const EMBARGOED_FILE = "articles/business/embargoed-quarterly-growth-figures-beat-forecasts.md";
const SEED_FILE = "articles/world/cleverly-urges-china-to-help-end-war-in-ukraine/index.md";

let browser: Browser;
let server: StaticServer;
let output: string;
let seedTitle: string;

test.before(async () => {
  const [built, launched, source] = await Promise.all([buildSampleSite(), launchChromium(), fs.readFile(path.join(PROJECT_ROOT, SEED_FILE), "utf8")]);
  output = built;
  browser = launched;
  server = await serveStatic(output);
  seedTitle = (parseYaml(source.split(/^---$/m)[1] ?? "") as { title: string }).title;
});

test.after(async () => {
  await browser?.close();
  await server?.close();
});

/** Types `words` into the search field as a reader would, and waits for the status line to answer. */
async function searchFor(page: Page, words: string): Promise<string> {
  const field = page.getByLabel("Search articles");
  await field.fill("");
  await field.pressSequentially(words);
  const status = page.getByRole("status").filter({ hasText: words });
  await status.waitFor();
  return (await status.textContent()) ?? "";
}

/** The result list: each headline's text and link. */
function results(page: Page): Promise<{ title: string; href: string }[]> {
  return page.locator("[data-search-results] li h2 a").evaluateAll((links) =>
    links.map((a) => ({ title: a.textContent ?? "", href: a.getAttribute("href") ?? "" })),
  );
}

test("the marker words are in the draft and the embargoed article, and in no published one", async () => {
  const files = (await fs.readdir(path.join(PROJECT_ROOT, "articles"), { recursive: true })).filter((f) => /\.md$/.test(f));
  for (const file of files) {
    const text = (await fs.readFile(path.join(PROJECT_ROOT, "articles", file), "utf8")).toLowerCase();
    const own = `articles/${file}`;
    for (const [word, owner] of [[DRAFT_WORD, DRAFT_FILE], [EMBARGOED_WORD, EMBARGOED_FILE]] as const) {
      assert.is(text.includes(word), own === owner, `${own} ${own === owner ? "lacks" : "contains"} "${word}"`);
    }
  }
});

test('typing "Diaoyutai" lists the seed article first, its headline linked; the draft\'s and the embargoed article\'s words find nothing', async () => {
  const v = await visit(browser, server.url, "/search/", { width: 1280 });
  try {
    const said = await searchFor(v.page, "Diaoyutai");
    assert.match(said, /^\d+ articles? found for “Diaoyutai”\.$/);
    const found = await results(v.page);
    assert.ok(found.length >= 1, "no results");
    assert.equal(found[0], { title: seedTitle, href: SEED_PATH });
    // The address keeps the search, and opening it runs it again.
    assert.is(new URL(v.page.url()).searchParams.get("q"), "Diaoyutai");
    for (const word of [DRAFT_WORD, EMBARGOED_WORD]) {
      assert.is(await searchFor(v.page, word), `No articles found for “${word}”.`);
      assert.equal(await results(v.page), []);
    }
    // A section filter narrows the results: the seed is a World article.
    await searchFor(v.page, "Diaoyutai");
    await v.page.getByLabel("Section", { exact: true }).selectOption("Sport");
    await v.page.getByRole("status").filter({ hasText: "No articles found" }).waitFor();
    await v.page.getByLabel("Section", { exact: true }).selectOption("World");
    await v.page.getByRole("status").filter({ hasText: "found for" }).filter({ hasNotText: "No articles" }).waitFor();
    assert.is((await results(v.page))[0]?.href, SEED_PATH);
    assert.equal(v.problems, [], problemsMessage("/search/", v.problems));
  } finally {
    await v.close();
  }
});

test("no file of the index holds the draft's or the embargoed article's words, once decompressed", async () => {
  const files = await searchIndexText(output);
  assert.ok(files.size > 5 && [...files.values()].some((t) => t.includes("diaoyutai")), "the seed's word is in the index (so the check can fail)");
  for (const [file, text] of files) {
    for (const word of [DRAFT_WORD, EMBARGOED_WORD, "draft: cricket board", "embargoed: quarterly"]) {
      assert.not.ok(text.includes(word), `${file} contains "${word}"`);
    }
  }
});

test("keyboard only: Tab to the field, type, Enter, Tab to the first result and open it", async () => {
  const v = await visit(browser, server.url, "/search/", { width: 360 });
  try {
    // From the top of the page, as a keyboard user arrives.
    let focused = "";
    for (let i = 0; i < 30 && focused !== "search-words"; i++) {
      await v.page.keyboard.press("Tab");
      focused = await v.page.evaluate(() => document.activeElement?.id ?? "");
    }
    assert.is(focused, "search-words", "Tab never reached the search field");
    await v.page.keyboard.type("Diaoyutai");
    await v.page.keyboard.press("Enter");
    await v.page.getByRole("status").filter({ hasText: "found for “Diaoyutai”" }).waitFor();
    let href = "";
    for (let i = 0; i < 10 && href !== SEED_PATH; i++) {
      await v.page.keyboard.press("Tab");
      href = await v.page.evaluate(() => document.activeElement?.getAttribute("href") ?? "");
    }
    assert.is(href, SEED_PATH, "Tab never reached the first result");
    await Promise.all([v.page.waitForURL(`**${SEED_PATH}`), v.page.keyboard.press("Enter")]);
  } finally {
    await v.close();
  }
});

for (const width of WIDTHS) {
  test(`/search/ at ${width}px with results shown: no axe violations, no overflow, no errors`, async () => {
    const v = await visit(browser, server.url, "/search/?q=Ukraine", { width });
    try {
      await v.page.getByRole("status").filter({ hasText: "found for “Ukraine”" }).waitFor();
      assert.ok((await results(v.page)).length > 1, "results shown");
      await screenshot(v.page, `search-${width}`);
      const violations = await runAxe(v.page);
      assert.equal(violations, [], axeMessage(violations));
      const overflow = await measureOverflow(v.page);
      assert.ok(overflow.scrollWidth <= overflow.innerWidth, overflowMessage(overflow));
      assert.is(await v.page.getByRole("heading", { level: 1 }).count(), 1);
      assert.equal(v.problems, [], problemsMessage("/search/", v.problems));
    } finally {
      await v.close();
    }
  });
}

test("every page's masthead links to /search/", async () => {
  const v = await visit(browser, server.url, SEED_PATH, { width: 360 });
  try {
    const link = v.page.getByRole("banner").getByRole("link", { name: "Search" });
    assert.is(await link.getAttribute("href"), "/search/");
  } finally {
    await v.close();
  }
});

test("without JavaScript the form searches DuckDuckGo, limited to the site", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 800 } });
  try {
    const page = await context.newPage();
    let sent: URL | undefined;
    // Answered here: the machine has no network, and the test only needs the address asked for.
    await context.route("https://duckduckgo.com/**", (route) => {
      sent = new URL(route.request().url());
      return route.fulfill({ status: 200, contentType: "text/html", body: "<title>engine</title>" });
    });
    await page.goto(`${server.url}/search/`);
    assert.ok(await page.getByText("Searching opens DuckDuckGo, with results from this site only.").isVisible());
    assert.not.ok(await page.getByLabel("Section", { exact: true }).isVisible(), "the filters need the script");
    await page.getByLabel("Search articles").fill("Diaoyutai");
    await Promise.all([page.waitForURL("https://duckduckgo.com/**"), page.getByLabel("Search articles").press("Enter")]);
    assert.is(sent?.searchParams.get("q"), "Diaoyutai");
    assert.is(sent?.searchParams.get("sites"), "newsroom.example.org");
    assert.equal([...(sent?.searchParams.keys() ?? [])].sort(), ["q", "sites"]);
  } finally {
    await context.close();
  }
});

test("under a base path (https://example.org/news/): the index loads from /news/pagefind/ and results link under /news/", async () => {
  const f = await createFixture(
    {
      "world/harbour-talks.md": article({ title: "Harbour talks resume", date: "2023-08-30T10:00:00+05:30" }, "Negotiators met at the Quillfeather harbour office."),
      "world/other.md": article({ title: "Other story", date: "2023-08-31T10:00:00+05:30" }, "Nothing to see."),
    },
    { url: "https://example.org/news/" },
  );
  const result = await f.build();
  if (!result.ok) throw new Error(result.message);
  // Served as a host would serve it: the site under /news/.
  const host = await fs.mkdtemp(path.join(os.tmpdir(), "newsroom-base-"));
  await fs.symlink(f.output, path.join(host, "news"), "dir");
  const based = await serveStatic(host);
  const v = await visit(browser, based.url, "/news/search/", { width: 1280 });
  try {
    await searchFor(v.page, "Quillfeather");
    assert.equal(await results(v.page), [{ title: "Harbour talks resume", href: "/news/world/harbour-talks/" }]);
    assert.equal(v.problems, [], problemsMessage("/news/search/", v.problems));
  } finally {
    await v.close();
    await based.close();
  }
});

test("an index in parts (one per month of the newest year, earlier years whole): relevance finds every part, newest and oldest order runs across them, Show more included", async () => {
  // 15 articles with the word Tidewater: 2021 (1), 2022 (11, one a month), 2023-01 (1), 2023-02 (2).
  const dates = [
    "2021-06-10T10:00:00Z",
    ...Array.from({ length: 11 }, (_, i) => `2022-${String(i + 1).padStart(2, "0")}-15T10:00:00Z`),
    "2023-01-20T10:00:00Z",
    "2023-02-11T10:00:00Z",
    "2023-02-12T10:00:00Z",
  ];
  const files = Object.fromEntries(
    dates.map((date, i) => [`world/tide-${i}.md`, article({ title: `Tidewater report ${i}`, date }, `The Tidewater count, number ${i}.`)]),
  );
  const f = await createFixture(files, { url: "https://example.org/news/" });
  const result = await f.build();
  if (!result.ok) throw new Error(result.message);
  const list = JSON.parse(await fs.readFile(path.join(f.output, "pagefind/newsroom-parts.json"), "utf8")) as { parts: { path: string }[] };
  assert.equal(list.parts.map((p) => p.path), ["pagefind/", "pagefind/parts/2023-01/", "pagefind/parts/2022/", "pagefind/parts/2021/"]);
  const host = await fs.mkdtemp(path.join(os.tmpdir(), "newsroom-parts-"));
  await fs.symlink(f.output, path.join(host, "news"), "dir");
  const based = await serveStatic(host);
  const v = await visit(browser, based.url, "/news/search/", { width: 1280 });
  const titles = async () => (await results(v.page)).map((r) => Number(r.title.replace("Tidewater report ", "")));
  const order = async (value: string) => {
    const status = v.page.getByRole("status");
    await status.evaluate((el) => (el.textContent = ""));
    await v.page.locator("[data-search-order]").selectOption(value);
    await status.filter({ hasText: "Tidewater" }).waitFor();
  };
  try {
    assert.match(await searchFor(v.page, "Tidewater"), /^15 articles found/);
    assert.equal((await titles()).length, 10);
    await order("newest");
    assert.equal(await titles(), [14, 13, 12, 11, 10, 9, 8, 7, 6, 5]);
    await v.page.getByRole("button", { name: "Show more" }).click();
    await v.page.getByRole("status").filter({ hasText: "Showing 15 of 15" }).waitFor();
    assert.equal(await titles(), [14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    await order("oldest");
    assert.equal(await titles(), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.ok((await results(v.page)).every((r) => r.href.startsWith("/news/world/tide-")));
    assert.equal(v.problems, [], problemsMessage("/news/search/", v.problems));
  } finally {
    await v.close();
    await based.close();
  }
});

test.run();
