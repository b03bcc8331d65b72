import fs from "node:fs";
import path from "node:path";
import createDebug from "debug";
import { fileOfUrl } from "../build/site-files.ts";
import { statOnThread } from "../build/stat-thread.ts";

const debug = createDebug("Newsroom:PageFiles");

/**
 * Which page files of the last build are no longer in the live site. A page whose key did not
 * change is kept only when its file is still there (src/pages/page-plan.ts), so that a page
 * deleted from `_site/` by hand is rendered again. That is one stat per page: 30,000 at 20,000
 * articles, a quarter of a second of the main thread. `buildSite` knows the pages as soon as it
 * has read the page manifest, before it loads Eleventy, so the stats are made then, on a worker
 * thread (the other core), and the plugin awaits the answer when it plans: long since there.
 *
 * `files` are relative to `output` (absolute). Resolves to those that are not a file (missing,
 * a folder, a broken link); never rejects (src/build/stat-thread.ts).
 */
export async function missingFiles(output: string, files: readonly string[]): Promise<ReadonlySet<string>> {
  const started = performance.now();
  const { stat, how } = await statOnThread(files, output);
  const missing = files.filter((_file, i) => stat(i) === undefined);
  debug("%d of %d page files missing (%s, %d ms)", missing.length, files.length, how, Math.round(performance.now() - started));
  return new Set(missing);
}

/**
 * The page files the preview's last build left in its folder, and which of them a writer deleted
 * by hand since. The preview's builder trusts its own last build (src/index.ts) instead of
 * stat'ing 30,000 files on every save: done on a worker thread while the articles load, those
 * stats still cost a 20,000-article save 0.4-0.8 s on two cores, shared with the builder and
 * Pagefind. So:
 *   - `look()` starts the full check once the open tabs were told to reload (src/dev/after-reload.ts),
 *     and the next build renders again what it found missing (`files()`, which waits for it);
 *   - `folderGone()` is asked at the start of each build: a few stats, one per top-level entry of
 *     the pages (the section folders, tags/, index.html…), so a folder deleted whole, or the
 *     output itself, is noticed at once, and the build then checks every page (the caller).
 * A single page deleted after the look is rendered again by the save after next, or when the
 * preview restarts.
 */
export class PagesWatch {
  readonly #output: string;
  readonly #urls: readonly string[];
  #files: string[] | undefined;
  #found: Promise<ReadonlySet<string>> | undefined;

  /** `output`: the folder (absolute); `urls`: the pages' URLs (their files: fileOfUrl, worked out when first needed). */
  constructor(output: string, urls: readonly string[]) {
    this.#output = output;
    this.#urls = urls;
  }

  get #pageFiles(): string[] {
    return (this.#files ??= this.#urls.map(fileOfUrl));
  }

  /** Starts looking for every file, on another thread. */
  look(): void {
    this.#found ??= missingFiles(this.#output, this.#pageFiles);
  }

  /** The files found missing (looking now, if `look` was never called). */
  files(): Promise<ReadonlySet<string>> {
    this.look();
    return this.#found!;
  }

  /** Whether a top-level entry of the pages (or the folder itself) is gone. */
  folderGone(): boolean {
    const tops = new Set(this.#pageFiles.map((file) => file.split(/[\\/]/)[0]!));
    return [...tops].some((top) => !fs.existsSync(path.join(this.#output, top)));
  }
}

/** The same check on this thread. */
export function missingHere(output: string, files: readonly string[]): string[] {
  return files.filter((file) => !isPageFile(output, file));
}

/** Whether `file` (relative to `output`) is a file there now: one stat, on this thread. */
export function isPageFile(output: string, file: string): boolean {
  return fs.statSync(path.join(output, file), { throwIfNoEntry: false })?.isFile() ?? false;
}
