import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createFixture } from "../test/support/fixture-site.ts";
import { baselineSite } from "./baseline-site.ts";
import { generateArchive } from "./generate-archive.ts";
import { runNodeBuild, type BuildRun } from "./run-build.ts";

/**
 * `npm run bench:build [-- 1000 2000 4000]`: how build time and memory grow with the archive.
 * For each size, the same synthetic articles are built (each in a fresh process) by
 *   - newsroom: this project's pipeline, and
 *   - eleventy: the baseline, plain Eleventy 3 with every article a markdown template and its
 *     tags as collections (the eleventy-base-blog way), with article and tag pages (bench/baseline-site.ts).
 * It prints milliseconds per article for both, so linear growth shows as a flat column.
 */
const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
if (sizes.length === 0) sizes.push(1000, 2000, 4000);

function run(mode: "newsroom" | "eleventy", root: string): BuildRun {
  const result = runNodeBuild(mode, root);
  if (!result.ok) throw new Error(`${mode} build of ${root} failed:\n${result.error}`);
  return result;
}

console.log(`Build scale: ${os.cpus().length} cores, Node ${process.version}. Each cell is one cold build in a fresh process.`);
console.log("");
console.log("articles | newsroom: ms   ms/article  pages  peak MB | eleventy baseline: ms   ms/article  pages  peak MB | time ratio");
for (const n of sizes) {
  const site = await createFixture({});
  await generateArchive(path.join(site.root, "articles"), n);
  const baseline = await baselineSite(path.join(site.root, "articles"));
  const ours = run("newsroom", site.root);
  const theirs = run("eleventy", baseline);
  const cell = (r: BuildRun) =>
    `${String(r.ms).padStart(8)} ${(r.ms / n).toFixed(2).padStart(10)} ${String(r.pages).padStart(6)} ${String(r.maxRssMB).padStart(8)}`;
  console.log(`${String(n).padStart(8)} | ${cell(ours)} | ${cell(theirs)}        | ${(ours.ms / theirs.ms).toFixed(2)}`);
  await fs.rm(site.root, { recursive: true, force: true });
  await fs.rm(baseline, { recursive: true, force: true });
}
