import fs from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Eleventy } from "@11ty/eleventy";
import type { ImageReport } from "../images/image-store.ts";
import { formatReport, resetReport, takeReport, type BuildReport } from "./build-report.ts";
import { releaseWrittenPages } from "./release-written-pages.ts";
import { commitOutput } from "./commit-output.ts";
import { dropManifest, writeManifest } from "./page-manifest.ts";
import { beginStagedBuild, endStagedBuild, type SitePlan, type StagedBuild } from "./staged-build.ts";
import { mergeInto, shardCount, startShard, type ShardResult } from "./render-shards.ts";
import { cachePageCompiles } from "./cache-page-compiles.ts";

/**
 * `npm run build`: the production build. Eleventy writes the pages that changed into a fresh
 * sibling folder (src/pages/page-plan.ts decides which), and only a complete, successful build is
 * committed into the site folder, file by file, where bytes differ (src/build/commit-output.ts).
 * A bad article (or any failure) leaves the site that is already there untouched.
 */

export interface BuildOptions {
  /** Project root (where .eleventy.ts lives). */
  root: string;
  /** Output folder, relative to root or absolute. */
  output?: string;
  /** Eleventy config, relative to root. */
  config?: string;
  /** Build the preview (drafts and embargoes shown). Only tests and tools set this; `npm run build` never does. */
  preview?: boolean;
  /** Silence Eleventy's own logging (per-file lines and its copy of any error). */
  quiet?: boolean;
  /** Ignore every cache of earlier builds (articles, pages; not encoded photos): `npm run build -- --full`. */
  full?: boolean;
}

export interface BuildResult {
  output: string;
  /** Pages rendered by this build. */
  pages: number;
  /** Files of the site: written (new or changed), left as they were, deleted. */
  files?: { written: number; unchanged: number; deleted: number };
  /** What the image step did (encoded, reused from the cache, failed). */
  images?: ImageReport;
  /** Images, articles held back and warnings: what `npm run build` prints. */
  report: BuildReport;
}

export async function buildSite(options: BuildOptions): Promise<BuildResult> {
  const root = path.resolve(options.root);
  const output = path.resolve(root, options.output ?? "_site");
  const staging = `${output}.next-${process.pid}`;
  const full = options.full ?? false;
  await removeLeftovers(output);
  // NEWSROOM_BUILD_PROCESSES=2 shares the rendering with a second process (src/build/render-shards.ts).
  const count = shardCount();
  const shard = count > 1 ? { index: 0, count } : undefined;
  // Every process of one build must see the same clock (an embargo lifting between them would
  // give them different sites).
  const fixedNow = count > 1 && !process.env.NEWSROOM_NOW ? new Date().toISOString() : undefined;
  if (fixedNow) process.env.NEWSROOM_NOW = fixedNow;
  const others = Array.from({ length: count - 1 }, (_, i) =>
    startShard({ root, output, config: options.config, full, preview: options.preview, shard: { index: i + 1, count }, now: process.env.NEWSROOM_NOW }),
  );
  let rendered: Rendered;
  let helpers: ShardResult[];
  try {
    rendered = await renderStaged({ ...options, root, staging, staged: { output, full, shard } });
    helpers = await Promise.all(others.map((o) => o.result));
  } catch (error) {
    endStagedBuild();
    for (const other of others) other.stop();
    await Promise.allSettled(others.map((o) => o.result));
    // Eleventy may still be copying public/ into the staging folder when a data error stops it,
    // so removing it can race those writes (ENOTEMPTY). What is left is removed by the next
    // build; the article's error is what the writer must see, never this clean-up's.
    for (const dir of [staging, ...others.map((o) => o.staging)]) {
      await fs.rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 }).catch(() => undefined);
    }
    throw error;
  } finally {
    if (fixedNow) delete process.env.NEWSROOM_NOW;
  }
  const { plan, report } = rendered;
  let pages = rendered.pages;
  for (const helper of helpers) {
    if (plan && helper.digest !== plan.digest) {
      throw new Error("Newsroom: the processes of this build planned different sites (did articles change during the build?). Build again.");
    }
    pages += helper.pages;
    await mergeInto(helper.staging, staging);
  }
  // The manifest goes first: should the commit be cut short, the next build is a full one.
  if (plan) await dropManifest(plan.manifestFile);
  const committed = await commitOutput({ staging, output, kept: plan?.kept ?? [], previousFiles: plan?.previousFiles });
  if (plan) await writeManifest(plan.manifestFile, { output, pages: plan.pages, outputs: plan.outputs, files: committed.files });
  const { written, unchanged, deleted } = committed;
  return { output, pages, files: { written, unchanged, deleted }, images: report.images, report };
}

