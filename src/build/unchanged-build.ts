import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import createDebug from "debug";
import type { BuildReport } from "./build-report.ts";
import type { PageManifest } from "./page-manifest.ts";

const debug = createDebug("Newsroom:Unchanged");

/**
 * A build with nothing to do, told without running Eleventy. `npm run build` with no file changed
 * still cost seconds (20,000 articles: loading Eleventy and the cached articles, keying 30,000
 * pages) to conclude that every page, feed and sitemap stays as it is. Before it starts Eleventy,
 * buildSite asks `unchangedSince(previous)`: the site is the same as the last build's when
 *   - every source file under the project folder has the size, modification and change time and
 *     inode it had when that build started (articles, photos, layouts, public/, the config and
 *     settings, data files; dot-folders, node_modules, the output and preview folders excepted),
 *     and the code (codeFingerprint: src/, dependency versions, Node) and the build's options and
 *     NEWSROOM_* variables are the same;
 *   - the clock has not reached the next moment the site changes by itself (the earliest embargo
 *     still pending, or a story leaving the 48-hour news sitemap: `nextChange`), nor gone back
 *     before the last build's own clock;
 *   - every file the last build left in the output folder is still a file there.
 * Then nothing is rendered, written or deleted, and the previous report is printed again. Any doubt
 * (no stamp, another version, a file written while the last build read it) means an ordinary build.
 *
 * Files outside the project folder that the config imports are not looked at: after editing one,
 * build with `--full`.
 */
export interface BuildStamp {
  /** Hash of the sources' file stats, code and options when the build started (sourcesStamp). */
  sources: string;
  /** The build's clock (ms since the epoch). */
  builtAt: number;
  /** When the site changes by itself (ms since the epoch); null: never, without a file changing. */
  nextChange: number | null;
  /** The build's report, printed again by a build that finds nothing changed. */
  report: BuildReport;
  /** cacheStamp() of the build cache folder as the build left it: a cache damaged or removed since means a build. */
  cache: string;
}

/**
 * The stats of the files in the build cache folder `dir` (the article cache, the slug store),
 * as a hash; the page manifests (`pages-*.json`), the build report's files (written after this
 * is taken) and temporary files are left out.
 */
export function cacheStamp(dir: string): string {
  const hash = createHash("sha1");
  let names: string[] = [];
  try {
    names = fs.readdirSync(dir).sort();
  } catch {
    // No cache folder: the empty stamp.
  }
  for (const name of names) {
    // Written after the stamp is taken, and not read by the next build's pages: the page manifests,
    // and the report's own files (build-report.json, the published list it compares with).
    if (/^pages-.*\.json$|^published-.*\.json$|^build-report\.json$|\.tmp$/.test(name)) continue;
    const stat = fs.statSync(path.join(dir, name), { throwIfNoEntry: false });
    if (stat?.isFile()) hash.update(`${name}\0${stat.size}\0${stat.mtimeMs}\0${stat.ino}\n`);
  }
  return hash.digest("hex");
}

/**
 * What the sources are, as a hash (hex): the stats of every file under `root` (following
 * symbolic links to folders, each folder once), `extra` (the code's fingerprint, options,
 * variables), skipping the folders in `skip` (absolute), their `<name>.*` siblings (staging
 * folders, locks), dot-folders and node_modules. Undefined when a file changed too recently for
 * its modification time to tell a later change apart (written within the file system's timestamp
 * granularity of `startedAt`): such a build records no stamp.
 *
 * `stats`, when given, receives the size and modification time of every file walked (by its
 * absolute path under `root`, as joined from it), and the real path and listing of every
 * folder, so that the build can use them instead of taking them again: the article cache trusts them (src/content/article-cache.ts), and since they
 * were taken before anything was read, what the build publishes is never older than what the
 * stamp records.
 */
export function sourcesStamp(root: string, skip: string[], extra: unknown, startedAt = Date.now(), stats?: SourceStats): string | undefined {
  const hash = createHash("sha1").update(JSON.stringify(extra));
  const skipped = skip.map((dir) => path.resolve(dir));
  const isSkipped = (full: string) => skipped.some((dir) => full === dir || (path.dirname(full) === path.dirname(dir) && full.startsWith(`${dir}.`)));
  const seen = new Set<string>();
  let racy = false;
  const walk = (dir: string, rel: string) => {
    let real: string;
    try {
      // The system's realpath, one call: fs.realpathSync looks at every part of the path in
      // JavaScript, 0.16 s for the 20,000 folders of an archive with a folder per article.
      real = fs.realpathSync.native(dir);
    } catch {
      return;
    }
    if (seen.has(real)) return;
    seen.add(real);
    const entries = fs.readdirSync(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    stats?.setFolder(dir, real, entries);
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      const name = `${rel}${entry.name}`;
      if (entry.name === "node_modules" || isSkipped(full)) continue;
      const stat = fs.statSync(full, { throwIfNoEntry: false });
      if (!stat) {
        hash.update(`${name}\0broken link\n`);
        continue;
      }
      if (stat.isDirectory()) {
        if (entry.name.startsWith(".")) continue;
        hash.update(`${name}/\n`);
        walk(full, `${name}/`);
        continue;
      }
      hash.update(`${name}\0${stat.size}\0${stat.mtimeMs}\0${stat.ctimeMs}\0${stat.ino}\n`);
      stats?.set(full, stat.size, stat.mtimeMs, entry.isFile());
      // A file system with whole-second times (FAT has two) cannot tell a write in the same
      // second apart; one with finer times, one within a few milliseconds.
      const grain = stat.mtimeMs % 1000 === 0 ? 2000 : 50;
      if (Math.max(stat.mtimeMs, stat.ctimeMs) > startedAt - grain) racy = true;
    }
  };
  walk(root, "");
  if (racy) {
    debug("a source changed as the build started: no stamp");
    return undefined;
  }
  return hash.digest("hex");
}

