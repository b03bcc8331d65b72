import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser } from "playwright-core";
import { launchChromium } from "../test/support/chromium.ts";
import { createFixture, jpeg } from "../test/support/fixture-site.ts";
import { BASELINE_CONFIG, BASELINE_INPUT, baselineSite } from "./baseline-site.ts";
import { benchArgs, median, seconds } from "./bench-args.ts";
import { generateArchive, storyFile } from "./generate-archive.ts";

/**
 * `npm run bench:preview [-- 4000] [--repeat 5]`: how long a saved edit takes to reach the open
 * browser (issue 9: < 1 s at 4,000 articles, < 2 s at 20,000). For each archive size
 * (bench/generate-archive.ts) it starts a preview server, opens an article in Chromium, appends a
 * unique word to that article's file and times until the page in the browser shows the word (the
 * server rebuilds and tells the page to reload), `repeat` times. Servers, one at a time:
 *   newsroom                     `npm start` (src/dev/serve.ts) in the generated site
 *   eleventy --serve             plain Eleventy's server on the baseline site (bench/baseline-site.ts)
 *   eleventy --serve --incremental  the same, rebuilding only what Eleventy thinks the file changes
 * It also prints how long each server took to start (its first build). `--settled` times our
 * saves only once the preview's first search index of the archive is written (at 20,000 articles
 * that runs on a core for about 30 s after the first start; a later start keeps it, see README),
 * so the figures are those of a preview at work rather than one just started. `--photos` gives
 * every article a lead photo (bench/generate-archive.ts). `--newsroom-only` leaves
 * out plain Eleventy's servers, for a quick look while working.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const projectRoot = path.join(here, "..");
const newsroomOnly = process.argv.includes("--newsroom-only");
const settled = process.argv.includes("--settled");
// `--photos`: every article has a lead photo (bench/generate-archive.ts), as most of a real archive's do.
const photos = process.argv.includes("--photos") ? await jpeg(1600, 1000) : undefined;
const { sizes, repeat } = benchArgs(process.argv.slice(2).filter((a) => !["--newsroom-only", "--settled", "--photos"].includes(a)), { size: 4000, repeat: 5 });
/** The first build of a 20,000-article archive takes minutes on 2 busy cores. */
const START_TIMEOUT_MS = 15 * 60_000;
const SAVE_TIMEOUT_MS = 5 * 60_000;

interface Server {
  process: ChildProcess;
  url: string;
  startMs: number;
  log: () => string;
  /** Resolves once the server has nothing left to do after its first build (ours: its search index). */
  settled?: () => Promise<void>;
}