interface Rendered {
  pages: number;
  report: BuildReport;
  plan?: SitePlan;
}

/**
 * One Eleventy run of the site at `root` into `staging`, as part of the staged build `staged`:
 * what buildSite runs, and each helper process of a shared build (src/build/render-shards.ts).
 * Throws what Eleventy throws; leaves `staging` for the caller to keep or remove.
 */
export async function renderStaged(options: BuildOptions & { root: string; staging: string; staged: StagedBuild }): Promise<Rendered> {
  const cwd = process.cwd();
  // Each page's HTML is dropped once written, so memory does not grow with the rendered site.
  await releaseWrittenPages();
  // A paginated template is compiled once, not once per page.
  await cachePageCompiles();
  // A production build never shows drafts or embargoed articles, whatever the shell says.
  const previewEnv = process.env.NEWSROOM_PREVIEW;
  if (options.preview) process.env.NEWSROOM_PREVIEW = "1";
  else delete process.env.NEWSROOM_PREVIEW;
  const fullEnv = process.env.NEWSROOM_FULL_BUILD;
  if (options.full) process.env.NEWSROOM_FULL_BUILD = "1";
  else delete process.env.NEWSROOM_FULL_BUILD;
  try {
    // Eleventy resolves its folders against the working directory.
    process.chdir(options.root);
    const eleventy = new Eleventy(undefined, options.staging, {
      configPath: options.config ?? ".eleventy.ts",
      quietMode: options.quiet ?? false,
    });
    // Eleventy would print a failure with its stack trace; the caller reports it once, plainly.
    if (options.quiet) eleventy.disableLogger();
    resetReport();
    beginStagedBuild(options.staged);
    const result = (await eleventy.write()) as unknown[];
    const pages = result.flat(Infinity).filter((r) => typeof r === "object" && r !== null && "outputPath" in r).length;
    return { pages, report: takeReport(), plan: endStagedBuild() };
  } finally {
    endStagedBuild();
    process.chdir(cwd);
    if (previewEnv === undefined) delete process.env.NEWSROOM_PREVIEW;
    else process.env.NEWSROOM_PREVIEW = previewEnv;
    if (fullEnv === undefined) delete process.env.NEWSROOM_FULL_BUILD;
    else process.env.NEWSROOM_FULL_BUILD = fullEnv;
  }
}

/** Staging or retired folders left by an interrupted build (killed mid-way). */
async function removeLeftovers(output: string): Promise<void> {
  const dir = path.dirname(output);
  const prefix = `${path.basename(output)}.`;
  for (const name of await fs.readdir(dir).catch(() => [] as string[])) {
    if (name.startsWith(prefix) && /\.(next|old)-\d+(?:-\d+)?$/.test(name)) {
      await fs.rm(path.join(dir, name), { recursive: true, force: true });
    }
  }
}

/**
 * The message worth showing: an article report if one is anywhere in the chain, else the
 * innermost error (Eleventy wraps data and config errors, as `cause` or `originalError`).
 */
export function describe(error: unknown): string {
  const chain: Error[] = [];
  let current: unknown = error;
  while (current instanceof Error && !chain.includes(current)) {
    chain.push(current);
    current = current.cause ?? (current as { originalError?: unknown }).originalError;
  }
  const report = chain.find((e) => e.name === "ArticleValidationError");
  return (report ?? chain.at(-1))?.message ?? String(error);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const started = Date.now();
  const args = process.argv.slice(2);
  buildSite({ root: process.cwd(), quiet: !args.includes("--verbose"), full: args.includes("--full") }).then(
    ({ output, pages, files, report }) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const lines = formatReport(report);
      if (lines) console.log(lines);
      const changes = files ? ` (files: ${files.written} written, ${files.deleted} deleted, ${files.unchanged} rendered but unchanged)` : "";
      console.log(`Newsroom: rendered ${pages} pages into ${path.relative(process.cwd(), output)}/${changes} in ${seconds} s`);
    },
    (error: unknown) => {
      console.error(`\n${describe(error)}\n\nThe build failed; the previous output (if any) is unchanged.`);
      process.exitCode = 1;
    },
  );
}
