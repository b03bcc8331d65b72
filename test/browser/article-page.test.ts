import fs from "node:fs/promises";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { parse as parseYaml } from "yaml";
import type { Browser } from "playwright-core";
import { launchChromium } from "../support/chromium.ts";
import { buildSampleSite, PROJECT_ROOT, SEED_PATH } from "../support/sample-site.ts";
import { serveStatic, type StaticServer } from "../support/static-server.ts";
import { axeMessage, measureOverflow, overflowMessage, problemsMessage, runAxe, screenshot, visit, WIDTHS, type Visit } from "./harness.ts";

// The seed article of the built sample site, in a real Chromium at a phone width and a desktop
// width: layout, network hygiene, the share bar, copy-link, accessibility and the lead photo.

const CANONICAL = `https://newsroom.example.org${SEED_PATH}`;

/** The networks of site.config.ts `share`, with the accessible name each link must have. */
const SHARE_LINKS = [
  { network: "x", name: "Share on X", host: "x.com" },
  { network: "facebook", name: "Share on Facebook", host: "www.facebook.com" },
  { network: "linkedin", name: "Share on LinkedIn", host: "www.linkedin.com" },
  { network: "whatsapp", name: "Share on WhatsApp", host: "wa.me" },
  { network: "telegram", name: "Share on Telegram", host: "t.me" },
  { network: "reddit", name: "Share on Reddit", host: "www.reddit.com" },
  { network: "bluesky", name: "Share on Bluesky", host: "bsky.app" },
  { network: "email", name: "Share by email", host: "" },
] as const;

interface SeedFrontMatter {
  title: string;
  image: { caption: string; credit: string; alt: string };
}

let browser: Browser;
let server: StaticServer;
let seed: SeedFrontMatter;
const visits = new Map<number, Promise<Visit>>();

/** One page per width, opened on first use and shared by the tests of that width. */
function seedPage(width: number): Promise<Visit> {
  let v = visits.get(width);
  if (!v) {
    v = visit(browser, server.url, SEED_PATH, { width, permissions: ["clipboard-read", "clipboard-write"] });
    visits.set(width, v);
  }
  return v;
}

test.before(async () => {
  const [output, source, launched] = await Promise.all([
    buildSampleSite(),
    fs.readFile(path.join(PROJECT_ROOT, "articles/world/cleverly-urges-china-to-help-end-war-in-ukraine/index.md"), "utf8"),
    launchChromium(),
  ]);
  browser = launched;
  server = await serveStatic(output);
  seed = parseYaml(source.split(/^---$/m)[1] ?? "") as SeedFrontMatter;
  // Open both widths at once; a failure to open is reported by the first test that uses the page.
  for (const width of WIDTHS) seedPage(width).catch(() => {});
});

test.after(async () => {
  for (const v of visits.values()) await (await v).close().catch(() => {});
  await browser?.close();
  await server?.close();
});

/** The values of a share href's query (http links and mailto:), decoded. */
function queryValues(href: string): string[] {
  if (href.startsWith("mailto:")) {
    const query = href.slice(href.indexOf("?") + 1);
    return query.split("&").map((pair) => decodeURIComponent(pair.slice(pair.indexOf("=") + 1)));
  }
  return [...new URL(href).searchParams.values()];
}

