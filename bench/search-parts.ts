import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import http2 from "node:http2";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { buildSite } from "../src/build/build.ts";
import { PART_SIZE, searchParts, type SearchArticle, type SearchPart } from "../src/outputs/search-parts.ts";
import { writeSearchParts } from "../src/outputs/search-index.ts";
import { fileOfUrl } from "../src/build/site-files.ts";
import { launchChromium } from "../test/support/chromium.ts";
import { createFixture } from "../test/support/fixture-site.ts";
import { generateArchive } from "./generate-archive.ts";
import { benchArgs, median, seconds } from "./bench-args.ts";

/**
 * `npm run bench:search-parts [-- 20000] [--repeat 3] [--part-size 1000] [--site DIR]`: what the
 * size of the reader search's parts (src/outputs/search-parts.ts) costs on each side, PART_SIZE
 * against `--part-size`, in the same run:
 *   - the writer's: indexing again the part that holds an article from the middle of the archive
 *     (what an edit of that article costs `npm run build`, after its page is rendered);
 *   - the reader's: a search in Chromium on a phone's network and processor (Lighthouse's mobile
 *     settings: 150 ms round trip, 1.6 Mbit/s down, processor 4× slower), served over HTTP/2 as
 *     static hosts serve: time from opening `/search/?q=…` to the status line's answer, the
 *     requests it made and the bytes it received. A fresh browser context each time (no cache).
 * The site is a generated archive (bench/generate-archive.ts: one article an hour from 2015),
 * built cold, unless `--site` names a site folder already built (its `_site/` is read, not changed).
 * Each part size gets its own copy of the index beside the pages (links to the pages).
 */
const argv = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const at = argv.indexOf(name);
  if (at < 0) return undefined;
  const value = argv[at + 1];
  argv.splice(at, 2);
  return value;
};
const given = option("--site");
const other = Number(option("--part-size") ?? 1000);
if (!Number.isInteger(other) || other < 1) throw new Error("--part-size takes a number of articles");
const { sizes, repeat } = benchArgs(argv, { size: 20000, repeat: 3 });
const n = sizes[0]!;

// Lighthouse's mobile throttling (its "Slow 4G" and a mid-range phone's processor).
const NETWORK = { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 };
const CPU_SLOWDOWN = 4;
// A word in every generated article's text: every cut must find the same number of articles
// (all of them, in an order of ties that differs by cut). And a number in a single headline
// ("Story 10007: …"): every cut must put that story first. (Not the same count: Pagefind also
// matches words close to a number, such as "1000" and "10" for "10007", and which it finds
// depends on the words of each part.)
const QUERIES = ["rain", String(Math.floor(n / 2) + 7)];
const SAME: Record<string, "answer" | "first"> = { [QUERIES[0]!]: "answer", [QUERIES[1]!]: "first" };

const work = await fs.mkdtemp(path.join(os.tmpdir(), "newsroom-search-parts-"));
let site: string;
if (given) site = path.resolve(given, "_site");
else {
  const fixture = await createFixture({});
  await generateArchive(path.join(fixture.root, "articles"), n);
  console.log(`Building ${n} articles cold…`);
  site = (await buildSite({ root: fixture.root, quiet: true })).output;
}

const articles = await articlePages(site);
const middle = [...articles].sort((a, b) => a.date.localeCompare(b.date))[Math.floor(articles.length / 2)]!;
console.log(
  `Search parts: ${articles.length} article pages, ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(1)} at the start. ` +
    `Edited: ${middle.url} (${middle.date.slice(0, 10)}).`,
);

interface Variant {
  size: number;
  folder: string;
  parts: SearchPart[];
  edited: SearchPart;
  reindexMs: number[];
  reader: Map<string, { ms: number; requests: number; bytes: number; answer: string; first: string }[]>;
}
const pagesOf = (part: SearchPart) => part.urls.map((url) => ({ url, file: path.join(site, fileOfUrl(url)) }));
const variants: Variant[] = [];
for (const size of [PART_SIZE, other]) {
  const folder = path.join(work, `parts-${size}`);
  await fs.mkdir(folder);
  // The pages are the site's (links); only the index differs.
  for (const entry of await fs.readdir(site)) if (entry !== "pagefind") await fs.symlink(path.join(site, entry), path.join(folder, entry));
  const parts = searchParts(articles, size);
  await writeSearchParts(parts.map((part) => ({ part, pages: pagesOf(part) })), parts, folder);
  const edited = parts.find((part) => part.urls.includes(middle.url))!;
  variants.push({ size, folder, parts, edited, reindexMs: [], reader: new Map() });
}

// The writer's side: the edited article's part indexed again, the two sizes taking turns.
for (let r = 0; r < repeat; r++) {
  for (const v of variants) {
    const started = performance.now();
    await writeSearchParts([{ part: v.edited, pages: pagesOf(v.edited) }], v.parts, v.folder);
    v.reindexMs.push(performance.now() - started);
  }
}