/** A free TCP port on 127.0.0.1 (Eleventy's server takes a port number, not 0). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
    probe.on("error", reject);
  });
}

/** Starts `command` and waits until its log shows both its address and that it is watching (its first build is done). */
async function startServer(command: string[], cwd: string, env: NodeJS.ProcessEnv, address: RegExp): Promise<Server> {
  const started = performance.now();
  const child = spawn(process.execPath, command, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout!.on("data", (d) => (log += d));
  child.stderr!.on("data", (d) => (log += d));
  const deadline = Date.now() + START_TIMEOUT_MS;
  let url = "";
  while (!url || !/Watching/.test(log)) {
    url = address.exec(log)?.[1] ?? "";
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill();
      throw new Error(`${command.join(" ")} did not start:\n${log.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { process: child, url: url.replace(/\/$/, ""), startMs: performance.now() - started, log: () => log };
}

/** Resolves once `ready()` holds (polled); rejects after `ms`. */
async function waitFor(ready: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`${what} was not ready within ${ms / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Times `repeat` saves of `file` until the open page at `pagePath` shows what was saved (ms each). */
async function saveToBrowser(browser: Browser, server: Server, pagePath: string, file: string): Promise<number[]> {
  const page = await browser.newPage();
  const times: number[] = [];
  try {
    await page.goto(`${server.url}${pagePath}`);
    // Let the watcher settle after the first build before the first save.
    await new Promise((r) => setTimeout(r, 2000));
    // With --settled, the preview's first search index of the whole archive is done first (about
    // 30 s of a core at 20,000 articles, once after the first start: a later start keeps it).
    if (settled && server.settled) await server.settled();
    for (let i = 0; i < repeat; i++) {
      const word = `previewbench${i}x${Date.now()}`;
      const started = performance.now();
      await fs.appendFile(file, `\nA sentence saved with ${word}.\n`);
      await page.waitForFunction((w) => document.body?.textContent?.includes(w) ?? false, word, { timeout: SAVE_TIMEOUT_MS, polling: 20 });
      times.push(performance.now() - started);
      process.stderr.write(`  ${(times.at(-1)! / 1000).toFixed(2)} s\n`);
      // The server may still be finishing (writing the rest, a second reload): let it, so saves do not overlap.
      await new Promise((r) => setTimeout(r, 1500));
    }
  } finally {
    await page.close();
  }
  return times;
}


console.log(`Preview latency: ${os.cpus().length} cores, Node ${process.version}, load average ${os.loadavg()[0]!.toFixed(1)} at the start.`);
console.log(`Save an article's file, then time until the open page in Chromium shows the change (${repeat} saves each).`);
const browser = await launchChromium();
try {
  for (const n of sizes) {
    const site = await createFixture({});
    const articles = path.join(site.root, "articles");
    await generateArchive(articles, n, { photos });
    const baseline = await baselineSite(articles);
    const previewOutput = await fs.mkdtemp(path.join(os.tmpdir(), "newsroom-bench-preview-"));
    // story-k is in "world" when k is a multiple of 5 (bench/generate-archive.ts): an article mid-archive.
    const story = 5 * Math.floor(n / 10);
    const article = storyFile(story, photos !== undefined);
    const pagePath = `/world/story-${story}/`;
    const eleventyCli = path.join(projectRoot, "node_modules/@11ty/eleventy/cmd.cjs");
    const servers: { name: string; file: string; start: () => Promise<Server> }[] = [
      {
        name: "newsroom (npm start)",
        file: path.join(articles, article),
        start: async () => {
          const server = await startServer(["--import", import.meta.resolve("tsx"), path.join(projectRoot, "src/dev/serve.ts")], site.root, { PORT: "0", NEWSROOM_PREVIEW_OUTPUT: previewOutput, DEBUG: "Newsroom:Preview" }, /at (http:\/\/127\.0\.0\.1:\d+)\//);
          // The builder says when its search index is up to date (src/dev/build-worker.ts).
          server.settled = () => waitFor(() => /search index up to date/.test(server.log()), START_TIMEOUT_MS, "the preview's search index");
          return server;
        },
      },
      ...[[], ["--incremental"]].map((extra) => ({
        name: ["eleventy --serve", ...extra].join(" "),
        file: path.join(baseline, BASELINE_INPUT, article),
        start: async () =>
          startServer(
            [eleventyCli, "--serve", `--port=${await freePort()}`, `--config=${BASELINE_CONFIG}`, `--input=${BASELINE_INPUT}`, "--output=_site", "--quiet", ...extra],
            baseline,
            {},
            /Server at (http:\/\/\S+?)\/?\s/,
          ),
      })),
    ];
    console.log("");
    console.log(`${n.toLocaleString("en")} articles${photos ? " with a photo each" : ""}, page ${pagePath}:`);
    console.log("server                            start-up s   save → browser: min s   median s   all");
    for (const { name, file, start } of newsroomOnly ? servers.slice(0, 1) : servers) {
      process.stderr.write(`${name}:\n`);
      let server: Server | undefined;
      try {
        server = await start();
        const times = await saveToBrowser(browser, server, pagePath, file);
        console.log(`${name.padEnd(32)} ${seconds(server.startMs).padStart(11)}   ${seconds(Math.min(...times)).padStart(21)} ${seconds(median(times)).padStart(10)}   ${times.map(seconds).join(" ")}`);
      } catch (error) {
        const reason = (error as Error).message.split("\n").slice(0, 3).join(" ");
        console.log(`${name.padEnd(32)} failed: ${reason}`);
        if (server) process.stderr.write(server.log().slice(-3000));
      } finally {
        server?.process.kill();
        if (server && server.process.exitCode === null) await new Promise((r) => server!.process.once("exit", r));
      }
    }
    await Promise.all([site.root, baseline, previewOutput].map((d) => fs.rm(d, { recursive: true, force: true })));
  }
} finally {
  await browser.close();
}
