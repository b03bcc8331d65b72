import fs from "node:fs/promises";
import path from "node:path";
import { siteFiles } from "./site-files.ts";
import { SiteError } from "../content/errors.ts";

/**
 * Moves a staged build into the live site folder, touching only what changed: a staged file whose
 * bytes equal the live one is dropped (the live file keeps its modification time, so `rsync` and
 * `aws s3 sync` upload nothing for it), any other is renamed over the live one (each file replaced
 * whole: a reader never gets half a page). Files of the previous site that the new one no longer
 * has are deleted, with the folders they leave empty. The live folder stays the same folder, so
 * one that is a symbolic link or a mount point is written through, not replaced.
 * With no live folder yet, the staging folder simply becomes it.
 */
export interface CommitOptions {
  /** Staging folder holding this build's files (absolute). Gone afterwards. */
  staging: string;
  /** Live site folder (absolute). */
  output: string;
  /** Live files the build did not stage that belong to the new site. */
  kept: string[];
  /** Every file of the previous site; undefined: every file now in the live folder. */
  previousFiles?: string[];
  /**
   * Every file the new site must have (its pages): when one is neither staged nor kept, the
   * commit stops with BuildIncomplete before touching the live folder.
   */
  expected?: string[];
  /** How messages name the live folder (default: its path). */
  shown?: string;
}

export interface CommitResult {
  /** Every file of the new site, relative to it, sorted. */
  files: string[];
  /** Files written (new or changed). */
  written: number;
  /** Staged files identical to the live ones, left untouched. */
  unchanged: number;
  deleted: number;
}

// Files compared and moved at once.
const CONCURRENCY = 16;

export async function commitOutput(options: CommitOptions): Promise<CommitResult> {
  const { staging, output } = options;
  const shown = options.shown ?? output;
  const staged = await siteFiles(staging);
  const files = [...new Set([...staged, ...options.kept])].sort();
  if (options.expected) {
    const have = new Set(files);
    const missing = options.expected.filter((file) => !have.has(file));
    if (missing.length > 0) {
      const first = missing.slice(0, 3).join(", ");
      const reason = `${missing.length} of its ${options.expected.length} pages are missing from ${path.basename(staging)} (${first}${missing.length > 3 ? ", …" : ""}): something removed them while it ran.`;
      throw new SiteError("BuildIncomplete", { file: shown, reason });
    }
  }
  const live = await fs.lstat(output).catch(() => undefined);
  if (!live) {
    await fs.rename(staging, output);
    return { files, written: staged.length, unchanged: 0, deleted: 0 };
  }
  // A link is written through; what it points to must be a folder (src/build/output-folder.ts
  // checked that before rendering).
  if (!(await isDirectory(output))) throw new SiteError("OutputNotFolder", { file: shown, reason: "no longer a folder" });
  let written = 0;
  let unchanged = 0;
  let deleted = 0;
  try {
    await eachLimited(staged, async (file) => {
      const from = path.join(staging, file);
      const to = path.join(output, file);
      if (await sameBytes(from, to)) {
        unchanged++;
        return;
      }
      await fs.mkdir(path.dirname(to), { recursive: true });
      // A folder where the new site has a file (or the reverse, handled by mkdir above failing) is
      // replaced whole.
      const existing = await fs.lstat(to).catch(() => undefined);
      if (existing?.isDirectory()) await fs.rm(to, { recursive: true, force: true });
      await fs.rename(from, to);
      written++;
    });
    const keep = new Set(files);
    const previous = options.previousFiles ?? (await siteFiles(output));
    const gone = previous.filter((file) => !keep.has(file));
    await eachLimited(gone, async (file) => {
      await fs.rm(path.join(output, file), { force: true });
      deleted++;
    });
    await removeEmptyFolders(output, gone);
  } catch (error) {
    // Said plainly: the live folder now mixes the two builds (or is untouched, if nothing moved yet).
    if (written + deleted === 0) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new SiteError("CommitInterrupted", { file: shown, reason: `${code}, after ${written} files written and ${deleted} deleted` }, { cause: error });
  }
  await fs.rm(staging, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
  return { files, written, unchanged, deleted };
}

async function sameBytes(a: string, b: string): Promise<boolean> {
  const [sa, sb] = await Promise.all([fs.stat(a), fs.stat(b).catch(() => undefined)]);
  if (!sb || !sb.isFile() || sa.size !== sb.size) return false;
  const [ba, bb] = await Promise.all([fs.readFile(a), fs.readFile(b)]);
  return ba.equals(bb);
}

async function isDirectory(dir: string): Promise<boolean> {
  return fs.stat(dir).then((s) => s.isDirectory(), () => false);
}

/** The parent folders of deleted files, deepest first, removed while empty (never `root`). */
async function removeEmptyFolders(root: string, deleted: string[]): Promise<void> {
  const folders = new Set<string>();
  for (const file of deleted) {
    for (let dir = path.posix.dirname(file); dir !== "." && dir !== ""; dir = path.posix.dirname(dir)) folders.add(dir);
  }
  for (const dir of [...folders].sort((a, b) => b.split("/").length - a.split("/").length)) {
    await fs.rmdir(path.join(root, dir)).catch(() => undefined);
  }
}

async function eachLimited<T>(items: T[], work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
}
