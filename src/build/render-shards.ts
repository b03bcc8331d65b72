import { fork } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, renderStaged } from "./build.ts";
import { manifestPath } from "./page-manifest.ts";
import { siteFiles } from "./site-files.ts";

/**
 * A build shared between processes, so a cold build of a big archive uses both cores of a CI
 * runner. Eleventy renders pages one after another in one thread; so each process runs its own
 * Eleventy over the same sources and renders every n-th page of the same plan
 * (src/pages/page-plan.ts) into its own staging folder. Process 0 (`buildSite`) also writes the
 * photos, feeds and sitemaps, then merges the other folders into its own and commits.
 * Each process checks it planned the same site (a hash of every page's key), so a file saved
 * half-way through a build can never give a site mixed from two versions.
 *
 * Only builds that render most of a big site are shared: an incremental build renders a few
 * pages, and starting a second Eleventy (about 2 s) would cost more than it saves.
 */

/** Articles from which a build with nothing to reuse is shared between processes. */
export const SHARE_FROM = 2_000;

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
 * How many processes build this site: NEWSROOM_BUILD_PROCESSES when set (1 turns sharing off),
 * else 2 on a machine with two cores or more when the build will render nearly every page of a
 * site of SHARE_FROM articles or more (a full build, or no record of an earlier one), else 1.
 */
export async function shardCount(options: { root: string; output: string; full: boolean }): Promise<number> {
  const set = Number(process.env.NEWSROOM_BUILD_PROCESSES);
  if (Number.isInteger(set) && set >= 1) return Math.min(set, 8);
  if (os.availableParallelism() < 2) return 1;
  // The plugin's default folders: a site that moves them simply builds in one process.
  const earlier = await fs.stat(manifestPath(path.join(options.root, ".cache/newsroom"), options.output)).then(() => true, () => false);
  if (earlier && !options.full) return 1;
  return (await countArticles(path.join(options.root, "articles"), SHARE_FROM)) >= SHARE_FROM ? 2 : 1;
}

async function countArticles(dir: string, enough: number): Promise<number> {
  let count = 0;
  const entries = await fs.readdir(dir, { recursive: true }).catch(() => [] as string[]);
  for (const name of entries) if (name.endsWith(".md") && ++count >= enough) break;
  return count;
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
