import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { buildSite, type BuildResult } from "../src/build/build.ts";
import { createFixture } from "../test/support/fixture-site.ts";
import { PROJECT_ROOT } from "../test/support/sample-site.ts";
import { generateArchive } from "./generate-archive.ts";
import { seconds } from "./bench-args.ts";

/**
 * `npm run bench:search [-- 4000]`: what the reader search's index (src/outputs/search-index.ts)
 * costs a build, side by side with the same build without it, on the sample site and on a
 * generated archive of each size given (default 4,000 articles, bench/generate-archive.ts).
 * Each site is built into two output folders, one with the index and one without: a cold build
 * (`--full`), then a warm build after one article was edited. It prints the times, the index's
 * own step (Pagefind reading every article page and writing the index) and the index's size.
 * One run each, in this process: on a shared machine, read differences under ~10% as noise.
 */
const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
if (sizes.length === 0) sizes.push(4000);

async function build(root: string, output: string, search: boolean, full: boolean): Promise<{ ms: number; result: BuildResult }> {
  const started = performance.now();
  const result = await buildSite({ root, output, quiet: true, full, search });
  return { ms: Math.round(performance.now() - started), result };
}

async function measure(name: string, root: string, edit: string): Promise<void> {
  const without = path.join(root, "_site-without");
  const withSearch = path.join(root, "_site-with");
  // Once first, so every measured build finds the photos encoded (their cache outlives --full).
  await build(root, path.join(root, "_site-warmup"), false, true);
  const coldWithout = await build(root, without, false, true);
  const coldWith = await build(root, withSearch, true, true);
  await fs.appendFile(edit, "\nOne more paragraph, added by the search benchmark.\n");
  const warmWithout = await build(root, without, false, false);
  const indexBefore = await fileTimes(path.join(withSearch, "pagefind"));
  const warmWith = await build(root, withSearch, true, false);
  const indexAfter = await fileTimes(path.join(withSearch, "pagefind"));
  const rewritten = [...indexAfter].filter(([file, time]) => indexBefore.get(file) !== time).length;
  const code = [...indexAfter.keys()].filter((f) => !/(^|\/)(index|fragment|filter)\/|\.pf_meta$|entry\.json$|^newsroom-parts\.json$/.test(f));
  const codeBytes = (await Promise.all(code.map((f) => fs.stat(path.join(withSearch, "pagefind", f)).then((s) => s.size)))).reduce((a, b) => a + b, 0);
  const index = coldWith.result.search!;
  const warmIndex = warmWith.result.search!;
  const row = (label: string, a: number, b: number, step: number) =>
    `  ${label.padEnd(24)} ${seconds(a).padStart(8)} s ${seconds(b).padStart(8)} s ${`+${seconds(b - a)}`.padStart(8)} s   (index step ${seconds(step)} s)`;
  console.log(
    `${name}: ${index.pages} article pages indexed; /pagefind/ ${(index.bytes / 1024).toFixed(0)} KB in ${index.files} files ` +
      `(of which Pagefind's script and WebAssembly ${(codeBytes / 1024).toFixed(0)} KB, the index itself ${((index.bytes - codeBytes) / 1024).toFixed(0)} KB)`,
  );
  console.log(`  ${"build".padEnd(24)} ${"without".padStart(10)} ${"with".padStart(10)} ${"added".padStart(10)}`);
  console.log(row("cold (--full)", coldWithout.ms, coldWith.ms, index.ms));
  console.log(row("warm, one article edited", warmWithout.ms, warmWith.ms, warmIndex.ms));
  console.log(`  warm build with search: ${warmWith.result.files?.written ?? 0} files written, of which ${rewritten} of the ${indexAfter.size} index files`);
  console.log("");
}

/** Every file under `dir` (relative, "/"-separated) → its modification time. */
async function fileTimes(dir: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const entry of await fs.readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out.set(path.relative(dir, file).split(path.sep).join("/"), (await fs.stat(file)).mtimeMs);
  }
  return out;
}

console.log(`Search index cost: ${os.cpus().length} cores, Node ${process.version}.`);
console.log("");
const sample = await createFixture({});
await fs.cp(path.join(PROJECT_ROOT, "articles"), path.join(sample.root, "articles"), { recursive: true });
await fs.copyFile(path.join(PROJECT_ROOT, "site.config.ts"), path.join(sample.root, "site.config.ts"));
await measure("sample site", sample.root, path.join(sample.root, "articles/business/rupee-steadies-as-markets-wait.md"));
await fs.rm(sample.root, { recursive: true, force: true });
for (const n of sizes) {
  const site = await createFixture({});
  await generateArchive(path.join(site.root, "articles"), n);
  await measure(`${n} generated articles`, site.root, path.join(site.root, "articles/world/story-0.md"));
  await fs.rm(site.root, { recursive: true, force: true });
}
