import fs from "node:fs/promises";
import { rmSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ImageReport } from "../images/image-store.ts";
import { finishReport, formatReport, resetReport, takeReport, type BuildReport } from "./build-report.ts";
import { releaseWrittenPages } from "./release-written-pages.ts";
import { announceWrittenPages } from "./page-written.ts";
import { commitOutput, type CommitResult } from "./commit-output.ts";
import { dropManifest, manifestPath, readManifest, writeManifest } from "./page-manifest.ts";
import { cacheStamp, SourceStats, sourcesStamp, stampedEnvironment, unchangedSince, type BuildStamp } from "./unchanged-build.ts";
import { codeFingerprint } from "./fingerprint.ts";
import { buildClock } from "./build-clock.ts";
import { beginStagedBuild, endStagedBuild, type KnownBeforeEleventy, type SitePlan, type StagedBuild } from "./staged-build.ts";
import { mergeInto, shardCount, startShard, type ShardResult } from "./render-shards.ts";
import { cachePageCompiles, forgetCompiledLayouts } from "./cache-page-compiles.ts";
import { checkOutputFolder } from "./output-folder.ts";
import { lockOutput, processExists, type LockHolder, type OutputLock } from "./output-lock.ts";
import { fileOfUrl, siteFiles } from "./site-files.ts";
import { missingFiles } from "../pages/page-files.ts";
import { SiteError } from "../content/errors.ts";
import { articleCacheFile } from "../content/article-cache.ts";
import { describeBuildError, withLayoutError } from "./error-text.ts";
import { partFiles, stagedPages, writeSearchParts, type SearchIndexResult } from "../outputs/search-index.ts";
import { ThreadedIndexer } from "../outputs/search-thread.ts";
import { SearchStream } from "../outputs/search-stream.ts";
import { findConfigFile } from "../package/project-files.ts";
import { loadTypeScriptFor } from "../cli/typescript-loader.ts";

/**
 * `npm run build`: the production build. Eleventy writes the pages that changed into a fresh
 * sibling folder (src/pages/page-plan.ts decides which), and only a complete, successful build is
 * committed into the site folder, file by file, where bytes differ (src/build/commit-output.ts).
 * A bad article (or any failure) leaves the site that is already there untouched.
 *
 * One build at a time per output folder: a build checks the folder can be written
 * (src/build/output-folder.ts), then holds `<output>.lock` (src/build/output-lock.ts) from
 * before it renders until it has committed; a second build waits for it. Errors: SiteError
 * (src/content/errors.ts) for the folder, the lock and layouts; ArticleValidationError for
 * articles; describeBuildError (src/build/error-text.ts) words either.
 */

export interface BuildOptions {
  /** Project root (where .eleventy.ts lives). */
  root: string;
  /** Output folder, relative to root or absolute. */
  output?: string;
  /** Eleventy config, relative to root; default the first of src/package/project-files.ts CONFIG_FILES there. */
  config?: string;
  /** Build the preview (drafts and embargoes shown). Only tests and tools set this; `npm run build` never does. */
  preview?: boolean;
  /** Silence Eleventy's own logging (per-file lines and its copy of any error). */
  quiet?: boolean;
  /** Write the reader search's index (default true); bench/search.ts turns it off to measure what it costs. */
  search?: boolean;
  /** Ignore every cache of earlier builds (articles, pages; not encoded photos): `npm run build -- --full`. */
  full?: boolean;
  /**
   * Told when this build waits for another build of the same output folder (src/build/output-lock.ts);
   * default: a line on stderr. NEWSROOM_BUILD_WAIT (seconds, default 600; 0 refuses at once)
   * sets how long it waits before failing with BuildBusy.
   */
  onWait?: (holder: LockHolder) => void;
}

