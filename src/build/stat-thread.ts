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
  return new Promise((resolve) => {
    let done = false;
    const finish = (values: Float64Array, how: string) => {
      if (done) return;
      done = true;
      resolve({ stat: reader(values), how });
    };
    // Only when the worker gave no answer (its exit follows its answer).
    const here = (why: string) => {
      if (!done) finish(statHere(files, dir), `on the main thread: ${why}`);
    };
    let worker: Worker;
    try {
      // Plain CommonJS evaluated in the worker, with none of this process's --import hooks
      // (execArgv: []): it loads no module but node:fs, so it starts in a few milliseconds.
      worker = new Worker(WORKER, { eval: true, workerData: { files, dir }, execArgv: [], stdout: true, stderr: true });
    } catch (error) {
      here(String(error));
      return;
    }
    // A build that fails before it needs the answer does not wait for it.
    worker.unref();
    worker.once("message", (values: Float64Array) => finish(values, "on a worker thread"));
    worker.once("error", (error) => here(String(error)));
    worker.once("exit", (code) => here(`worker exited with ${code}`));
  });
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
