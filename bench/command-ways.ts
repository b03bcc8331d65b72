import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { median, seconds } from "./bench-args.ts";

/**
 * The two ways a writer's command can start, for the start-up benchmarks (bench/check.ts,
 * bench/startup.ts): `tsx`, as the npm scripts ran them before the launcher (Node compiles every
 * TypeScript file of src/ through tsx at each start), and `launcher`, as they run now
 * (scripts/run.mjs: JavaScript compiled once from src/, tsx only for the site's own TypeScript).
 */

const project = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Each command's source, as `node --import tsx <file>` ran it. */
const SOURCES: Record<string, string> = { check: "src/cli/check.ts", new: "src/cli/new.ts", build: "src/build/build.ts" };

export type Way = "tsx" | "launcher";
export const WAYS: Way[] = ["tsx", "launcher"];

/** The command line of `command` started `way`. */
export function commandLine(way: Way, command: string, args: string[]): string[] {
  return way === "tsx"
    ? [process.execPath, "--import", import.meta.resolve("tsx"), path.join(project, SOURCES[command]!), ...args]
    : [process.execPath, path.join(project, "scripts", "run.mjs"), command, ...args];
}

export interface Timing {
  /** Milliseconds. */
  wall: number;
  /** User + system milliseconds of the process (bash's `time` reports the child's CPU). */
  cpu: number;
}

/**
 * Runs `argv` in `cwd` once and times it. Throws, with its output, when it exits with another
 * status than `status` (0 unless told).
 */
export function timeRun(argv: string[], cwd: string, status = 0): Timing {
  const command = argv.map((a) => `'${a}'`).join(" ");
  const run = spawnSync("bash", ["-c", `TIMEFORMAT='%R %U %S'; time ${command}`], { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const [wall, user, sys] = run.stderr.trim().split("\n").at(-1)!.split(" ").map(Number) as [number, number, number];
  if (run.status !== status) throw new Error(`${command} exited ${run.status}:\n${run.stdout.slice(0, 2000)}${run.stderr.slice(0, 2000)}`);
  return { wall: wall * 1000, cpu: (user + sys) * 1000 };
}

/**
 * Times `command` both ways `repeat` times, alternating (tsx, launcher, tsx, …) so both see the
 * same machine, after one unmeasured run of each (tsx's transform cache, the launcher's compiled
 * copy, the disk cache). Returns the runs of each way.
 */
export function timeBothWays(command: string, args: string[], cwd: string, repeat: number, status = 0): Record<Way, Timing[]> {
  const runs: Record<Way, Timing[]> = { tsx: [], launcher: [] };
  for (const way of WAYS) timeRun(commandLine(way, command, args), cwd, status);
  for (let i = 0; i < repeat; i++) for (const way of WAYS) runs[way].push(timeRun(commandLine(way, command, args), cwd, status));
  return runs;
}

/** "  wall min  median   cpu min  median" cells of `runs`, in seconds. */
export function cells(runs: Timing[]): string {
  const wall = runs.map((r) => r.wall);
  const cpu = runs.map((r) => r.cpu);
  return [Math.min(...wall), median(wall), Math.min(...cpu), median(cpu)].map((ms) => seconds(ms).padStart(7)).join(" ");
}
