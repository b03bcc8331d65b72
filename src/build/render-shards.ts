import { fork } from "node:child_process";
import fs from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, renderStaged } from "./build.ts";
import { siteFiles } from "./site-files.ts";

/**
 * A build shared between processes, for machines with cores to spare. Eleventy renders pages one after another in one thread; so each process runs its own
 * Eleventy over the same sources and renders every n-th page of the same plan
 * (src/pages/page-plan.ts) into its own staging folder. Process 0 (`buildSite`) also writes the
 * photos, feeds and sitemaps, then merges the other folders into its own and commits.
 * Each process checks it planned the same site (a hash of every page's key), so a file saved
 * half-way through a build can never give a site mixed from two versions.
 *
 * Off unless asked for (see shardCount).
 */

export interface ShardJob {
  root: string;
  output: string;
  staging: string;
  config?: string;
  full: boolean;
  preview?: boolean;
  shard: { index: number; count: number };
}

export interface ShardResult {
  staging: string;
  pages: number;
  /** The plan's hash (src/build/staged-build.ts, SitePlan.digest). */
  digest?: string;
}

/**
 * How many processes build this site: NEWSROOM_BUILD_PROCESSES (1 to 8), else 1. Not more by
 * default: on a 2-core machine a second process made a cold build slower (4,000 articles: 15.7 and
 * 22.5 s against 13.8 and 15.3 s; 20,000: 50-55 s against 44 s), because each process starts
 * Eleventy and loads every article itself, and the two share the cores with the file system.
 */
export function shardCount(): number {
  const set = Number(process.env.NEWSROOM_BUILD_PROCESSES);
  return Number.isInteger(set) && set >= 1 ? Math.min(set, 8) : 1;
}

/** Starts process `shard.index` of a shared build. `stop()` ends it; `result` rejects with its error. */
export function startShard(job: Omit<ShardJob, "staging"> & { now?: string }): { staging: string; result: Promise<ShardResult>; stop(): void } {
  const staging = `${job.output}.next-${process.pid}-${job.shard.index}`;
  const child = fork(fileURLToPath(import.meta.url), [], {
    execArgv: process.execArgv,
    env: { ...process.env, NEWSROOM_SHARD_JOB: JSON.stringify({ ...job, staging }), ...(job.now ? { NEWSROOM_NOW: job.now } : {}) },
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  const result = new Promise<ShardResult>((resolve, reject) => {
    let answer: { ok: true; result: ShardResult } | { ok: false; message: string } | undefined;
    child.on("message", (message) => (answer = message as typeof answer));
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (answer?.ok) resolve(answer.result);
      else reject(new Error(answer && !answer.ok ? answer.message : `Newsroom: a build process stopped (${signal ?? `exit code ${code}`}).`));
    });
  });
  return { staging, result, stop: () => void child.kill() };
}

/** Moves every file of `from` into `to` (a file `to` already has is the same page: kept), then removes `from`. */
export async function mergeInto(from: string, to: string): Promise<void> {
  for (const file of await siteFiles(from)) {
    const target = path.join(to, file);
    if (await fs.stat(target).then(() => true, () => false)) continue;
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.rename(path.join(from, file), target);
  }
  await fs.rm(from, { recursive: true, force: true });
}

// The helper process: render its share, answer once, exit.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href && process.env.NEWSROOM_SHARD_JOB) {
  const job = JSON.parse(process.env.NEWSROOM_SHARD_JOB) as ShardJob;
  // The server of this build is its parent: without it there is nobody to build for.
  process.on("disconnect", () => process.exit(1));
  renderStaged({ root: job.root, staging: job.staging, config: job.config, preview: job.preview, full: job.full, quiet: true, staged: { output: job.output, full: job.full, shard: job.shard } }).then(
    ({ pages, plan }) => process.send!({ ok: true, result: { staging: job.staging, pages, digest: plan?.digest } }, () => process.exit(0)),
    (error: unknown) => process.send!({ ok: false, message: describe(error) }, () => process.exit(1)),
  );
}
