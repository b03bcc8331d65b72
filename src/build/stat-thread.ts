import fs from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";

/**
 * What a stat said of one file: `size` (bytes) and `mtimeMs` (ms since the epoch) when it is a
 * regular file (a link to one counts), undefined when it is missing, a folder or a broken link.
 */
export type StatOf = (index: number) => { size: number; mtimeMs: number } | undefined;

/**
 * One stat per file of `files` (absolute, or relative to `dir`), made on a worker thread so that the thread
 * that asks goes on meanwhile: 20,000-30,000 stats take a quarter of a second. Resolves to the
 * answers by index; never rejects: should the worker fail to start or stop before answering,
 * the stats are made on this thread instead (`how` says which).
 *
 * Used for the pages of the last build (src/pages/page-files.ts) and the preview's article
 * files (src/content/article-stats.ts).
 */
export function statOnThread(files: readonly string[], dir = ""): Promise<{ stat: StatOf; how: string }> {
  return onThread(WORKER, { files, dir }, () => statHere(files, dir)).then(({ answer, how }) => ({ stat: reader(answer as Float64Array), how }));
}

/**
 * The plain files (regular files, not symbolic links) right in each of `folders` (absolute), with
 * their size and modification time (ms): one listing per folder and one lstat per file, on a
 * worker thread as statOnThread. A folder that cannot be listed has none. The preview's look at
 * the articles' photos (src/content/article-stats.ts): what fs.lstat says of them, so that a
 * reused article's photo needs no lstat (src/images/resolve-image.ts resolveKnownImage).
 */
export function plainFilesOnThread(
  folders: readonly string[],
): Promise<{ files: Map<string, { size: number; mtimeMs: number }>; reals: Map<string, string>; listings: Map<string, FolderEntry[]>; how: string }> {
  return onThread(PLAIN_WORKER, { folders }, () => plainFilesHere(folders)).then(({ answer, how }) => {
    const { names, values, reals: realList, listings: listingList } = answer as ReturnType<typeof plainFilesHere>;
    const files = new Map<string, { size: number; mtimeMs: number }>();
    names.forEach((name, i) => files.set(name, { size: values[2 * i]!, mtimeMs: values[2 * i + 1]! }));
    const reals = new Map<string, string>();
    const listings = new Map<string, FolderEntry[]>();
    folders.forEach((folder, i) => {
      if (realList[i]) reals.set(folder, realList[i]);
      const listing = listingList[i];
      if (listing) listings.set(folder, listing.map(([name, kind]) => new FolderEntry(name, kind)));
    });
    return { files, reals, listings, how };
  });
}

/** A folder's entry as fs.readdir's Dirent tells it (what src/content/article-files.ts asks of one). */
export class FolderEntry {
  /** `kind`: 1 a regular file, 2 a folder, 3 a symbolic link, 0 anything else. */
  constructor(
    readonly name: string,
    readonly kind: number,
  ) {}
  isFile(): boolean {
    return this.kind === 1;
  }
  isDirectory(): boolean {
    return this.kind === 2;
  }
}

/** Runs `code` (CommonJS) on a worker thread with `data`; its first message is the answer, else `here()` on this thread. */
function onThread(code: string, data: unknown, here: () => unknown): Promise<{ answer: unknown; how: string }> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (answer: unknown, how: string) => {
      if (done) return;
      done = true;
      resolve({ answer, how });
    };
    // Only when the worker gave no answer (its exit follows its answer).
    const fallBack = (why: string) => {
      if (!done) finish(here(), `on the main thread: ${why}`);
    };
    let worker: Worker;
    try {
      // Plain CommonJS evaluated in the worker, with none of this process's --import hooks
      // (execArgv: []): it loads no module but node:fs, so it starts in a few milliseconds.
      worker = new Worker(code, { eval: true, workerData: data, execArgv: [], stdout: true, stderr: true });
    } catch (error) {
      fallBack(String(error));
      return;
    }
    // A build that fails before it needs the answer does not wait for it.
    worker.unref();
    worker.once("message", (answer: unknown) => finish(answer, "on a worker thread"));
    worker.once("error", (error) => fallBack(String(error)));
    worker.once("exit", (exitCode) => fallBack(`worker exited with ${exitCode}`));
  });
}

/**
 * plainFilesOnThread's answer made on this thread: the files' absolute paths, and size and time
 * by pairs; each folder's real path ("" when it has none) and its entries as [name, kind]
 * (null when it could not be listed). The same code as the worker's (PLAIN_FILES).
 */
export function plainFilesHere(folders: readonly string[]): { names: string[]; values: Float64Array; reals: string[]; listings: ([string, number][] | null)[] } {
  return new Function("fs", "path", "folders", PLAIN_FILES)(fs, path, folders);
}

/** The same stats on this thread: size and modification time per file, NaN for one that is not a file. */
export function statHere(files: readonly string[], dir = ""): Float64Array {
  const values = new Float64Array(files.length * 2);
  files.forEach((file, i) => {
    const stat = fs.statSync(path.join(dir, file), { throwIfNoEntry: false });
    values[2 * i] = stat?.isFile() ? stat.size : NaN;
    values[2 * i + 1] = stat?.isFile() ? stat.mtimeMs : NaN;
  });
  return values;
}

function reader(values: Float64Array): StatOf {
  return (index) => {
    const size = values[2 * index];
    return size === undefined || Number.isNaN(size) ? undefined : { size, mtimeMs: values[2 * index + 1]! };
  };
}

// The worker's code: statHere, in CommonJS; the answer's buffer is moved, not copied.
const WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const fs = require("node:fs");
const path = require("node:path");
const { files, dir } = workerData;
const values = new Float64Array(files.length * 2);
files.forEach((file, i) => {
  const stat = fs.statSync(path.join(dir, file), { throwIfNoEntry: false });
  values[2 * i] = stat && stat.isFile() ? stat.size : NaN;
  values[2 * i + 1] = stat && stat.isFile() ? stat.mtimeMs : NaN;
});
parentPort.postMessage(values, [values.buffer]);
`;

// plainFilesHere's body, plain JavaScript run as is on either thread: `fs`, `path` and `folders`
// are its arguments.
const PLAIN_FILES = `
const names = [];
const found = [];
const reals = [];
const listings = [];
for (const folder of folders) {
  let entries;
  let real = "";
  let listing = null;
  try {
    real = fs.realpathSync.native(folder);
    entries = fs.readdirSync(folder, { withFileTypes: true });
    listing = entries.map((entry) => [entry.name, entry.isFile() ? 1 : entry.isDirectory() ? 2 : entry.isSymbolicLink() ? 3 : 0]);
  } catch {
    continue;
  } finally {
    reals.push(real);
    listings.push(listing);
  }
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const file = path.join(folder, entry.name);
    const stat = fs.lstatSync(file, { throwIfNoEntry: false });
    if (!stat || !stat.isFile()) continue;
    names.push(file);
    found.push(stat.size, stat.mtimeMs);
  }
}
return { names, values: Float64Array.from(found), reals, listings };
`;

// The worker's code for plainFilesOnThread, in CommonJS; the answer's buffer is moved, not copied.
const PLAIN_WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const answer = new Function("fs", "path", "folders", ${JSON.stringify(PLAIN_FILES)})(require("node:fs"), require("node:path"), workerData.folders);
parentPort.postMessage(answer, [answer.values.buffer]);
`;
