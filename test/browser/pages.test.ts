import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Browser } from "playwright-core";
import { launchChromium } from "../support/chromium.ts";
import { buildSampleSite } from "../support/sample-site.ts";
import { serveStatic, type StaticServer } from "../support/static-server.ts";
import { axeMessage, limiter, measureOverflow, overflowMessage, problemsMessage, runAxe, screenshot, visit, WIDTHS } from "./harness.ts";

// The listing pages of the built sample site (home, a section, a tag, an author) at a phone width
// and a desktop width: no horizontal overflow, no console/page/network error, no third-party
// request, no axe-core violation; plus full-page screenshots in test-output/. Each page is also
// checked with axe-core in the dark colour scheme, which site.css supports.
//
// For speed the pages are checked a few at a time as soon as the browser is up; each test then
// reports the result for its page.

const PAGES = [
  { name: "home", path: "/" },
  { name: "section-world", path: "/world/" },
  { name: "tag-uk-china-relations", path: "/tags/uk-china-relations/" },
  { name: "author-asha-menon", path: "/authors/asha-menon/" },
  { name: "corrections", path: "/corrections/" },
  // A sample article with a correction: the corrections block.
  { name: "article-corrected", path: "/sport/harbour-city-hawks-clinch-t20-title/" },
] as const;

interface Check {
  title: string;
  /** Resolves to the failures found, one message each (empty when the page is fine). */
  run(): Promise<string[]>;
}

const checks: Check[] = [];

for (const { name, path } of PAGES) {
  for (const width of WIDTHS) {
    checks.push({
      title: `${path} at ${width}px: one h1, no overflow, no errors, no axe violations`,
      async run() {
        const v = await visit(browser, server.url, path, { width });
        try {
          const h1s = await v.page.getByRole("heading", { level: 1 }).count();
          await screenshot(v.page, `${name}-${width}`);
          const overflow = await measureOverflow(v.page);
          const violations = await runAxe(v.page);
          await v.page.waitForLoadState("networkidle");
          return [
            h1s === 1 ? "" : `${h1s} h1 headings, expected one`,
            overflow.scrollWidth > overflow.innerWidth ? overflowMessage(overflow) : "",
            violations.length ? axeMessage(violations) : "",
            v.problems.length ? problemsMessage(path, v.problems) : "",
          ].filter(Boolean);
        } finally {
          await v.close();
        }
      },
    });
  }
}

for (const { name, path } of PAGES) {
  checks.push({
    title: `${path} in the dark colour scheme at 360px: no axe violations`,
    async run() {
      const v = await visit(browser, server.url, path, { width: 360, colorScheme: "dark" });
      try {
        if (name === "home") await screenshot(v.page, `${name}-360-dark`);
        const violations = await runAxe(v.page);
        return violations.length ? [axeMessage(violations)] : [];
      } finally {
        await v.close();
      }
    },
  });
}

let browser: Browser;
let server: StaticServer;
const results = new Map<Check, Promise<string[]>>();

// At most 4 checks at once.
const limited = limiter(4);

test.before(async () => {
  const [output, launched] = await Promise.all([buildSampleSite(), launchChromium()]);
  browser = launched;
  server = await serveStatic(output);
  for (const check of checks) {
    const result = limited(() => check.run());
    result.catch(() => {}); // reported by the check's own test
    results.set(check, result);
  }
});

test.after(async () => {
  await Promise.allSettled(results.values());
  await browser?.close();
  await server?.close();
});

for (const check of checks) {
  test(check.title, async () => {
    const failures = await results.get(check)!;
    assert.ok(failures.length === 0, `${check.title}\n${failures.join("\n")}`);
  });
}

test.run();
