import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { benchArgs } from "./bench-args.ts";
import { cells, timeBothWays, WAYS } from "./command-ways.ts";
import { generateArchive } from "./generate-archive.ts";
import sampleSite from "../site.config.ts";
import { resolveSettings } from "../src/settings.ts";
import { ArticleCache } from "../src/content/article-cache.ts";
import { loadArticles } from "../src/content/load-articles.ts";
import { ImageStore } from "../src/images/image-store.ts";
import { IMAGE_FOLDER } from "../src/images/preview-plan.ts";
import { createMarkdown } from "../src/markdown/create-markdown.ts";

/**
 * `npm run bench:check -- 1000 20000 --repeat 5`: how long `npm run check` takes, as a writer
 * or a pre-commit hook runs it (a new process each time, startup included), on the synthetic
 * archive of bench/generate-archive.ts:
 *   all     every article checked;
 *   named   three articles named (the duplicate-address check still reads the whole archive);
 *   cached  every article, after a build saved the article cache (.cache/newsroom/articles.cache,
 *           written here by loadArticles as the build calls it), which check reads.
 * Prints the minimum and the median of each, wall time and CPU time (user + system: on a
 * shared machine the wall time says as much about the other processes as about check), for
 * both ways of starting it, side by side in the same run (bench/command-ways.ts): `tsx`, as
 * before (`node --import tsx src/cli/check.ts`), and `launcher` (`node scripts/run.mjs check`,
 * what `npm run check` runs now).
 */

const here = path.dirname(fileURLToPath(import.meta.url));
const project = path.resolve(here, "..");
const { sizes, repeat } = benchArgs(process.argv.slice(2), { size: 1000, repeat: 5 });

/** What a build leaves for check: loadArticles with the article cache, as src/index.ts calls it. */
async function saveArticleCache(root: string): Promise<void> {
  const site = resolveSettings(sampleSite);
  const images = new ImageStore({ cacheDir: path.join(root, ".cache", "images"), settings: site.images });
  const cache = new ArticleCache(path.join(root, ".cache", "newsroom"));
  await loadArticles({ root, articlesDir: "articles", site, md: createMarkdown(site.markdown), images, imageBase: `/${IMAGE_FOLDER}/`, cache }, new Date());
}

console.log(`npm run check, ${repeat} runs each way (seconds; a new process per run, startup included)`);
console.log("articles  files      way        wall min  median   cpu min  median");
for (const size of sizes) {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), "newsroom-bench-check-"));
  await fs.writeFile(path.join(root, "site.config.ts"), `export { default } from ${JSON.stringify(path.join(project, "site.config.ts"))};\n`);
  await generateArchive(path.join(root, "articles"), size);
  const named = [0, Math.floor(size / 2), size - 1].map((i) => path.join("articles", ["world", "india", "business", "science", "sport"][i % 5]!, `story-${i}.md`));
  for (const [label, args] of [["all", []], ["3 named", named], ["cached", []]] as const) {
    if (label === "cached") await saveArticleCache(root);
    // Generated articles have no photo and a standfirst within limits: only "no tags" could warn, and they have tags.
    const runs = timeBothWays("check", [...args], root, repeat);
    for (const way of WAYS) console.log(`${String(size).padStart(8)}  ${label.padEnd(9)}  ${way.padEnd(9)} ${cells(runs[way])}`);
  }
  await fs.rm(root, { recursive: true, force: true });
}
console.log(`load average: ${os.loadavg().map((l) => l.toFixed(1)).join(" ")} on ${os.availableParallelism()} cores`);
