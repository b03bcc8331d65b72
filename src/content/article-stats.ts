import path from "node:path";
import createDebug from "debug";
import { plainFilesOnThread, statOnThread, type FolderEntry } from "../build/stat-thread.ts";
import type { FileStat } from "./article-cache.ts";

const debug = createDebug("Newsroom:ArticleStats");

/**
 * The article files' stats as the preview's builder last looked at them, so that a save does not
 * stat every article before it can reuse it from the cache (src/content/article-cache.ts): at
 * 20,000 articles those stats were a quarter of a second of every save, on the thread that
 * builds. As for the pages (PagesWatch in src/pages/page-files.ts):
 *   - `look(files)` stats every file on another thread once the open tabs were told to reload
 *     (src/dev/after-reload.ts), when the writer is reading, not waiting;
 *   - the next build, started by Eleventy's watcher for the files it saw change (its queue,
 *     `eleventy.beforeWatch`), takes the look's stats for every other file: `stats(changed)`.
 *     A file written after the look stat'ed it is in that queue, or in the next build's (a change
 *     the watcher reports once this build has started starts another one), and is stat'ed afresh.
 * What the watcher never reports (it can miss events: an overflowing inotify queue) is seen by the
 * next look, so by the save after next, never later. A build that no watcher started (the first,
 * or a restart) has no queue, and stats every file as before.
 */
export class ArticleStatsLook {
  #look:
    | Promise<{ stats: ReadonlyMap<string, FileStat>; plain: ReadonlyMap<string, FileStat>; reals: ReadonlyMap<string, string>; listings: ReadonlyMap<string, FolderEntry[]> }>
    | undefined;

  /**
   * Starts statting `files` (absolute paths) on another thread, and every plain file (no symbolic
   * link) in their folders with lstat (the photos beside them); it also takes those folders' real
   * paths and listings, and the listings of the folders above them up to `articlesDir`
   * (absolute). Replaces the last look. Resolves once it is done.
   */
  async look(files: readonly string[], articlesDir?: string): Promise<void> {
    const started = performance.now();
    const folders = new Set<string>();
    for (const file of files) {
      // Each article's folder, and the folders above it up to the articles folder: what the scan for articles lists.
      for (let dir = path.dirname(file); !folders.has(dir); dir = path.dirname(dir)) {
        folders.add(dir);
        if (!articlesDir || dir === articlesDir || !dir.startsWith(articlesDir + path.sep)) break;
      }
    }
    this.#look = Promise.all([statOnThread(files), plainFilesOnThread([...folders])]).then(([{ stat, how }, plain]) => {
      const stats = new Map<string, FileStat>();
      files.forEach((file, i) => {
        const found = stat(i);
        if (found) stats.set(file, found);
      });
      debug("looked at %d article files (%s) and %d plain files in their folders (%s) in %d ms", files.length, how, plain.files.size, plain.how, Math.round(performance.now() - started));
      return { stats, plain: plain.files, reals: plain.reals, listings: plain.listings };
    });
    await this.#look;
  }

  /**
   * The stats for a build the watcher started because `changed` (paths as Eleventy queues them,
   * relative to the working directory or absolute) changed: the last look's, less those files and
   * anything under them (a folder renamed or deleted). Undefined when nothing was looked at: then
   * every file is stat'ed. The look is used once: the build after this one needs a newer look.
   */
  async stats(
    changed: readonly string[],
  ): Promise<
    | {
        get(file: string): FileStat | undefined;
        plain(file: string): FileStat | undefined;
        folder(dir: string): string | undefined;
        listing(dir: string): readonly FolderEntry[] | undefined;
      }
    | undefined
  > {
    const look = this.#look;
    this.#look = undefined;
    if (!look) return undefined;
    const { stats, plain, reals, listings } = await look;
    const fresh = new Set(changed.map((file) => path.resolve(file)));
    // What the look did not see as a file may be a folder (renamed, deleted): anything under it is fresh too.
    const folders = [...fresh].filter((file) => !stats.has(file) && !plain.has(file)).map((folder) => folder + path.sep);
    const isFresh = (file: string) => fresh.has(file) || folders.some((folder) => file.startsWith(folder));
    const relisted = new Set<string>();
    for (const file of fresh) for (let dir = path.dirname(file); !relisted.has(dir) && dir !== path.dirname(dir); dir = path.dirname(dir)) relisted.add(dir);
    return {
      get: (file) => (isFresh(file) ? undefined : stats.get(file)),
      // A photo's lstat, when it was a plain file then (src/images/resolve-image.ts resolveKnownImage).
      plain: (file) => (isFresh(file) ? undefined : plain.get(file)),
      // The real path of an article's folder, unless the watcher reported it or a folder above it.
      folder: (dir) => (isFresh(dir) ? undefined : reals.get(dir)),
      // What a folder listed, unless something in it came, went or changed: a reported path's
      // folder and every folder above it are listed afresh (a new article's folder is new in its
      // section's listing, which the watcher reports no event for).
      listing: (dir) => (isFresh(dir) || relisted.has(dir) ? undefined : listings.get(dir)),
    };
  }
}
