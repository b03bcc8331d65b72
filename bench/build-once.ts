import { Eleventy } from "@11ty/eleventy";
import { buildSite } from "../src/build/build.ts";

/**
 * One measured build in a fresh process (run by bench/build-scale.ts):
 *   newsroom  <root>   this project's pipeline (articles as data, one paginated article layout)
 *   eleventy  <root>   the Eleventy-starter way: every article a markdown template, tags as collections
 * Prints one JSON line: wall time and the process's peak resident memory.
 */
const [mode, root] = process.argv.slice(2);
if (!root || (mode !== "newsroom" && mode !== "eleventy")) throw new Error("usage: build-once.ts newsroom|eleventy <root>");
const started = performance.now();
let pages = 0;
if (mode === "newsroom") {
  ({ pages } = await buildSite({ root, output: "_site", quiet: true }));
} else {
  process.chdir(root);
  const eleventy = new Eleventy("content", "_site", { configPath: "baseline.config.mjs", quietMode: true });
  eleventy.disableLogger();
  const result = (await eleventy.write()) as unknown[];
  pages = result.flat(Infinity).filter((r) => typeof r === "object" && r !== null && "outputPath" in r).length;
}
const ms = performance.now() - started;
console.log(JSON.stringify({ mode, pages, ms: Math.round(ms), maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) }));
