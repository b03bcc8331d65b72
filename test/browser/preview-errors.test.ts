import fs from "node:fs/promises";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "../support/chromium.ts";
import { article, createFixture, type Fixture } from "../support/fixture-site.ts";
import { PROJECT_ROOT } from "../support/sample-site.ts";
import { startPreview, type PreviewProcess } from "../support/preview-process.ts";
import { axeMessage, HEIGHT, measureOverflow, overflowMessage, runAxe, screenshot, WIDTHS } from "./harness.ts";

// Case 04 (test/fixtures/cases/04-preview-errors-invisible-in-browser): a save that breaks the
// build shows in the browser, on the page the writer has open and in every other open tab, with
// the file, the field, what is wrong and the fix (the catalogue's text, as the terminal prints
// it once, without a stack), and the page comes back by itself when the next save builds. A new
// article that does not build shows the error at its address, not "Page not found". The text
// quotes the article, so it is escaped. Screenshots: test-output/preview-error-{360,1280}.png.

const CASE = path.join(PROJECT_ROOT, "test/fixtures/cases/04-preview-errors-invisible-in-browser");
let site: Fixture;
let preview: PreviewProcess;
let browser: Browser;

test.before(async () => {
  site = await createFixture({
    "world/live.md": article({ title: "Live headline", tags: ["Trade"] }),
    "world/other.md": article({ title: "Other headline", date: "2023-08-29T10:00:00+05:30" }),
  });
  preview = await startPreview(site.root);
  browser = await launchChromium();
});

test.after(async () => {
  await browser?.close();
  await preview?.stop();
});

const file = (name: string) => path.join(site.root, "articles", name);
const h1 = (page: Page) => page.textContent("h1").then((t) => (t ?? "").trim());
const waitForH1 = (page: Page, expected: string) =>
  page.waitForFunction((want) => document.querySelector("h1")?.textContent?.trim() === want, expected, { timeout: 20_000 });

test("a broken article shows on every open tab, once in the terminal, and the pages come back when fixed", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: HEIGHT } });
  const open = await context.newPage();
  const other = await context.newPage();
  await open.goto(`${preview.url}/world/live/`);
  await other.goto(`${preview.url}/world/other/`);
  assert.is(await h1(open), "Live headline");

  const from = preview.log().length;
  const good = await fs.readFile(file("world/live.md"), "utf8");
  // The case's typo: a title without its closing quote.
  await fs.writeFile(file("world/live.md"), good.replace('title: "Live headline"', 'title: "Live headline EDITED'));
  await waitForH1(open, "1 problem in 1 article");
  await waitForH1(other, "1 problem in 1 article");
  const shown = (await open.textContent("main")) ?? "";
  assert.match(shown, "articles/world/live.md");
  assert.match(shown, /the YAML is not valid: Missing closing "quote \(line 2 of the file\)/);
  assert.match(shown, /Fix: Check the indentation, and put in quotes/);

  // The terminal: the same text, once, and no stack trace.
  await preview.waitForLog(/fix the problem above and save/, from);
  const printed = preview.log().slice(from);
  assert.is(printed.split('Missing closing "quote').length - 1, 1, `printed once:\n${printed}`);
  assert.not.match(printed, /\n\s+at |stack trace/i, `no stack trace:\n${printed}`);

  // A second broken article: the page lists both; the terminal prints only the new problem.
  const second = preview.log().length;
  await fs.writeFile(file("world/other.md"), article({ title: "Other headline", date: "2023-08-29T10:00:00+05:30", tittle: "typo" }));
  await waitForH1(open, "2 problems in 2 articles");
  await preview.waitForLog(/Still to fix \(printed above\): articles\/world\/live\.md/, second);
  const again = preview.log().slice(second);
  // With the line of the misspelt field (article() writes title, description, date, section, then it).
  assert.match(again, /articles\/world\/other\.md\n\s+line 6, tittle: is not a field Newsroom knows\./);
  assert.not.match(again, /Missing closing/, `the first problem is not printed again:\n${again}`);
  assert.match((await other.textContent("main")) ?? "", /Line 6, tittle: is not a field Newsroom knows\.[\s\S]*Fix: Did you mean "title"\?/);

  await fs.writeFile(file("world/other.md"), article({ title: "Other headline", date: "2023-08-29T10:00:00+05:30" }));
  await fs.writeFile(file("world/live.md"), good.replace('title: "Live headline"', 'title: "Live headline fixed"'));
  await waitForH1(open, "Live headline fixed");
  await waitForH1(other, "Other headline");
  await context.close();
});

test("a new article that does not build shows the error at its address, not Page not found", async () => {
  const page = await browser.newPage();
  await page.goto(`${preview.url}/`);
  await fs.mkdir(file("india"), { recursive: true });
  await fs.copyFile(path.join(CASE, "monsoon-day-two.md"), file("india/monsoon-day-two.md"));
  await waitForH1(page, "1 problem in 1 article");
  const response = await page.goto(`${preview.url}/india/monsoon-day-two/`);
  assert.is(response?.status(), 500);
  assert.is(await h1(page), "1 problem in 1 article");
  assert.match((await page.textContent("main")) ?? "", "articles/india/monsoon-day-two.md");
  assert.not.match((await page.textContent("body")) ?? "", /Page not found/);

  // The error page at a phone's width and a desktop's: looked at, nothing sticks out, no axe violation.
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: HEIGHT });
    const overflow = await measureOverflow(page);
    assert.ok(overflow.scrollWidth <= overflow.innerWidth, overflowMessage(overflow));
    const violations = await runAxe(page);
    assert.is(violations.length, 0, axeMessage(violations));
    await screenshot(page, `preview-error-${width}`);
  }

  const text = await fs.readFile(file("india/monsoon-day-two.md"), "utf8");
  await fs.writeFile(file("india/monsoon-day-two.md"), text.replace('title: "Monsoon: day two\n', 'title: "Monsoon: day two"\n'));
  await waitForH1(page, "Monsoon: day two");
  await page.close();
});

test("what the article says is shown as text, never as markup", async () => {
  const page = await browser.newPage();
  await page.goto(`${preview.url}/world/live/`);
  const hostile = '<img src=x onerror="window.__ran=1"><b>bold</b>';
  await fs.writeFile(file("world/live.md"), article({ title: "Live headline fixed", section: hostile }));
  await waitForH1(page, "1 problem in 1 article");
  assert.match((await page.textContent("main")) ?? "", hostile, "the value, as typed");
  assert.is(await page.locator("main img, main b").count(), 0, "no element from the article's text");
  assert.is(await page.evaluate(() => (window as unknown as { __ran?: number }).__ran), undefined);
  await fs.writeFile(file("world/live.md"), article({ title: "Live headline again" }));
  await waitForH1(page, "Live headline again");
  await page.close();
});

test("a broken layout names its file and line", async () => {
  const page = await browser.newPage();
  await page.goto(`${preview.url}/world/live/`);
  const layout = path.join(site.root, "layouts/article.njk");
  const good = await fs.readFile(layout, "utf8");
  await fs.writeFile(layout, `${good}\n{{ "x" | nosuchfilter }}\n`);
  await page.waitForFunction(() => document.querySelector("h1")?.textContent?.includes("layouts/article.njk"), null, { timeout: 20_000 });
  const shown = (await page.textContent("main")) ?? "";
  assert.match(shown, /nosuchfilter/);
  assert.match(shown, /layouts\/article\.njk, line \d+/);
  await fs.writeFile(layout, good);
  await waitForH1(page, "Live headline again");
  await page.close();
});

test.run();
