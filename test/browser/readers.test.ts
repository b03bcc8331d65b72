import fs from "node:fs/promises";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "../support/chromium.ts";
import { buildSampleSite, SEED_PATH } from "../support/sample-site.ts";
import { serveStatic, type StaticServer } from "../support/static-server.ts";
import { SCREENSHOT_DIR, visit } from "./harness.ts";

// Readers on the keyboard, in high contrast and on paper (issue 14), on the seed article of the
// built sample site in a real Chromium: the copy-link fallback keeps focus and the address to copy
// by hand; the current section is marked by more than colour in light, dark and forced colours;
// the printed article (page.pdf) holds the article and its address, without the site around it.

const CANONICAL = `https://newsroom.example.org${SEED_PATH}`;
const HEADLINE = "UK foreign secretary James Cleverly urges China to help end Russia’s war in Ukraine";
/** Pages the seed article printed on A4 before the print stylesheet (measured: 3, light and dark). */
const PAGES_BEFORE = 3;

let browser: Browser;
let server: StaticServer;

test.before(async () => {
  const [output, launched] = await Promise.all([buildSampleSite(), launchChromium()]);
  browser = launched;
  server = await serveStatic(output);
});

test.after(async () => {
  await browser?.close();
  await server?.close();
});

// ---------------------------------------------------------------- copy link

/** Run in the page before its scripts: how the browser copies (or refuses to). */
type Clipboard = "missing" | "rejects";

async function copyPage(clipboard: Clipboard, execCommandCopies: boolean): Promise<{ page: Page; close(): Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 360, height: 800 }, reducedMotion: "reduce" });
  context.setDefaultTimeout(10_000);
  // A string, not a function: tsx's keepNames would add __name() calls the page does not have.
  await context.addInitScript(`(() => {
    const mode = ${JSON.stringify(clipboard)};
    if (mode === "missing") {
      // A plain-HTTP site or an old browser: no navigator.clipboard at all.
      Object.defineProperty(Navigator.prototype, "clipboard", { get: () => undefined, configurable: true });
    } else {
      // A cross-origin iframe or a refused permission: writeText rejects.
      const refusing = { writeText: () => Promise.reject(new DOMException("Write permission denied.", "NotAllowedError")) };
      Object.defineProperty(Navigator.prototype, "clipboard", { get: () => refusing, configurable: true });
    }
    // The selection fallback: record what is selected when "copy" runs, and succeed or not.
    const copied = [];
    window.copied = copied;
    document.execCommand = (command) => {
      if (command !== "copy") return false;
      const field = document.activeElement;
      copied.push(field && typeof field.value === "string" ? field.value.slice(field.selectionStart, field.selectionEnd) : "");
      return ${execCommandCopies};
    };
  })()`);
  const page = await context.newPage();
  await page.clock.install();
  await page.goto(server.url + SEED_PATH, { waitUntil: "load" });
  return { page, close: () => context.close() };
}

const focusIsOnCopy = (page: Page) => page.evaluate(() => document.activeElement?.matches("[data-share-copy]") ?? false);
const statusText = async (page: Page) => ((await page.locator("[data-share-status]").textContent()) ?? "").trim();

for (const clipboard of ["missing", "rejects"] as const) {
  test(`copy link, clipboard API ${clipboard}, the selection copies: "Link copied" and focus stays on the button`, async () => {
    const { page, close } = await copyPage(clipboard, true);
    try {
      const button = page.getByRole("button", { name: "Copy link", exact: true });
      await button.focus();
      await page.keyboard.press("Enter");
      await page.waitForFunction(() => document.querySelector("[data-share-status]")?.textContent !== "");
      assert.is(await statusText(page), "Link copied");
      assert.equal(await page.evaluate(() => (window as unknown as { copied: string[] }).copied), [CANONICAL], "the selected text copied is the canonical URL");
      assert.ok(await focusIsOnCopy(page), "focus is back on the Copy link button, not on <body>");
      // The next Tab goes on from the share bar, not to "Skip to main content" at the top.
      await page.keyboard.press("Tab");
      const next = await page.evaluate(() => (document.activeElement?.closest(".skip-link, .masthead") ? "top of the page" : document.activeElement?.tagName));
      assert.is.not(next, "top of the page");
      assert.is.not(next, "BODY");
    } finally {
      await close();
    }
  });

  test(`copy link, clipboard API ${clipboard}, nothing copies: the address to copy stays until the reader moves on`, async () => {
    const { page, close } = await copyPage(clipboard, false);
    try {
      const button = page.getByRole("button", { name: "Copy link", exact: true });
      await button.click();
      await page.waitForFunction(() => document.querySelector("[data-share-status]")?.textContent !== "");
      assert.is(await statusText(page), `Copy this link: ${CANONICAL}`);
      assert.ok(await focusIsOnCopy(page), "focus is back on the Copy link button");
      const closeButton = page.getByRole("button", { name: "Close the message" });
      assert.ok(await closeButton.isVisible(), "a Close button next to the message");

      // A minute later the reader is still copying the address by hand.
      await page.clock.fastForward(60_000);
      assert.is(await statusText(page), `Copy this link: ${CANONICAL}`, "not wiped on a timer");
      // Selecting the address with the mouse (a click on plain text) does not dismiss it.
      await page.locator(".share__url").click();
      assert.is(await statusText(page), `Copy this link: ${CANONICAL}`, "clicking the address keeps it");

      // Escape in the share bar dismisses it; focus is (back) on the button.
      await button.focus();
      await page.keyboard.press("Escape");
      assert.is(await statusText(page), "", "Escape dismisses it");
      assert.not.ok(await closeButton.isVisible(), "and its Close button");
      assert.ok(await focusIsOnCopy(page));

      // The Close button dismisses it and gives focus back to Copy link (it hides itself).
      await page.keyboard.press("Enter");
      await page.waitForFunction(() => document.querySelector("[data-share-status]")?.textContent !== "");
      await closeButton.click();
      assert.is(await statusText(page), "");
      assert.ok(await focusIsOnCopy(page), "focus back on Copy link after Close");

      // Moving on: Tab past the share bar dismisses it; Tab within it (to Close) does not.
      await page.keyboard.press("Enter");
      await page.waitForFunction(() => document.querySelector("[data-share-status]")?.textContent !== "");
      await page.keyboard.press("Tab");
      assert.ok(await page.evaluate(() => document.activeElement?.matches("[data-share-close]")), "Tab goes to Close");
      assert.is(await statusText(page), `Copy this link: ${CANONICAL}`, "still there with focus on Close");
      await page.keyboard.press("Tab");
      assert.not.ok(await page.evaluate(() => Boolean(document.activeElement?.closest("[data-share]"))), "focus left the share bar");
      assert.is(await statusText(page), "", "moving on dismisses it");
    } finally {
      await close();
    }
  });
}

test("copy link pressed twice: the second message gets its own full time", async () => {
  const { page, close } = await copyPage("missing", true);
  try {
    const button = page.getByRole("button", { name: "Copy link", exact: true });
    await button.click();
    await page.waitForFunction(() => document.querySelector("[data-share-status]")?.textContent === "Link copied");
    await page.clock.fastForward(3_000);
    await button.click();
    // 4.5 s after the first press, 1.5 s after the second: the first press's timer must not clear it.
    await page.clock.fastForward(1_500);
    assert.is(await statusText(page), "Link copied", "the second message is still shown");
    // And "Link copied" does go by itself, a few seconds after the last press.
    await page.clock.fastForward(5_000);
    assert.is(await statusText(page), "");
    assert.ok(await focusIsOnCopy(page));
  } finally {
    await close();
  }
});

test.run();
