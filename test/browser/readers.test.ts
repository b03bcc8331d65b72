import fs from "node:fs/promises";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Browser, Page } from "playwright-core";
import { extractText, getDocumentProxy } from "unpdf";
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

// ---------------------------------------------------------------- current section marker

/** WCAG 2 relative luminance contrast of two CSS colours as Chromium computes them (rgb()/rgba()). */
function contrast(a: string, b: string): number {
  const lum = (css: string) => {
    const [r, g, b] = (css.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number).map((v) => {
      const c = v / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

interface NavLinkStyle {
  current: boolean;
  fontWeight: number;
  borderBottomWidth: number;
  borderBottomStyle: string;
  borderBottomColor: string;
  color: string;
}

const MODES = [
  { name: "light", media: { colorScheme: "light" as const, forcedColors: "none" as const } },
  { name: "dark", media: { colorScheme: "dark" as const, forcedColors: "none" as const } },
  { name: "forced colours", media: { colorScheme: "light" as const, forcedColors: "active" as const } },
  { name: "forced colours, dark", media: { colorScheme: "dark" as const, forcedColors: "active" as const } },
];

test("the current section is marked by weight and a bar of its own shape, in light, dark and forced colours", async () => {
  const v = await visit(browser, server.url, SEED_PATH, { width: 1280 });
  try {
    for (const mode of MODES) {
      await v.page.emulateMedia(mode.media);
      const { links, background } = await v.page.evaluate(() => {
        const links = [...document.querySelectorAll(".sections-nav a")].map((a) => {
          const s = getComputedStyle(a);
          return {
            current: a.hasAttribute("aria-current"),
            fontWeight: Number(s.fontWeight),
            borderBottomWidth: parseFloat(s.borderBottomWidth),
            borderBottomStyle: s.borderBottomStyle,
            borderBottomColor: s.borderBottomColor,
            color: s.color,
          };
        });
        return { links, background: getComputedStyle(document.querySelector(".masthead")!).backgroundColor };
      });
      const current = links.filter((l: NavLinkStyle) => l.current);
      const others = links.filter((l: NavLinkStyle) => !l.current);
      assert.is(current.length, 1, `${mode.name}: one current section (World)`);
      const [cur] = current as [NavLinkStyle];
      for (const other of others) {
        // Weight: bold against medium, whatever the colours.
        assert.ok(cur.fontWeight >= other.fontWeight + 200, `${mode.name}: weight ${cur.fontWeight} vs ${other.fontWeight}`);
        // Shape: only the current link has a bar; forced colours must not give every link one.
        const otherBar = other.borderBottomStyle === "none" ? 0 : other.borderBottomWidth;
        assert.is(otherBar, 0, `${mode.name}: another section has a ${other.borderBottomWidth}px ${other.borderBottomStyle} bar`);
      }
      // The bar is thicker than the masthead's 3px rule it stands on, so it shows against it.
      assert.ok(cur.borderBottomStyle === "solid" && cur.borderBottomWidth >= 6, `${mode.name}: the current bar is ${cur.borderBottomWidth}px ${cur.borderBottomStyle}`);
      // Its colour against the masthead's background (the part above the rule): 3:1 for a graphic.
      const ratio = contrast(cur.borderBottomColor, background);
      assert.ok(ratio >= 3, `${mode.name}: bar ${cur.borderBottomColor} on ${background} is ${ratio.toFixed(2)}:1`);
      await v.page.screenshot({ path: path.join(SCREENSHOT_DIR, `masthead-${mode.name.replace(/\W+/g, "-")}.png`), clip: { x: 0, y: 0, width: 1280, height: 120 } });
    }
  } finally {
    await v.close();
  }
});

// ---------------------------------------------------------------- print

for (const colorScheme of ["light", "dark"] as const) {
  test(`[${colorScheme} scheme] the printed seed article: fewer A4 pages, the article and its address, no site furniture`, async () => {
    const v = await visit(browser, server.url, SEED_PATH, { width: 1280, colorScheme });
    try {
      const pdf = await v.page.pdf({ format: "A4" });
      await fs.mkdir(SCREENSHOT_DIR, { recursive: true });
      await fs.writeFile(path.join(SCREENSHOT_DIR, `seed-print-${colorScheme}.pdf`), pdf);
      const doc = await getDocumentProxy(new Uint8Array(pdf));
      const { totalPages, text: pages } = await extractText(doc, { mergePages: false });
      const text = pages.join("\n").replace(/\s+/g, " ");
      assert.ok(totalPages < PAGES_BEFORE, `${totalPages} pages (was ${PAGES_BEFORE})`);
      // What a printed article is.
      assert.ok(text.includes(HEADLINE), "the headline");
      assert.ok(text.includes("On a visit to Beijing to mend ties"), "the standfirst");
      assert.ok(text.includes("By Asha Menon"), "the byline");
      assert.ok(text.includes("Published 30 August 2023 at 3:30 pm IST"), "the dates");
      assert.ok(text.includes("Diaoyutai State Guesthouse"), "the photo's caption");
      assert.match(text, /REUTERS/i, "the photo's credit");
      assert.ok(text.includes("on both sides of the Taiwan Strait"), "the last paragraph");
      // Its address and the site's name (the URL may wrap at its hyphens).
      assert.ok(text.replace(/- /g, "-").includes(CANONICAL), `the article's URL\n${text.slice(-400)}`);
      assert.ok(text.includes("The Newsroom Sample"), "the site's name");
      // Not the site around it.
      for (const furniture of [/Share this article/i, /Earlier coverage/i, /Skip to main content/i, /\bIndia\b.*\bBusiness\b.*\bScience\b/, /\bCorrections\b/, /Russia-Ukraine war/, /The Newsroom Sample on X/]) {
        assert.not.match(text, furniture, `printed: ${furniture}`);
      }
      // No page that holds only furniture: every page has body text.
      const firstWords = ["UK foreign secretary", "president Xi", "China is", "James Cleverly met", "Chinese foreign ministry", "Britain aims"];
      for (const [i, page] of pages.entries()) {
        assert.ok(firstWords.some((w) => page.replace(/\s+/g, " ").includes(w)), `page ${i + 1} holds no article text: ${page.slice(0, 200)}`);
      }
      // Black on white, whatever the scheme.
      await v.page.emulateMedia({ media: "print" });
      const colours = await v.page.evaluate(() =>
        [".article__headline", ".article__standfirst", ".article__body p", ".byline__dates", ".figure figcaption", ".article__address"].map((sel) => {
          const el = document.querySelector(sel)!;
          const s = getComputedStyle(el);
          return { sel, color: s.color, display: s.display };
        }),
      );
      for (const c of colours) {
        assert.is(c.color, "rgb(0, 0, 0)", `${c.sel} prints ${c.color}`);
        assert.is.not(c.display, "none", `${c.sel} prints`);
      }
      // Looked at as images: the page as printed, at A4's width (210 mm at 96 dpi).
      await v.page.setViewportSize({ width: 794, height: 1123 });
      await v.page.screenshot({ path: path.join(SCREENSHOT_DIR, `seed-print-${colorScheme}.png`), fullPage: true });
    } finally {
      await v.close();
    }
  });
}

test("on screen the article's printed address is hidden, and the footer names the accounts", async () => {
  const v = await visit(browser, server.url, SEED_PATH, { width: 360 });
  try {
    assert.not.ok(await v.page.locator(".article__address").isVisible(), "the address line is for paper");
    for (const name of ["The Newsroom Sample on X", "The Newsroom Sample on Bluesky"]) {
      assert.is(await v.page.getByRole("link", { name, exact: true }).count(), 1, `a link named "${name}"`);
    }
  } finally {
    await v.close();
  }
});

test.run();