export interface BuildResult {
  output: string;
  /** Pages rendered by this build. */
  pages: number;
  /** Files of the site: written (new or changed), left as they were, deleted. */
  files?: { written: number; unchanged: number; deleted: number };
  /** What the image step did (encoded, reused from the cache, failed). */
  images?: ImageReport;
  /**
   * True when nothing had changed since the last build (src/build/unchanged-build.ts): Eleventy
   * did not run, and the output folder was left as it was.
   */
  unchanged?: boolean;
  /** Images, articles held back and warnings: what `npm run build` prints. */
  report: BuildReport;
  /** The reader search's index (src/outputs/search-index.ts): pages indexed, files, bytes, time. */
  search?: SearchIndexResult;
}

export async function buildSite(options: BuildOptions): Promise<BuildResult> {
  const root = path.resolve(options.root);
  const output = path.resolve(root, options.output ?? "_site");
  const shown = shownPath(root, output);
  // Fail before rendering anything when the site could not be written anyway.
  await checkOutputFolder(output, shown);
  // The lock and the staging folder go beside the output folder (an output of "dist/site" in a
  // fresh checkout has no dist/ yet).
  await fs.mkdir(path.dirname(output), { recursive: true });
  const lock = await lockOutput(output, {
    waitMs: buildWaitMs(),
    onWait: options.onWait ?? ((holder) => console.error(waitingMessage(holder, shown))),
  });
  try {
    return await buildLocked(options, root, output, shown, lock);
  } finally {
    await lock.release();
  }
}

/** How long a build waits for another build of the same folder: NEWSROOM_BUILD_WAIT seconds, default 10 minutes. */
function buildWaitMs(): number {
  const value = Number(process.env.NEWSROOM_BUILD_WAIT);
  return process.env.NEWSROOM_BUILD_WAIT !== undefined && Number.isFinite(value) && value >= 0 ? value * 1000 : 10 * 60_000;
}

/** What a build prints when it starts waiting for another one. */
export function waitingMessage(holder: LockHolder, shown: string): string {
  return `Newsroom: waiting for the build in process ${holder.pid} to finish writing ${shown}/ (it started at ${holder.since})…`;
}

/** `output` as messages name it: relative to the project when inside it. */
function shownPath(root: string, output: string): string {
  const rel = path.relative(root, output);
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel.split(path.sep).join("/") : output;
}

