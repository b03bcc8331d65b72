import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Runs one build of a benchmark in a fresh process and measures it: Newsroom and the plain-Eleventy
 * baseline through bench/build-once.ts (what `npm run build` runs: Node with tsx), Hugo as the
 * `hugo` command. A failed build (for example out of memory) is returned, not thrown, so a
 * benchmark can report it next to the builds that worked.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const GNU_TIME = "/usr/bin/time";

export interface BuildRun {
  ok: boolean;
  /** Wall time of the whole command, Node's or Hugo's start-up included (ms). */
  wallMs: number;
  /** Wall time of the build alone, as the process measured it (ms); the whole command's for Hugo. */
  ms: number;
  /** Pages (or, for Hugo, files) written, as the builder reports them. */
  pages: number;
  /** Peak resident memory of the build process (MB); NaN when it could not be measured. */
  maxRssMB: number;
  /** The end of the process's error output, when it failed. */
  error?: string;
}

/**
 * `npm run build [-- --full]` at `root` as a writer runs it: scripts/run.mjs, the launcher the npm
 * script calls (compiled JavaScript, no tsx), in the site folder. The pages are read from the
 * build's "rendered N pages" line; its peak memory comes from GNU time where that exists (the
 * launcher's whole process), its own time from the same line.
 */
export function runNpmBuild(root: string, flags: string[] = []): BuildRun {
  const run = [process.execPath, path.join(here, "..", "scripts", "run.mjs"), "build", ...flags];
  const timed = hasGnuTime();
  const [command, args] = timed ? [GNU_TIME, ["-f", "maxrss %M", ...run]] : [run[0]!, run.slice(1)];
  const started = performance.now();
  const child = spawnSync(command, args, { cwd: root, encoding: "utf8", env: withoutClock(), maxBuffer: 64 * 1024 * 1024 });
  const wallMs = Math.round(performance.now() - started);
  // A build that found nothing changed says so instead (src/build/unchanged-build.ts): 0 pages.
  const rendered = /rendered (\d+) pages?/.exec(child.stdout) ?? /()nothing changed since the last build/.exec(child.stdout);
  if (child.status !== 0 || !rendered) {
    return { ok: false, wallMs, ms: wallMs, pages: 0, maxRssMB: NaN, error: tail(child.stderr || child.stdout || String(child.error ?? `signal ${child.signal}`)) };
  }
  const kb = Number(/maxrss (\d+)/.exec(child.stderr)?.[1] ?? NaN);
  // The build's own time, as its last line gives it ("… in 3.5 s"): without Node's start-up and the launcher's.
  const own = Number(/(?:rendered \d+ pages?.* in |nothing changed since the last build.*\()([\d.]+) s/.exec(child.stdout)?.[1] ?? NaN);
  return { ok: true, wallMs, ms: Number.isNaN(own) ? wallMs : Math.round(own * 1000), pages: Number(rendered[1] || 0), maxRssMB: Math.round(kb / 1024) };
}

/** Newsroom (`flags`: `--full`) or the Eleventy baseline (`--incremental=<file>`) built at `root`. */
export function runNodeBuild(mode: "newsroom" | "eleventy", root: string, flags: string[] = []): BuildRun {
  const started = performance.now();
  const child = spawnSync(process.execPath, ["--import", "tsx", path.join(here, "build-once.ts"), mode, root, ...flags], {
    cwd: path.join(here, ".."),
    encoding: "utf8",
    env: withoutClock(),
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallMs = Math.round(performance.now() - started);
  const last = child.stdout.trim().split("\n").pop() ?? "";
  if (child.status !== 0 || !last.startsWith("{")) {
    return { ok: false, wallMs, ms: wallMs, pages: 0, maxRssMB: NaN, error: tail(child.stderr || String(child.error ?? `signal ${child.signal}`)) };
  }
  const { pages, ms, maxRssMB } = JSON.parse(last) as { pages: number; ms: number; maxRssMB: number };
  return { ok: true, wallMs, ms, pages, maxRssMB };
}

/** True when a `hugo` command is on the PATH. */
export function hasHugo(): boolean {
  return spawnSync("hugo", ["version"], { encoding: "utf8" }).status === 0;
}

/**
 * `hugo` building the site at `root` into `public/`. Its peak memory comes from GNU time
 * (`/usr/bin/time -f %M`, in KB) where that exists; elsewhere it is NaN.
 */
export function runHugo(root: string): BuildRun {
  const timed = hasGnuTime();
  const [command, args] = timed ? [GNU_TIME, ["-f", "maxrss %M", "hugo", "--quiet", "-s", root]] : ["hugo", ["--quiet", "-s", root]];
  const started = performance.now();
  const child = spawnSync(command, args as string[], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const wallMs = Math.round(performance.now() - started);
  if (child.status !== 0) return { ok: false, wallMs, ms: wallMs, pages: 0, maxRssMB: NaN, error: tail(child.stderr) };
  const kb = Number(/maxrss (\d+)/.exec(child.stderr)?.[1] ?? NaN);
  return { ok: true, wallMs, ms: wallMs, pages: countFiles(path.join(root, "public")), maxRssMB: Math.round(kb / 1024) };
}

let gnuTime: boolean | undefined;
function hasGnuTime(): boolean {
  gnuTime ??= spawnSync(GNU_TIME, ["-f", "%M", "true"], { encoding: "utf8" }).status === 0;
  return gnuTime;
}

function countFiles(dir: string): number {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
}

/** The benchmarks publish for the real now (the news sitemap holds the last 48 hours), whatever the shell says. */
function withoutClock(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NEWSROOM_NOW;
  delete env.NEWSROOM_PREVIEW;
  return env;
}

/** The last lines of an error output that are not stack frames. */
function tail(text: string): string {
  return text.trim().split("\n").filter((line) => !/^\s*(\[11ty\]\s*)?at /.test(line) && line.trim()).slice(-5).join("\n");
}