for (const width of WIDTHS) {
  test(`[${width}px] no horizontal overflow`, async () => {
    const { page } = await seedPage(width);
    const overflow = await measureOverflow(page);
    assert.ok(overflow.scrollWidth <= overflow.innerWidth, overflowMessage(overflow));
  });

  test(`[${width}px] canonical link is the absolute article URL`, async () => {
    const { page } = await seedPage(width);
    assert.is(await page.locator('link[rel="canonical"]').getAttribute("href"), CANONICAL);
  });

  test(`[${width}px] share bar: 8 named links carrying the canonical URL and, where taken, the headline`, async () => {
    const { page } = await seedPage(width);
    const canonical = await page.locator('link[rel="canonical"]').getAttribute("href");
    const headline = ((await page.getByRole("heading", { level: 1 }).textContent()) ?? "").trim();
    assert.is(headline, seed.title, "the page's h1 is the article title");
    const bar = page.getByRole("region", { name: "Share this article on" });
    assert.is(await bar.count(), 1, 'one region named "Share this article on"');
    assert.is(await bar.getByRole("link").count(), SHARE_LINKS.length, "number of share links");

    for (const expected of SHARE_LINKS) {
      const link = bar.getByRole("link", { name: expected.name, exact: true });
      assert.is(await link.count(), 1, `one link with the accessible name "${expected.name}"`);
      assert.ok(await link.isVisible(), `${expected.name} is visible`);
      const href = (await link.getAttribute("href")) ?? "";
      const decoded = decodeURIComponent(href.replace(/\+/g, " "));
      assert.ok(decoded.includes(CANONICAL), `${expected.name}: href carries ${CANONICAL}\n  href: ${href}`);
      if (expected.network === "email") {
        assert.ok(href.startsWith("mailto:?"), `${expected.name}: mailto link, got ${href}`);
      } else {
        const url = new URL(href);
        assert.is(url.protocol, "https:", `${expected.name}: https link`);
        assert.is(url.host, expected.host, `${expected.name}: host`);
      }
      // Every URL the link shares is exactly the page's <link rel="canonical">.
      const shared = queryValues(href).flatMap((value) => value.match(/https?:\/\/\S+/g) ?? []);
      assert.ok(shared.length > 0, `${expected.name}: shares a URL`);
      for (const url of shared) assert.is(url, canonical, `${expected.name}: shared URL equals the canonical`);
      assert.ok(
        queryValues(href).some((value) => value.includes(headline)),
        `${expected.name}: href carries the headline "${headline}"\n  href: ${href}`,
      );
    }
  });

  test(`[${width}px] copy-link puts the canonical URL on the clipboard and says so`, async () => {
    const { page } = await seedPage(width);
    const bar = page.getByRole("region", { name: "Share this article on" });
    const button = bar.getByRole("button", { name: "Copy link", exact: true });
    assert.is(await button.count(), 1, 'one button named "Copy link"');
    await page.evaluate(() => navigator.clipboard.writeText("(clipboard before the click)"));
    await button.click();
    const status = page.locator("[data-share-status]");
    await page
      .waitForFunction(() => document.querySelector("[data-share-status]")?.textContent === "Link copied", null, {
        timeout: 5_000,
      })
      .catch(() => {});
    assert.is(await status.textContent(), "Link copied", "status text after the click");
    assert.is(await status.getAttribute("role"), "status", "the status is announced (role=status)");
    assert.is(await page.evaluate(() => navigator.clipboard.readText()), CANONICAL, "clipboard content");
  });

  test(`[${width}px] native share button is shown only where navigator.share exists`, async () => {
    const { page } = await seedPage(width);
    const { hasShare, hidden } = await page.evaluate(() => ({
      hasShare: typeof navigator.share === "function",
      hidden: (document.querySelector("[data-share-native-item]") as HTMLElement | null)?.hidden ?? null,
    }));
    assert.is(hidden, !hasShare);
  });

  test(`[${width}px] the lead image is loaded and its caption and credit are shown`, async () => {
    const { page } = await seedPage(width);
    const figure = page.locator(".article figure.figure--lead");
    assert.is(await figure.count(), 1, "one lead figure");
    const img = figure.locator("img");
    const state = await img.evaluate((el: HTMLImageElement) => ({
      complete: el.complete,
      naturalWidth: el.naturalWidth,
      renderedWidth: el.getBoundingClientRect().width,
      alt: el.alt,
      src: el.currentSrc,
    }));
    assert.ok(state.complete && state.naturalWidth > 0, `lead image loaded: ${JSON.stringify(state)}`);
    assert.ok(state.renderedWidth > 0 && state.renderedWidth <= width, `lead image fits: ${JSON.stringify(state)}`);
    assert.is(state.alt, seed.image.alt);
    const caption = figure.locator("figcaption");
    assert.ok(await caption.isVisible(), "figcaption visible");
    const captionText = ((await caption.textContent()) ?? "").replace(/\s+/g, " ").trim();
    assert.ok(captionText.includes(seed.image.caption), `caption shown; figcaption: "${captionText}"`);
    assert.ok(captionText.includes(seed.image.credit), `credit shown; figcaption: "${captionText}"`);
    assert.ok(await figure.locator(".figure__credit").isVisible(), "credit visible");
  });

  test(`[${width}px] axe-core finds no violations`, async () => {
    const { page } = await seedPage(width);
    const violations = await runAxe(page);
    assert.ok(violations.length === 0, axeMessage(violations));
  });

  test(`[${width}px] the lead photo is the largest paint, an AVIF of a width that suits the screen, and nothing shifts`, async () => {
    const { page } = await seedPage(width);
    const metrics = await page.evaluate(
      () =>
        new Promise<{ lcp: string; shift: number; src: string; rendered: number }>((resolve) => {
          let lcp = "";
          let shift = 0;
          new PerformanceObserver((list) => {
            for (const e of list.getEntries() as (PerformanceEntry & { element?: Element })[]) lcp = e.element?.closest("figure")?.className ?? e.element?.tagName ?? "";
          }).observe({ type: "largest-contentful-paint", buffered: true });
          new PerformanceObserver((list) => {
            for (const e of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) if (!e.hadRecentInput) shift += e.value;
          }).observe({ type: "layout-shift", buffered: true });
          const img = document.querySelector<HTMLImageElement>(".figure--lead img")!;
          setTimeout(() => resolve({ lcp, shift, src: img.currentSrc, rendered: img.getBoundingClientRect().width }), 300);
        }),
    );
    assert.is(metrics.lcp, "figure figure--lead", `largest contentful paint: ${JSON.stringify(metrics)}`);
    assert.is(metrics.shift, 0, "cumulative layout shift");
    assert.match(metrics.src, /\.avif$/);
    // The chosen width is the smallest that covers the rendered width (device pixel ratio 1).
    const chosen = Number(/-(\d+)\.avif$/.exec(metrics.src)![1]);
    assert.ok(chosen >= metrics.rendered && chosen < metrics.rendered * 2, `${chosen}px for ${metrics.rendered}px`);
  });

  test(`[${width}px] full-page screenshot`, async () => {
    const { page } = await seedPage(width);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, `seed-${width}`);
  });

  test(`[${width}px] no console or page error, no failed, 4xx/5xx or third-party request`, async () => {
    const { page, problems } = await seedPage(width);
    await page.waitForLoadState("networkidle");
    assert.ok(problems.length === 0, problemsMessage(SEED_PATH, problems));
  });
}

test("[dark scheme, 360px] axe-core finds no violations", async () => {
  const dark = await visit(browser, server.url, SEED_PATH, { width: 360, colorScheme: "dark" });
  try {
    const violations = await runAxe(dark.page);
    await screenshot(dark.page, "seed-360-dark");
    assert.ok(violations.length === 0, axeMessage(violations));
    assert.ok(dark.problems.length === 0, problemsMessage(SEED_PATH, dark.problems));
  } finally {
    await dark.close();
  }
});

test.run();
