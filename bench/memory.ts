import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createFixture } from "../test/support/fixture-site.ts";
import { generateArchive } from "./generate-archive.ts";
import { runNodeBuild } from "./run-build.ts";

/**
 * `npm run bench:memory [-- 100000]`: does a cold build of a long archive fit a CI runner, and does
 * its time grow linearly? (issue 9: peak RSS < 4 GB at 100,000 articles, time per article within
 * 20% of the 20,000 figure.) Builds the synthetic archive (bench/generate-archive.ts) cold, once
 * per size in a fresh process with Node's default heap limit, always with 20,000 articles first as
 * the reference. A build that runs out of memory is reported as such. Long: minutes per size.
 */
const REFERENCE = 20_000;
const asked = process.argv.slice(2).map(Number).filter((n) => n > 0);
const sizes = [...new Set([REFERENCE, ...(asked.length ? asked : [100_000])])].sort((a, b) => a - b);

console.log(`Memory: ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}, load average ${os.loadavg()[0]!.toFixed(1)} at the start.`);
console.log("One cold `npm run build` per size in a fresh process (no _site, no .cache).");
console.log("");
console.log("articles |  pages | wall s | in-build s | ms/article | vs 20,000 | peak MB");
let reference: number | undefined;
for (const n of sizes) {
  const site = await createFixture({});
  await generateArchive(path.join(site.root, "articles"), n);
  const run = runNodeBuild("newsroom", site.root);
  const label = n.toLocaleString("en").padStart(8);
  if (!run.ok) {
    console.log(`${label} | failed after ${(run.wallMs / 1000).toFixed(0)} s: ${run.error?.split("\n").find((l) => /memory|error/i.test(l))?.trim() ?? run.error}`);
  } else {
    const perArticle = run.ms / n;
    if (n === REFERENCE) reference = perArticle;
    const versus = reference ? `${perArticle >= reference ? "+" : ""}${(((perArticle - reference) / reference) * 100).toFixed(0)}%` : "";
    console.log(
      `${label} | ${String(run.pages).padStart(6)} | ${(run.wallMs / 1000).toFixed(1).padStart(6)} | ${(run.ms / 1000).toFixed(1).padStart(10)} | ` +
        `${perArticle.toFixed(2).padStart(10)} | ${versus.padStart(9)} | ${String(run.maxRssMB).padStart(7)}`,
    );
  }
  await fs.rm(site.root, { recursive: true, force: true });
}