async function buildLocked(options: BuildOptions, root: string, output: string, shown: string, lock: OutputLock): Promise<BuildResult> {
  const staging = `${output}.next-${process.pid}`;
  // NEWSROOM_FULL_BUILD=1 forces a cold build as `--full` does (the plugin's own reading of it is for
  // Eleventy run without buildSite).
  const full = (options.full ?? false) || process.env.NEWSROOM_FULL_BUILD === "1";
  await removeLeftovers(output);
  // NEWSROOM_BUILD_PROCESSES=2 shares the rendering with a second process (src/build/render-shards.ts).
  const count = shardCount();
  // Nothing changed since the last build: no need to start Eleventy (src/build/unchanged-build.ts).
  // The stamp is taken before anything is read, so a file saved during this build makes the next one build.
  // Its stats are handed to the plugin, which needs them again (the article cache): each file is stat'ed once.
  const stats = new SourceStats();
  const sources = sourcesStamp(
    root,
    [output, path.join(root, "_preview")],
    {
      code: await codeFingerprint(),
      config: options.config ?? ".eleventy.ts",
      output,
      preview: options.preview ?? false,
      env: stampedEnvironment(),
    },
    Date.now(),
    stats,
  );
  const known: KnownBeforeEleventy = { stats };
  // Where the plugin keeps the page manifest by default (a site with its own `cache` folder always builds).
  const defaultCache = path.join(root, ".cache", "newsroom");
  const defaultManifest = manifestPath(defaultCache, output);
  if (!full) {
    const previous = await readManifest(defaultManifest, output);
    // The plugin plans with the same manifest (src/index.ts), read once.
    known.manifest = { file: defaultManifest, value: previous };
    const now = buildNow(options.preview ?? false);
    if (previous?.stamp && unchangedSince(previous, sources, now, output, defaultCache)) {
      const report = unchangedReport(previous.stamp.report, now);
      const files = { written: 0, unchanged: 0, deleted: 0 };
      // The same report as a build that rendered: "none new", the next embargo counted from now, the JSON for tools.
      if (!options.preview) await finishReport(report, { output, shown, pages: 0, files });
      return { output, pages: 0, files, images: report.images, report, unchanged: true };
    }
    // A page kept from the last build must still be in the output folder: its file is looked for
    // now, on another thread, while Eleventy loads (src/pages/page-files.ts).
    if (previous) known.missingPages = missingFiles(output, Object.keys(previous.pages).map(fileOfUrl));
    // The article cache (55 MB at 20,000 articles) is read meanwhile too, instead of after Eleventy has loaded.
    const cacheFile = articleCacheFile(defaultCache);
    const data = fs.readFile(cacheFile).catch(() => undefined);
    known.articleCache = { file: cacheFile, data };
  }
  const shard = count > 1 ? { index: 0, count } : undefined;
  // Every process of one build must see the same clock (an embargo lifting between them would
  // give them different sites).
  const fixedNow = count > 1 && !process.env.NEWSROOM_NOW ? new Date().toISOString() : undefined;
  if (fixedNow) process.env.NEWSROOM_NOW = fixedNow;
  const others = Array.from({ length: count - 1 }, (_, i) =>
    startShard({ root, output, config: options.config, full, preview: options.preview, shard: { index: i + 1, count }, now: process.env.NEWSROOM_NOW }),
  );
  const stagingFolders = [staging, ...others.map((o) => o.staging)];
  removeOnExit(stagingFolders);
  // The reader search's index, each part made as soon as its pages are written, on another core
  // while Eleventy renders the rest (src/outputs/search-stream.ts). A build shared between
  // processes makes it after all have rendered (the pages are in several staging folders).
  const stream =
    options.search !== false && count === 1
      ? new SearchStream(new ThreadedIndexer(staging, output))
      : undefined;
  let rendered: Rendered;
  let helpers: ShardResult[];
  try {
    rendered = await renderStaged({
      ...options,
      root,
      staging,
      staged: { output, full, shard, known, search: stream, written: stream && ((url) => stream.written(url)) },
    });
    helpers = await Promise.all(others.map((o) => o.result));
  } catch (error) {
    endStagedBuild();
    await stream?.stop();
    for (const other of others) other.stop();
    await Promise.allSettled(others.map((o) => o.result));
    // Eleventy may still be copying public/ into the staging folder when a data error stops it,
    // so removing it can race those writes (ENOTEMPTY). The article's error is what the writer
    // must see, never this clean-up's; what is left is removed when the process exits
    // (removeOnExit: by then the copy is over) or by the next build.
    for (const dir of stagingFolders) {
      await fs.rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 }).catch(() => undefined);
    }
    throw withLayoutError(error, root);
  } finally {
    if (fixedNow) delete process.env.NEWSROOM_NOW;
  }
  const { plan, report } = rendered;
  let committed: CommitResult;
  let pages = rendered.pages;
  let search: SearchIndexResult | undefined;
  try {
    for (const helper of helpers) {
      if (plan && helper.digest !== plan.digest) {
        throw new Error("Newsroom: the processes of this build planned different sites (did articles change during the build?). Build again.");
      }
      pages += helper.pages;
      await mergeInto(helper.staging, staging);
    }
    // The reader search, over every article page of the new site: rendered by this build
    // (staged) or kept from the last one (live). Written into the staging folder, so it is
    // committed with the pages, and a failure leaves the site as it was. Kept as it is when none
    // of those pages changed.
    const kept = [...(plan?.kept ?? [])];
    // Always awaited: it also ends the indexer's thread when the plugin planned no index.
    const streamed = await stream?.finish();
    if (plan?.search && options.search !== false) {
      for (const part of plan.search) if (part.kept) kept.push(...(await partFiles(part, output)));
      if (streamed) {
        if (streamed.changed > 0) search = streamed.result;
        kept.push(...(streamed.result.kept ?? []));
      } else {
        const changed = plan.search.filter((part) => !part.kept);
        const parts = await Promise.all(changed.map(async (part) => ({ part, pages: await stagedPages(part.urls, staging, output) })));
        const indexed = await writeSearchParts(parts, plan.search, staging, undefined, output);
        if (changed.length > 0) search = indexed;
        kept.push(...(indexed.kept ?? []));
      }
    }
    // Never commit when another process has taken the folder meanwhile (it broke a lock it
    // wrongly thought dead, or is an older build that takes no lock).
    if (!(await lock.held())) {
      throw new SiteError("BuildIncomplete", { file: shown, reason: `another process took over ${lock.file} while this build ran.` });
    }
    // The manifest goes first: should the commit be cut short, the next build is a full one.
    if (plan) await dropManifest(plan.manifestFile);
    committed = await commitOutput({
      staging,
      output,
      kept,
      previousFiles: plan?.previousFiles,
      expected: plan ? Object.keys(plan.pages).map(fileOfUrl) : undefined,
      shown,
    });
    forgetOnExit(stagingFolders);
    const stamp: BuildStamp | undefined =
      plan && sources !== undefined && plan.builtAt !== undefined && plan.manifestFile === defaultManifest
        ? { sources, builtAt: plan.builtAt, nextChange: plan.nextChange ?? null, report, cache: cacheStamp(defaultCache) }
        : undefined;
    if (plan) await writeManifest(plan.manifestFile, { output, pages: plan.pages, outputs: plan.outputs, files: committed.files, stamp });
  } catch (error) {
    // Pagefind processes may still be writing into it (a failure before the index was finished).
    await stream?.stop();
    // The staging folder is of no use after a failure here (a commit cut short says so itself).
    for (const dir of stagingFolders) await fs.rm(dir, { recursive: true, force: true }).catch(() => undefined);
    throw error;
  }
  const { written, unchanged, deleted } = committed;
  // The report (new articles, held back, next embargo) goes to .cache/newsroom/build-report.json, never into the site.
  if (!options.preview) await finishReport(report, { output, shown, pages, files: { written, unchanged, deleted } });
  return { output, pages, files: { written, unchanged, deleted }, images: report.images, report, search };
}

