import { spawnSync } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { benchArgs, median, seconds } from "./bench-args.ts";
import { generateArchive } from "./generate-archive.ts";

/**
 * `npm run bench:check -- 1000 20000 --repeat 5`: how long `npm run check` takes, as a writer
 * or a pre-commit hook runs it (a new process each time, startup included), on the synthetic
 * archive of bench/generate-archive.ts:
 *   all     every article checked;
 *   named   three articles named (the duplicate-address check still reads the whole archive).
 * Prints the minimum and the median wall time of each.
 */

const here = path.dirname(fileURLToPath(import.meta.url));
const project = path.resolve(here, "..");
const script = path.join(project, "src", "cli", "check.ts");
const { sizes, repeat } = benchArgs(process.argv.slice(2), { size: 1000, repeat: 5 });

function time(cwd: string, args: string[]): number {
  const started = performance.now();
  const run = spawnSync(process.execPath, ["--import", import.meta.resolve("tsx"), script, ...args], { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const ms = performance.now() - started;
  // Generated articles have no photo and a standfirst within limits: only "no tags" could warn, and they have tags.
  if (run.status !== 0) throw new Error(`check failed (${run.status}):\n${run.stdout.slice(0, 2000)}${run.stderr.slice(0, 2000)}`);
  return ms;
}

console.log(`npm run check, ${repeat} runs each (seconds; a new process per run, startup included)`);
console.log("articles  files        min     median");
for (const size of sizes) {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), "newsroom-bench-check-"));
  await fs.writeFile(path.join(root, "site.config.ts"), `export { default } from ${JSON.stringify(path.join(project, "site.config.ts"))};\n`);
  await generateArchive(path.join(root, "articles"), size);
  const named = [0, Math.floor(size / 2), size - 1].map((i) => path.join("articles", ["world", "india", "business", "science", "sport"][i % 5]!, `story-${i}.md`));
  for (const [label, args] of [["all", []], ["3 named", named]] as const) {
    time(root, [...args]); // warm-up: tsx's transform cache, the disk cache
    const runs = Array.from({ length: repeat }, () => time(root, [...args]));
    console.log(`${String(size).padStart(8)}  ${label.padEnd(9)} ${seconds(Math.min(...runs)).padStart(6)}  ${seconds(median(runs)).padStart(8)}`);
  }
  await fs.rm(root, { recursive: true, force: true });
}
console.log(`load average: ${os.loadavg().map((l) => l.toFixed(1)).join(" ")} on ${os.availableParallelism()} cores`);
