import { buildSite, type BuildOptions } from "../src/build/build.ts";
import { BASELINE_CONFIG, BASELINE_INPUT } from "./baseline-site.ts";

/**
 * One measured build in a fresh process (run by bench/run-build.ts for the build benchmarks):
 *   newsroom  <root> [--full]              what `npm run build [-- --full]` does: buildSite()
 *   eleventy  <root> [--incremental=<file>] the plain-Eleventy baseline (bench/baseline-site.ts);
 *             with --incremental, Eleventy's own `--incremental=<file>` (render that one input file)
 * Prints one JSON line: pages written, wall time of the build itself (ms, without Node's start-up)
 * and the process's peak resident memory (MB).
 */
const [mode, root, ...flags] = process.argv.slice(2);
if (!root || (mode !== "newsroom" && mode !== "eleventy")) {
  throw new Error("usage: build-once.ts newsroom <root> [--full] | eleventy <root> [--incremental=<file>]");
}
const started = performance.now();
let pages = 0;
if (mode === "newsroom") {
  // `full` is the forced cold build of issue 9; built as a variable so this file compiles with or
  // without that option in BuildOptions (a build that does not know it ignores it).
  const options: BuildOptions & { full?: boolean } = { root, output: "_site", quiet: true, full: flags.includes("--full") };
  ({ pages } = await buildSite(options));
} else {
  process.chdir(root);
  // Imported here: `npm run build` loads Eleventy only when it renders (src/build/build.ts), and so does the newsroom mode.
  const { Eleventy } = await import("@11ty/eleventy");
  const eleventy = new Eleventy(BASELINE_INPUT, "_site", { configPath: BASELINE_CONFIG, quietMode: true });
  eleventy.disableLogger();
  const incremental = flags.find((f) => f.startsWith("--incremental="))?.slice("--incremental=".length);
  // Public API (Eleventy.js, "wired up to the CLI --incremental=incrementalFile") missing from its types.
  // As Eleventy's command line does it: after init(), which sets up the config it records the file in.
  await eleventy.init();
  if (incremental) (eleventy as unknown as { setIncrementalFile(file: string): void }).setIncrementalFile(incremental);
  const result = (await eleventy.write()) as unknown[];
  pages = result.flat(Infinity).filter((r) => typeof r === "object" && r !== null && "outputPath" in r).length;
}
const ms = performance.now() - started;
console.log(JSON.stringify({ mode, pages, ms: Math.round(ms), maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) }));
