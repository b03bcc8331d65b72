import fs from "node:fs/promises";
import path from "node:path";

/**
 * A built folder read whole, to compare two builds file by file: what an incremental build must
 * produce (the same files, the same bytes as a cold build) and what it must leave alone (the
 * modification time of every file it did not need to change).
 */

export interface TreeFile {
  bytes: Buffer;
  /** Modification time in milliseconds since the epoch (fs.Stats.mtimeMs, sub-millisecond on most file systems). */
  mtimeMs: number;
}

/** Every file under `dir`, by path relative to it with "/" separators ("world/a/index.html"), sorted. */
export type SiteTree = Map<string, TreeFile>;

/** Reads every file under `dir` (following no symlinks; a built site has none). */
export async function readTree(dir: string): Promise<SiteTree> {
  const found: [string, TreeFile][] = [];
  async function walk(folder: string): Promise<void> {
    for (const entry of await fs.readdir(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) await walk(full);
      else {
        const [bytes, stat] = await Promise.all([fs.readFile(full), fs.stat(full)]);
        found.push([path.relative(dir, full).split(path.sep).join("/"), { bytes, mtimeMs: stat.mtimeMs }]);
      }
    }
  }
  await walk(dir);
  return new Map(found.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Build-time fields: the parts of a file that may legitimately differ between two builds of the
 * same sources at the same `now`, and nothing else. Found by building one site twice at
 * different wall-clock times (test/build/incremental.test.ts "two cold builds …"): every file
 * came out byte-identical, because feeds take their date from the newest article (not the
 * clock), the news sitemap's window and the embargo cut-off from the build's `now`, and image
 * names from the photo's bytes. So the list is empty; a field that must vary with the wall clock
 * (say a feed's lastBuildDate set to the build's time) is added here, by file and pattern, with
 * the reason, so a difference anywhere else still fails.
 */
export const BUILD_TIME_FIELDS: readonly { file: RegExp; pattern: RegExp; why: string }[] = [];

/** A file's text with its build-time fields (BUILD_TIME_FIELDS) replaced by a marker. */
export function normalised(file: string, bytes: Buffer): Buffer {
  const rules = BUILD_TIME_FIELDS.filter((r) => r.file.test(file));
  if (rules.length === 0) return bytes;
  let text = bytes.toString("utf8");
  for (const rule of rules) text = text.replace(rule.pattern, "«build time»");
  return Buffer.from(text, "utf8");
}

export interface TreeDifference {
  /** Files only in the first tree. */
  onlyInFirst: string[];
  /** Files only in the second tree. */
  onlyInSecond: string[];
  /** Files in both whose (normalised) bytes differ. */
  differ: string[];
}

/** Compares two trees by file list and bytes, after `normalised`. Mtimes are ignored. */
export function compareTrees(first: SiteTree, second: SiteTree): TreeDifference {
  const onlyInFirst = [...first.keys()].filter((f) => !second.has(f));
  const onlyInSecond = [...second.keys()].filter((f) => !first.has(f));
  const differ = [...first.keys()].filter((f) => {
    const other = second.get(f);
    return other !== undefined && !normalised(f, first.get(f)!.bytes).equals(normalised(f, other.bytes));
  });
  return { onlyInFirst, onlyInSecond, differ };
}

export function isSame(difference: TreeDifference): boolean {
  return difference.onlyInFirst.length + difference.onlyInSecond.length + difference.differ.length === 0;
}

/**
 * The difference in words for a failure message: each list, and for the first differing text
 * file the first line where the two differ (long lines cut around the first differing character).
 */
export function describeDifference(difference: TreeDifference, first: SiteTree, second: SiteTree, names = ["first", "second"]): string {
  const lines: string[] = [];
  const list = (label: string, files: string[]) => {
    if (files.length > 0) lines.push(`${label} (${files.length}): ${files.slice(0, 20).join(", ")}${files.length > 20 ? ", …" : ""}`);
  };
  list(`only in ${names[0]}`, difference.onlyInFirst);
  list(`only in ${names[1]}`, difference.onlyInSecond);
  list("different bytes", difference.differ);
  const file = difference.differ[0];
  if (file !== undefined) {
    const a = first.get(file)!.bytes.toString("utf8");
    const b = second.get(file)!.bytes.toString("utf8");
    let at = 0;
    while (at < a.length && a[at] === b[at]) at++;
    const from = Math.max(0, at - 80);
    lines.push(`${file}, from character ${at}:`, `  ${names[0]}: …${a.slice(from, at + 120)}`, `  ${names[1]}: …${b.slice(from, at + 120)}`);
  }
  return lines.join("\n");
}

/**
 * Modification times closer than this are the same: a file restored with `fs.utimes` (seconds as a
 * double) can come back a few microseconds off, while a rewrite in a later build is at least
 * milliseconds later (the tests wait between builds).
 */
export const SAME_MTIME_MS = 1;

/** Files whose bytes or modification time differ between `before` and `after`, and files added or removed. */
export function touchedFiles(before: SiteTree, after: SiteTree): { changed: string[]; added: string[]; removed: string[] } {
  const changed = [...after.keys()].filter((f) => {
    const old = before.get(f);
    return old !== undefined && (Math.abs(old.mtimeMs - after.get(f)!.mtimeMs) >= SAME_MTIME_MS || !old.bytes.equals(after.get(f)!.bytes));
  });
  const added = [...after.keys()].filter((f) => !before.has(f));
  const removed = [...before.keys()].filter((f) => !after.has(f));
  return { changed, added, removed };
}
