import fs from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Eleventy } from "@11ty/eleventy";
import type { ImageReport } from "../images/image-store.ts";
import { formatReport, resetReport, takeReport, type BuildReport } from "./build-report.ts";
import { releaseWrittenPages } from "./release-written-pages.ts";

/**
 * `npm run build`: the production build. Eleventy writes into a fresh sibling folder and only a
 * complete, successful build replaces the previous output, so a bad article (or any failure)
 * leaves the site that is already there untouched and nothing half-written.
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
  pages: number;
  /** What the image step did (encoded, reused from the cache, failed). */
  images?: ImageReport;
  /** Images, articles held back and warnings: what `npm run build` prints. */
  report: BuildReport;
}

export async function buildSite(options: BuildOptions): Promise<BuildResult> {
  let pages = 0;
  let report: BuildReport | undefined;
  const root = path.resolve(options.root);
  const output = path.resolve(root, options.output ?? "_site");
  const staging = `${output}.next-${process.pid}`;
  const retired = `${output}.old-${process.pid}`;
  const cwd = process.cwd();
  await removeLeftovers(output);
  // Each page's HTML is dropped once written, so memory does not grow with the rendered site.
  await releaseWrittenPages();
  // A production build never shows drafts or embargoed articles, whatever the shell says.
  const previewEnv = process.env.NEWSROOM_PREVIEW;
  if (options.preview) process.env.NEWSROOM_PREVIEW = "1";
  else delete process.env.NEWSROOM_PREVIEW;
  const fullEnv = process.env.NEWSROOM_FULL_BUILD;
  if (options.full) process.env.NEWSROOM_FULL_BUILD = "1";
  else delete process.env.NEWSROOM_FULL_BUILD;
  try {
    // Eleventy resolves its folders against the working directory.
    process.chdir(root);
    const eleventy = new Eleventy(undefined, staging, {
      configPath: options.config ?? ".eleventy.ts",
      quietMode: options.quiet ?? false,
    });
    // Eleventy would print a failure with its stack trace; the caller reports it once, plainly.
    if (options.quiet) eleventy.disableLogger();
    resetReport();
    const result = (await eleventy.write()) as unknown[];
    report = takeReport();
    pages = result.flat(Infinity).filter((r) => typeof r === "object" && r !== null && "outputPath" in r).length;
  } catch (error) {
    // Eleventy may still be copying public/ into the staging folder when a data error stops it,
    // so removing it can race those writes (ENOTEMPTY). What is left is removed by the next
    // build; the article's error is what the writer must see, never this clean-up's.
    await fs.rm(staging, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 }).catch(() => undefined);
    throw error;
  } finally {
    process.chdir(cwd);
    if (previewEnv === undefined) delete process.env.NEWSROOM_PREVIEW;
    else process.env.NEWSROOM_PREVIEW = previewEnv;
    if (fullEnv === undefined) delete process.env.NEWSROOM_FULL_BUILD;
    else process.env.NEWSROOM_FULL_BUILD = fullEnv;
  }
  // Two renames: between them there is briefly no output folder, never a half-written one.
  const hadOutput = await fs.stat(output).then(() => true, () => false);
  if (hadOutput) await fs.rename(output, retired);
  try {
    await fs.rename(staging, output);
  } catch (error) {
    if (hadOutput) await fs.rename(retired, output);
    throw error;
  }
  if (hadOutput) await fs.rm(retired, { recursive: true, force: true });
  report ??= takeReport();
  return { output, pages, images: report.images, report };
}

/** Staging or retired folders left by an interrupted build (killed mid-way). */
async function removeLeftovers(output: string): Promise<void> {
  const dir = path.dirname(output);
  const prefix = `${path.basename(output)}.`;
  for (const name of await fs.readdir(dir).catch(() => [] as string[])) {
    if (name.startsWith(prefix) && /\.(next|old)-\d+$/.test(name)) {
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
  buildSite({ root: process.cwd(), quiet: !process.argv.includes("--verbose"), full: process.argv.includes("--full") }).then(
    ({ output, pages, report }) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const lines = formatReport(report);
      if (lines) console.log(lines);
      console.log(`Newsroom: built ${pages} pages into ${path.relative(process.cwd(), output)}/ in ${seconds} s`);
    },
    (error: unknown) => {
      console.error(`\n${describe(error)}\n\nThe build failed; the previous output (if any) is unchanged.`);
      process.exitCode = 1;
    },
  );
}
