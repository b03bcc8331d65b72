import { execFileSync } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import sharp from "sharp";
import { takeReport } from "../src/build/build-report.ts";
import { codeFingerprint } from "../src/build/fingerprint.ts";
import { ArticleCache, articleFingerprint } from "../src/content/article-cache.ts";
import { loadArticles } from "../src/content/load-articles.ts";
import { ImageStore } from "../src/images/image-store.ts";
import { createMarkdown } from "../src/markdown/create-markdown.ts";
import { resolveSettings } from "../src/settings.ts";
import base from "../site.config.ts";
import { generateArchive } from "./generate-archive.ts";

/**
 * `npm run bench:articles -- 4000 20000`: the article cache (src/content/article-cache.ts) at
 * archive scale. For each size, the synthetic archive (bench/generate-archive.ts), every article
 * with a lead photo, is loaded by `loadArticles` in a fresh process each time:
 *   cold      no cache (reads, validates and renders everything, then saves the cache);
 *   warm      nothing changed (stat of each file and photo);
 *   checkout  every file touched (new times, same bytes: each file hashed);
 *   one edit  one article changed.
 * Prints milliseconds of loadArticles (with the cache's open and save; wall and CPU), the open
 * and save times on their own, and the size of the cache file.
 */

const here = path.dirname(fileURLToPath(import.meta.url));

if (process.argv[2] === "--once") {
  const root = process.argv[3]!;
  const site = resolveSettings(base);
  const images = new ImageStore({ cacheDir: path.join(root, ".cache/images"), settings: site.images });
  const cache = new ArticleCache(path.join(root, ".cache/newsroom"));
  const options = { root, articlesDir: "articles", site, md: createMarkdown(site.markdown), images, imageBase: "/img/", cache };
  const code = await codeFingerprint();
  const started = performance.now();
  const cpu = process.cpuUsage();
  // Opened here (loadArticles then finds it open) to time reading the cache file on its own.
  await cache.open(articleFingerprint({ site, encoder: images.encoder, imageBase: options.imageBase, code }));
  const openMs = Math.round(performance.now() - started);
  const saved = cache.save.bind(cache);
  let saveMs = 0;
  cache.save = async (files) => {
    const start = performance.now();
    await saved(files);
    saveMs = Math.round(performance.now() - start);
  };
  await loadArticles(options, new Date());
  const ms = Math.round(performance.now() - started);
  // CPU time too: on a shared machine it says more than the wall clock.
  const used = process.cpuUsage(cpu);
  const cpuMs = Math.round((used.user + used.system) / 1000);
  const size = (await fs.stat(cache.file)).size;
  console.log(JSON.stringify({ ms, cpuMs, openMs, saveMs, ...takeReport().articles, cacheMB: +(size / 1e6).toFixed(1) }));
} else {
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  if (sizes.length === 0) sizes.push(4000);
  const once = (root: string) => JSON.parse(execFileSync(process.execPath, ["--import", "tsx", path.join(here, "article-cache.ts"), "--once", root], { encoding: "utf8" }).trim().split("\n").at(-1)!);
  console.log("articles | run | loadArticles ms (CPU ms) | open ms | save ms | read | reused | cache MB");
  for (const n of sizes) {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), "newsroom-bench-cache-"));
    const articles = path.join(root, "articles");
    await generateArchive(articles, n);
    // A lead photo for every article (one per section folder, where each article's photos resolve).
    const photo = await sharp({ create: { width: 1600, height: 900, channels: 3, background: { r: 90, g: 120, b: 150 } } }).jpeg().toBuffer();
    for (const section of await fs.readdir(articles)) {
      await fs.writeFile(path.join(articles, section, "lead.jpg"), photo);
      for (const name of await fs.readdir(path.join(articles, section))) {
        if (!name.endsWith(".md")) continue;
        const file = path.join(articles, section, name);
        await fs.writeFile(file, (await fs.readFile(file, "utf8")).replace("\nsection:", "\nimage: { src: lead.jpg, alt: A lead photo }\nsection:"));
      }
    }
    // Files as after a checkout some time ago: old enough for their times to be trusted.
    const age = async (time: Date) => {
      for (const entry of await fs.readdir(articles, { recursive: true, withFileTypes: true })) {
        if (entry.isFile()) await fs.utimes(path.join(entry.parentPath, entry.name), time, time);
      }
    };
    await age(new Date(Date.now() - 7_200_000));
    const row = (run: string, r: { ms: number; cpuMs: number; openMs?: number; saveMs?: number; read: number; reused: number; cacheMB: number }) =>
      console.log(`${n} | ${run} | ${r.ms} (${r.cpuMs}) | ${r.openMs ?? "-"} | ${r.saveMs ?? "-"} | ${r.read} | ${r.reused} | ${r.cacheMB}`);
    row("cold", once(root));
    row("warm", once(root));
    row("warm", once(root));
    await age(new Date(Date.now() - 3_600_000));
    row("checkout", once(root));
    const edited = path.join(articles, "world", "story-0.md");
    await fs.appendFile(edited, "\nOne more line.\n");
    await fs.utimes(edited, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    row("one edit", once(root));
    await fs.rm(root, { recursive: true, force: true });
  }
}