/**
 * The size and modification time (ms) of files by absolute path, as sourcesStamp found them, and
 * whether each is a plain file (its folder entry a regular file, not a symbolic link).
 * Packed in one array: 20,000 fs.Stats objects kept alive until the articles are loaded cost the
 * walk more garbage collection (0.1-0.2 s) than the stats they spare.
 */
export class SourceStats {
  #index = new Map<string, number>();
  #values = new Float64Array(3 * 1024);
  #folders = new Map<string, { real: string; entries: fs.Dirent[] }>();

  /** Records the real path (fs.realpath) of the folder `dir`, as joined from the root, and what it lists. */
  setFolder(dir: string, real: string, entries: fs.Dirent[]): void {
    this.#folders.set(dir, { real, entries });
  }

  /** The real path of the folder `dir` when the walk went through it. */
  folder(dir: string): string | undefined {
    return this.#folders.get(dir)?.real;
  }

  /** What the folder `dir` listed when the walk went through it (sorted by name); else undefined. */
  listing(dir: string): fs.Dirent[] | undefined {
    return this.#folders.get(dir)?.entries;
  }

  /** `plain`: the folder entry is a regular file (not a symbolic link), so the stat is its lstat too. */
  set(file: string, size: number, mtimeMs: number, plain = false): void {
    let at = this.#index.get(file);
    if (at === undefined) {
      at = this.#index.size * 3;
      if (at + 3 > this.#values.length) {
        const grown = new Float64Array(this.#values.length * 2);
        grown.set(this.#values);
        this.#values = grown;
      }
      this.#index.set(file, at);
    }
    this.#values[at] = size;
    this.#values[at + 1] = mtimeMs;
    this.#values[at + 2] = plain ? 1 : 0;
  }

  /** The stat of `file` (following symbolic links), when the walk saw it. */
  get(file: string): { size: number; mtimeMs: number } | undefined {
    const at = this.#index.get(file);
    return at === undefined ? undefined : { size: this.#values[at]!, mtimeMs: this.#values[at + 1]! };
  }

  /** The stat of `file` when the walk saw it as a plain file (what fs.lstat would say of it then); else undefined. */
  plain(file: string): { size: number; mtimeMs: number } | undefined {
    const at = this.#index.get(file);
    return at === undefined || this.#values[at + 2] !== 1 ? undefined : { size: this.#values[at]!, mtimeMs: this.#values[at + 1]! };
  }

  get size(): number {
    return this.#index.size;
  }

  /** The files, in the order they were walked. */
  files(): string[] {
    return [...this.#index.keys()];
  }
}

/**
 * The NEWSROOM_* variables and TZ that can change a site (every one but the clock, which
 * `builtAt`/`nextChange` cover, and the wait and process count, which cannot change the output).
 */
export function stampedEnvironment(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(env).sort()) {
    if (!/^NEWSROOM_|^TZ$/.test(name)) continue;
    if (["NEWSROOM_NOW", "NEWSROOM_BUILD_WAIT", "NEWSROOM_BUILD_PROCESSES", "NEWSROOM_PREVIEW", "NEWSROOM_FULL_BUILD"].includes(name)) continue;
    out[name] = env[name]!;
  }
  return out;
}

/**
 * The next moment (ms since the epoch) the site changes with no file changing, for articles at
 * `now`: the earliest embargo still pending, or the moment a published story leaves the news
 * sitemap (`newsWindowMs` after it). Null when neither will happen.
 */
export function nextChange(articles: Iterable<{ status: string; timestamp: number }>, now: number, newsWindowMs: number): number | null {
  let next = Infinity;
  for (const { status, timestamp } of articles) {
    if (status === "embargoed" && timestamp > now) next = Math.min(next, timestamp);
    else if (status === "published" && timestamp + newsWindowMs > now) next = Math.min(next, timestamp + newsWindowMs);
  }
  return Number.isFinite(next) ? next : null;
}

/**
 * True when a build with sources `sources` at the clock `now` would give the site `previous`
 * describes (see BuildStamp), the build cache `cacheDir` is as that build left it, and every file it lists is still a file in `output`.
 */
export function unchangedSince(previous: PageManifest | undefined, sources: string | undefined, now: number, output: string, cacheDir: string): boolean {
  const stamp = previous?.stamp;
  if (!stamp || sources === undefined || !previous?.files || Number.isNaN(now)) return false;
  if (stamp.sources !== sources) return why("a source, the code or an option changed");
  if (stamp.cache !== cacheStamp(cacheDir)) return why("the build cache changed since the last build");
  if (now < stamp.builtAt) return why("the clock is before the last build's");
  if (stamp.nextChange !== null && now >= stamp.nextChange) return why("an embargo lifted or a story left the news sitemap");
  // One synchronous stat per file: a file deleted from the output by hand is written again.
  for (const file of previous.files) {
    if (!(fs.statSync(path.join(output, file), { throwIfNoEntry: false })?.isFile() ?? false)) return why(`${file} is missing from the output`);
  }
  debug("nothing changed since the last build");
  return true;
}

function why(reason: string): false {
  debug("building: %s", reason);
  return false;
}
