import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Browser } from "playwright-core";
import { launchChromium } from "../support/chromium.ts";
import { article, createFixture, jpeg, type Fixture } from "../support/fixture-site.ts";
import { PROJECT_ROOT } from "../support/sample-site.ts";

// `npm start` on a fixture site: served on 127.0.0.1 only, drafts shown with a banner, and an open
// page reloads by itself when an article, a photo or the TypeScript in src/ changes. Photos are
// encoded when first requested, not before the page is written.

let site: Fixture;
let server: ChildProcess;
let url = "";
let log = "";
let browser: Browser;

test.before(async () => {
  site = await createFixture({
    "world/live.md": article({ title: "First headline" }),
    "world/unfinished.md": article({ title: "Unfinished", draft: true }),
    "world/photo/index.md": article({ title: "With a photo", image: { src: "p.jpg", alt: "A photo" } }),
    "world/photo/p.jpg": await jpeg(900, 600),
  });
  server = spawn(process.execPath, ["--import", import.meta.resolve("tsx"), path.join(PROJECT_ROOT, "src/dev/serve.ts")], {
    cwd: site.root,
    env: { ...process.env, PORT: "0", NEWSROOM_PREVIEW_OUTPUT: path.join(await fs.mkdtemp(path.join(os.tmpdir(), "newsroom-preview-")), "out") },
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout!.on("data", (d) => (log += d));
  server.stderr!.on("data", (d) => (log += d));
  const deadline = Date.now() + 30_000;
  while (!/Watching/.test(log) || !url) {
    url = /at (http:\/\/127\.0\.0\.1:\d+)\//.exec(log)?.[1] ?? "";
    if (Date.now() > deadline) throw new Error(`preview did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  browser = await launchChromium();
});

test.after(async () => {
  await browser?.close();
  server?.kill();
});

test("the preview listens on 127.0.0.1 and shows drafts with a banner", async () => {
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
  const page = await browser.newPage();
  await page.goto(`${url}/world/unfinished/`);
  assert.match((await page.textContent(".status-banner")) ?? "", /^Draft/);
  await page.close();
});

test("an open page reloads when its article is edited", async () => {
  const page = await browser.newPage();
  await page.goto(`${url}/world/live/`);
  assert.is(await page.textContent("h1"), "First headline");
  await fs.writeFile(path.join(site.root, "articles/world/live.md"), article({ title: "Edited headline" }));
  await page.waitForFunction(() => document.querySelector("h1")?.textContent === "Edited headline", null, { timeout: 15_000 });
  await page.close();
});

test("photos are encoded on first request, and an edited photo shows on reload", async () => {
  const page = await browser.newPage();
  const loaded = () =>
    page.locator(".figure--lead img").evaluate((img: HTMLImageElement) => (img.complete && img.naturalWidth > 0 ? img.currentSrc : ""));
  await page.goto(`${url}/world/photo/`);
  await page.waitForFunction(() => {
    const img = document.querySelector<HTMLImageElement>(".figure--lead img");
    return img?.complete && img.naturalWidth > 0;
  }, null, { timeout: 20_000 });
  const first = await loaded();
  assert.match(first, /\/img\/[0-9a-f]{2}\/[0-9a-f]{16}-\d+\.avif$/);
  const response = await page.request.get(first);
  assert.equal([response.status(), response.headers()["content-type"]], [200, "image/avif"]);

  await fs.writeFile(path.join(site.root, "articles/world/photo/p.jpg"), await jpeg(700, 600));
  await page.waitForFunction(
    (before) => {
      const img = document.querySelector<HTMLImageElement>(".figure--lead img");
      return img && img.currentSrc !== before && img.complete && img.naturalWidth > 0;
    },
    first,
    { timeout: 20_000 },
  );
  assert.is(await page.locator(".figure--lead img").getAttribute("width"), "700", "the new photo's size");
  await page.close();
});

test("a change to src/*.ts restarts the builder and reloads the page", async () => {
  const page = await browser.newPage();
  await page.goto(`${url}/world/live/`);
  await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
  const before = log.length;
  const now = new Date();
  await fs.utimes(path.join(PROJECT_ROOT, "src/filters/dates.ts"), now, now);
  await page.waitForFunction(() => !(window as unknown as { marker?: number }).marker, null, { timeout: 20_000 });
  assert.match(log.slice(before), /src\/filters\/dates\.ts changed, restarting the builder/);
  await page.close();
});

test.run();
