import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/**
 * Feeds and sitemaps keyed like pages (src/pages/page-keys.ts): a file is written again only when
 * what it is made from changed since the previous build, or when it went missing from the live
 * site. A key hashes the renderer's fingerprint (code, layouts, settings: any change writes every
 * file again), the file names and the caller's parts (for a feed, the articles in it; for a
 * sitemap, its URLs and their lastmod). Keys live in the page manifest (`outputs`), next to the
 * pages' keys (`npm run build`); the preview's builder keeps its last build's in memory (src/index.ts).
 */
export class OutputKeys {
  /** File (relative to the site folder) → key, of every keyed file of this build. */
  readonly keys: Record<string, string> = {};
  /** Keyed files this build leaves as they are in the live site (relative). */
  readonly kept: string[] = [];
  readonly #fingerprint: string;
  readonly #previous: Record<string, string> | undefined;
  readonly #live: string | undefined;

  /**
   * `fingerprint`: rendererFingerprint() of this build. `previous`: the keys the last build
   * recorded (undefined: write everything). `live`: the live site folder (absolute).
   */
  constructor(fingerprint: string, previous?: Record<string, string>, live?: string) {
    this.#fingerprint = fingerprint;
    this.#previous = previous;
    this.#live = live;
  }

  /**
   * Records the key of `files` (made together from `parts`, in order). True when every one of
   * them was made from the same key by the previous build and is still a file in the live site:
   * the caller then writes none of them, and they are kept.
   */
  unchanged(files: readonly string[], parts: Iterable<string>): boolean {
    const hash = createHash("sha1").update(this.#fingerprint);
    for (const file of files) hash.update(`\nfile ${file}`);
    for (const part of parts) hash.update(`\n${part}`);
    const key = hash.digest("hex");
    for (const file of files) this.keys[file] = key;
    const previous = this.#previous;
    const live = this.#live;
    if (previous === undefined || live === undefined) return false;
    const same = files.every((file) => previous[file] === key && isFile(path.join(live, file)));
    if (same) this.kept.push(...files);
    return same;
  }
}

function isFile(file: string): boolean {
  return fs.statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
}
