import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Browser } from "playwright-core";
import { launchChromium } from "../support/chromium.ts";
import { buildSampleSite } from "../support/sample-site.ts";
import { serveStatic, type StaticServer } from "../support/static-server.ts";
import {
  axeMessage,
  measureOverflow,
  overflowMessage,
  problemsMessage,
  runAxe,
  screenshot,
  visit,
  WIDTHS,
} from "./harness.ts";

// The listing pages of the built sample site (home, a section, a tag, an author) at a phone width
// and a desktop width: no horizontal overflow, no console/page/network error, no third-party
// request, no axe-core violation; plus full-page screenshots in test-output/.

const PAGES = [
  { name: "home", path: "/" },
  { name: "section-world", path: "/world/" },
  { name: "tag-uk-china-relations", path: "/tags/uk-china-relations/" },
  { name: "author-asha-menon", path: "/authors/asha-menon/" },
] as const;

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

for (const { name, path } of PAGES) {
  for (const width of WIDTHS) {
    test(`${path} at ${width}px: no overflow, no errors, no axe violations`, async () => {
      const v = await visit(browser, server.url, path, { width });
      try {
        const h1 = v.page.getByRole("heading", { level: 1 });
        assert.is(await h1.count(), 1, `${path}: one h1`);
        await screenshot(v.page, `${name}-${width}`);
        const overflow = await measureOverflow(v.page);
        const violations = await runAxe(v.page);
        await v.page.waitForLoadState("networkidle");
        // Report every kind of failure together: one message listing all of them.
        const failures = [
          overflow.scrollWidth > overflow.innerWidth ? overflowMessage(overflow) : "",
          violations.length ? axeMessage(violations) : "",
          v.problems.length ? problemsMessage(path, v.problems) : "",
        ].filter(Boolean);
        assert.ok(failures.length === 0, `${path} at ${width}px:\n${failures.join("\n")}`);
      } finally {
        await v.close();
      }
    });
  }
}

for (const { name, path } of PAGES) {
  test(`${path} in the dark scheme at 360px: no axe violations`, async () => {
    const v = await visit(browser, server.url, path, { width: 360, colorScheme: "dark" });
    try {
      if (name === "home") await screenshot(v.page, `${name}-360-dark`);
      const violations = await runAxe(v.page);
      assert.ok(violations.length === 0, axeMessage(violations));
    } finally {
      await v.close();
    }
  });
}

test.run();