// The reader's side.
const browser = await launchChromium();
const servers = await Promise.all(variants.map((v) => serveHttp2(v.folder, work)));
try {
  for (let r = 0; r < repeat; r++) {
    for (const query of QUERIES) {
      for (const [i, v] of variants.entries()) {
        const runs = v.reader.get(query) ?? [];
        runs.push(await searchOnce(servers[i]!, query));
        v.reader.set(query, runs);
      }
    }
  }
} finally {
  await browser.close();
  for (const server of servers) await server.close();
  await fs.rm(work, { recursive: true, force: true });
}

const pad = (text: string, width: number) => text.padEnd(width);
console.log("");
console.log(`${pad("part size", 10)} ${pad("parts", 6)} ${pad("edited part", 22)} ${pad("re-index s (min / median)", 26)}`);
for (const v of variants) {
  const ms = v.reindexMs;
  console.log(
    `${pad(String(v.size), 10)} ${pad(String(v.parts.length), 6)} ${pad(`${v.edited.name} (${v.edited.urls.length})`, 22)} ${seconds(Math.min(...ms))} / ${seconds(median(ms))}`,
  );
}
console.log("");
console.log(`A search on a phone (${repeat} each; min / median):`);
console.log(`${pad("part size", 10)} ${pad("words", 8)} ${pad("to the answer, s", 18)} ${pad("requests", 10)} ${pad("KB sent", 9)} answer`);
for (const query of QUERIES) {
  for (const v of variants) {
    const runs = v.reader.get(query)!;
    const ms = runs.map((run) => run.ms);
    console.log(
      `${pad(String(v.size), 10)} ${pad(query, 8)} ${pad(`${seconds(Math.min(...ms))} / ${seconds(median(ms))}`, 18)} ${pad(String(median(runs.map((run) => run.requests))), 10)} ${pad((median(runs.map((run) => run.bytes)) / 1024).toFixed(0), 9)} ${[...new Set(runs.map((run) => run.answer))].join(" / ")}`,
    );
  }
}

// Both cuts must answer alike (SAME): otherwise the comparison is of two different searches.
const differ = QUERIES.filter((query) => new Set(variants.flatMap((v) => v.reader.get(query)!.map((run) => run[SAME[query]!]))).size > 1);
if (differ.length > 0) {
  console.error(`✗ the cuts answered differently for: ${differ.join(", ")}`);
  process.exitCode = 1;
} else {
  const said = QUERIES.map((q) => `“${q}”: ${SAME[q] === "first" ? `first ${variants[0]!.reader.get(q)![0]!.first}` : "the same count"}`);
  console.log(`✓ either cut answered alike (${said.join("; ")}).`);
}

/** Every article page of the built site `site`: its URL and its date (the page's Pagefind sort key). */
async function articlePages(root: string): Promise<SearchArticle[]> {
  const found: SearchArticle[] = [];
  for (const file of await fs.readdir(root, { recursive: true })) {
    if (!file.endsWith("index.html") || file.startsWith("pagefind")) continue;
    const html = await fs.readFile(path.join(root, file), "utf8");
    const date = /data-pagefind-sort="date:([^"]+)"/.exec(html)?.[1];
    if (date) found.push({ url: `/${path.dirname(file).split(path.sep).join("/")}/`, date });
  }
  return found;
}

/** Opens `/search/?q=query` as a phone would, with an empty cache; resolves when the status line answers. */
async function searchOnce(server: Server, query: string): Promise<{ ms: number; requests: number; bytes: number; answer: string; first: string }> {
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", NETWORK);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: CPU_SLOWDOWN });
  server.served.requests = 0;
  server.served.bytes = 0;
  const started = performance.now();
  await page.goto(`${server.url}/search/?q=${encodeURIComponent(query)}`);
  const status = page.locator("[data-search-status]").filter({ hasText: "found for" });
  await status.waitFor({ timeout: 120_000 });
  const ms = performance.now() - started;
  const answer = (await status.textContent()) ?? "";
  const first = (await page.locator("[data-search-results] li h2 a").first().textContent()) ?? "";
  await context.close();
  return { ms, ...server.served, answer, first };
}

/** `folder` over HTTPS and HTTP/2 on 127.0.0.1, as static hosts serve (a certificate made for the run, in `work`). */
interface Server {
  url: string;
  /** Requests answered and body bytes sent since last reset (the page's and its workers' alike). */
  served: { requests: number; bytes: number };
  close(): Promise<void>;
}

async function serveHttp2(folder: string, work: string): Promise<Server> {
  const served = { requests: 0, bytes: 0 };
  const key = path.join(work, "key.pem");
  const cert = path.join(work, "cert.pem");
  if (!existsSync(cert)) execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-days", "1", "-keyout", key, "-out", cert], { stdio: "ignore" });
  const types: Record<string, string> = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".json": "application/json", ".svg": "image/svg+xml" };
  const server = http2.createSecureServer({ key: await fs.readFile(key), cert: await fs.readFile(cert) }, async (req, res) => {
    const pathname = decodeURIComponent(new URL(req.url, "https://x").pathname);
    let file = path.join(folder, path.normalize(pathname));
    if ((await fs.stat(file).catch(() => undefined))?.isDirectory()) file = path.join(file, "index.html");
    const body = await fs.readFile(file).catch(() => undefined);
    served.requests++;
    if (!body) return void res.writeHead(404).end();
    served.bytes += body.byteLength;
    res.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream" }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `https://127.0.0.1:${port}`, served, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