/**
 * The clock of the site's config (.eleventy.ts: buildClock(NEWSROOM_NOW)) in ms; NaN when
 * NEWSROOM_NOW is wrong, so that the build runs and reports it.
 */
function buildNow(preview: boolean): number {
  try {
    return (buildClock(process.env.NEWSROOM_NOW, { preview })?.() ?? new Date()).getTime();
  } catch {
    return NaN;
  }
}

/** The report of a build that found nothing changed: the last build's, with nothing read or encoded this time. */
function unchangedReport(last: BuildReport, now: number): BuildReport {
  const report: BuildReport = { ...last, heldBack: [...last.heldBack], warnings: [...last.warnings] };
  if (last.published) report.published = { ...last.published, now: new Date(now).toISOString() };
  if (last.articles) report.articles = { total: last.articles.total, read: 0, reused: last.articles.total };
  if (last.images) report.images = { ...last.images, encoded: 0, reused: last.images.total, ms: 0 };
  return report;
}

// Staging folders of builds in this process, removed when it exits: a failed build's folder can
// still be receiving Eleventy's copy of public/ when the build gives up; at exit, that is over.
const leftAtExit = new Set<string>();
let exitHook = false;
function removeOnExit(folders: string[]): void {
  for (const folder of folders) leftAtExit.add(folder);
  if (exitHook) return;
  exitHook = true;
  process.once("exit", () => {
    for (const folder of leftAtExit) rmSync(folder, { recursive: true, force: true });
  });
}
function forgetOnExit(folders: string[]): void {
  for (const folder of folders) leftAtExit.delete(folder);
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
  const configPath = options.config ?? findConfigFile(options.root);
  // A TypeScript config when this runs as compiled JavaScript (src/cli/typescript-loader.ts).
  // Before any of Eleventy is loaded when Eleventy registers module hooks of its own on import
  // (a resolver for its watch mode): the order stays the one of `node --import …` (with tsx's
  // hooks after Eleventy's, a CommonJS config lost its settings). When it registers none
  // (ELEVENTY_SKIP_ESM_RESOLVER, which the launcher sets for `npm run build`: scripts/run.mjs),
  // after: Eleventy's 300-odd modules then load with no hooks, where each would have cost a round
  // trip to the hooks' thread (0.4-0.5 s of a build's start).
  const eleventyFirst = Boolean(process.env.ELEVENTY_SKIP_ESM_RESOLVER);
  if (!eleventyFirst) await loadTypeScriptFor(options.root, [configPath]);
  // Each page's HTML is dropped once written, so memory does not grow with the rendered site.
  await releaseWrittenPages();
  // …and the reader search is told of it, to index a part once its pages are all there.
  await announceWrittenPages();
  // A paginated template is compiled once, not once per page.
  await cachePageCompiles();
  // …but never one compiled by an earlier build in this process (another site, an older partial).
  await forgetCompiledLayouts();
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
    // Loaded here, not at the top: a build with nothing to do never needs it (1.5 s of CPU).
    const { Eleventy } = await import("@11ty/eleventy");
    if (eleventyFirst) {
      // The plugin too, with its dependencies: the site's config imports this same module (the
      // hooks give its import of src/index.ts this copy), so it then loads nothing more (0.1-0.3 s).
      await import("../index.ts");
      await loadTypeScriptFor(options.root, [configPath]);
    }
    const eleventy = new Eleventy(undefined, options.staging, {
      configPath,
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

/**
 * Staging or retired folders left by an interrupted build (killed mid-way), and lock files set
 * aside while breaking a stale lock: removed when the process named in their name is no longer
 * running (never those of a running build, even one by older code that takes no lock).
 */
async function removeLeftovers(output: string): Promise<void> {
  const dir = path.dirname(output);
  const prefix = `${path.basename(output)}.`;
  for (const name of await fs.readdir(dir).catch(() => [] as string[])) {
    if (!name.startsWith(prefix)) continue;
    const match = /\.(?:next|old)-(\d+)(?:-\d+)?$/.exec(name) ?? /\.lock\.stale-(\d+)-[a-z0-9]+$/.exec(name);
    if (!match) continue;
    const pid = Number(match[1]);
    if (pid !== process.pid && processExists(pid)) continue;
    await fs.rm(path.join(dir, name), { recursive: true, force: true });
  }
}

/**
 * The text of a failed build, for a terminal: describeBuildError (src/build/error-text.ts) with
 * file names relative to the working directory.
 */
export function describe(error: unknown): string {
  return describeBuildError(error, process.cwd()).text;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const started = Date.now();
  const args = process.argv.slice(2);
  buildSite({ root: process.cwd(), quiet: !args.includes("--verbose"), full: args.includes("--full") }).then(
    ({ output, pages, files, report, unchanged }) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const lines = formatReport(report);
      if (lines) console.log(lines);
      if (unchanged) {
        console.log(`Newsroom: nothing changed since the last build; ${path.relative(process.cwd(), output)}/ left as it was (${seconds} s)`);
        return;
      }
      const changes = files ? ` (files: ${files.written} written, ${files.deleted} deleted, ${files.unchanged} rendered but unchanged)` : "";
      console.log(`Newsroom: rendered ${pages} pages into ${path.relative(process.cwd(), output)}/${changes} in ${seconds} s`);
    },
    (error: unknown) => {
      // Only a commit cut short changes the output folder; every other failure happens before.
      const changed = error instanceof SiteError && error.code === "CommitInterrupted";
      const outcome = changed ? "the output folder was changed part-way (see above)" : "the output folder is as it was";
      console.error(`\n${describe(error)}\n\nThe build failed; ${outcome}.`);
      process.exitCode = 1;
    },
  );
}
