import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { benchArgs } from "./bench-args.ts";
import { cells, commandLine, timeBothWays, timeRun, WAYS, type Timing } from "./command-ways.ts";

/**
 * `npm run bench:startup -- --repeat 5`: what starting a writer's command costs, the old way
 * (`node --import tsx src/…`) and through the launcher (`node scripts/run.mjs …`, what the npm
 * scripts run now), side by side in the same run, min and median, wall and CPU:
 *   check --help, new --help    start-up alone: Node, the command's modules, nothing else;
 *   check --help, compiling     the launcher's first run after a source edit (it compiles src/);
 *   build, nothing changed      `npm run build` on a copy of the sample site already built.
 * `npm run bench:check -- 1000 20000` has the same two ways for check on generated archives.
 */

const project = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { repeat } = benchArgs(process.argv.slice(2), { size: 1, repeat: 5 });
const compiledRoot = path.join(project, ".cache", "newsroom", "compiled");

const site = await fs.mkdtemp(path.join(os.tmpdir(), "newsroom-bench-startup-"));
for (const name of ["articles", "layouts", "public", ".eleventy.ts", "site.config.ts"]) {
  await fs.cp(path.join(project, name), path.join(site, name), { recursive: true });
}
await fs.symlink(path.join(project, "src"), path.join(site, "src"), "dir");
// An ES module package, as this repository is.
await fs.writeFile(path.join(site, "package.json"), JSON.stringify({ type: "module" }));

const print = (label: string, way: string, runs: Timing[]) => console.log(`${label.padEnd(26)} ${way.padEnd(9)} ${cells(runs)}`);

console.log(`Starting a command, ${repeat} runs each way (seconds; a new process per run)`);
console.log("command                    way        wall min  median   cpu min  median");
for (const [label, command, args] of [
  ["check --help", "check", ["--help"]],
  ["new --help", "new", ["--help"]],
] as const) {
  const runs = timeBothWays(command, [...args], site, repeat);
  for (const way of WAYS) print(label, way, runs[way]);
}

// The launcher's first run after an edit: a source file's new time gives a new key, so it compiles;
// the copy made is removed after each run, so the next one compiles again.
const check = path.join(project, "src", "cli", "check.ts");
const compiling: Timing[] = [];
for (let i = 0; i < repeat; i++) {
  const before = new Set(await fs.readdir(compiledRoot).catch(() => [] as string[]));
  const now = new Date();
  await fs.utimes(check, now, now);
  compiling.push(timeRun(commandLine("launcher", "check", ["--help"]), site));
  for (const name of await fs.readdir(compiledRoot)) {
    if (!before.has(name)) await fs.rm(path.join(compiledRoot, name), { recursive: true, force: true });
  }
}
print("check --help, compiling", "launcher", compiling);
// Leaves the copy of the sources as they are for the runs below and the next command.
timeRun(commandLine("launcher", "check", ["--help"]), site);

timeRun(commandLine("launcher", "build", []), site);
const unchanged = timeBothWays("build", [], site, repeat);
for (const way of WAYS) print("build, nothing changed", way, unchanged[way]);

await fs.rm(site, { recursive: true, force: true });
console.log(`load average: ${os.loadavg().map((l) => l.toFixed(1)).join(" ")} on ${os.availableParallelism()} cores`);
