import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { SiteError } from "../content/errors.ts";
import createDebug from "debug";
import { indexProcesses, SearchIndexer, stagedPages, type SearchIndexResult } from "./search-index.ts";
import type { SearchPart } from "./search-parts.ts";
import type { PartIndexer } from "./search-stream.ts";

const debug = createDebug("Newsroom:SearchIndex");

/**
 * The reader search's index made in a worker thread (src/outputs/search-worker.ts). Eleventy
 * renders in long runs of promise callbacks that leave the main thread's event loop no turn, so
 * an indexer on that thread (reading each page, answering Pagefind's process) waited for the
 * rendering to end; in a thread of its own it works on the second core meanwhile. While the
 * build renders, it runs one Pagefind process fewer than there are cores (the rendering has
 * one); once the build says it is done (finish), one per core. Same
 * interface as SearchIndexer (src/outputs/search-index.ts), whose errors it throws again here;
 * should the thread not start, a SearchIndexer on this thread makes the same index after rendering.
 */

export type ToIndexer = { type: "add"; part: SearchPart } | { type: "finish"; all: readonly SearchPart[] } | { type: "stop" };
type FromIndexer = { type: "done"; result: SearchIndexResult } | { type: "stopped" } | { type: "failed"; error: ErrorFields };

/** An error as it crosses threads: a SiteError keeps what the build prints of it. */
interface ErrorFields {
  message: string;
  stack?: string;
  site?: { code: SiteError["code"]; title: string; hint: string; file: string };
}

export class ThreadedIndexer implements PartIndexer {
  readonly #staging: string;
  readonly #live: string;
  /** Every part added, for an indexer on this thread should the worker not start. */
  readonly #parts: SearchPart[] = [];
  readonly #thread: Promise<Thread | undefined>;

  /** Starts the thread. `staging`: the folder the index goes into; `live`: the site folder pages this build kept are read from. */
  constructor(staging: string, live: string) {
    this.#staging = staging;
    this.#live = live;
    this.#thread = startThread(staging, live).catch((error: unknown) => {
      debug("no thread for the search index (%s): it is made on the main thread after rendering", error instanceof Error ? error.message : String(error));
      return undefined;
    });
  }

  add(part: SearchPart): void {
    this.#parts.push(part);
    void this.#thread.then((thread) => thread?.post({ type: "add", part: plainPart(part) }));
  }

  async finish(all: readonly SearchPart[]): Promise<SearchIndexResult> {
    const thread = await this.#thread;
    if (!thread) {
      const indexer = new SearchIndexer(this.#staging, (part) => stagedPages(part.urls, this.#staging, this.#live), undefined, this.#live);
      for (const part of this.#parts) indexer.add(part);
      return indexer.finish(all);
    }
    thread.post({ type: "finish", all: all.map((part) => ({ ...plainPart(part), urls: [] })) });
    try {
      const answer = await thread.answer;
      if (answer.type === "failed") throw reviveError(answer.error);
      if (answer.type !== "done") throw new Error("Newsroom: the search index's thread stopped before it was done.");
      return answer.result;
    } finally {
      await thread.worker.terminate();
    }
  }

  async stop(): Promise<void> {
    const thread = await this.#thread;
    if (!thread) return;
    thread.post({ type: "stop" });
    await thread.answer.catch(() => undefined);
    await thread.worker.terminate();
  }
}

interface Thread {
  worker: Worker;
  /** The one message the worker sends: when it is done, has stopped or failed. */
  answer: Promise<FromIndexer>;
  post(message: ToIndexer): void;
}

/**
 * The worker, from the compiled JavaScript beside this file (the launcher's copy of src/, the
 * package's dist/), or, when this file runs as TypeScript (tsx: the tests), from the launcher's
 * compiled copy of the same sources (scripts/launcher/compile.mjs): Node 20 does not apply
 * tsx's module hooks in a worker thread. Plain JavaScript, it needs none of the process's
 * options (`--import tsx`, the launcher's hooks for the site's TypeScript), so it gets none.
 */
async function startThread(staging: string, live: string): Promise<Thread> {
  const here = fileURLToPath(import.meta.url);
  let folder = path.dirname(here);
  if (here.endsWith(".ts")) {
    const compiler = path.join(folder, "..", "..", "scripts", "launcher", "compile.mjs");
    const { compiledSources } = (await import(pathToFileURL(compiler).href)) as { compiledSources(): Promise<{ folder: string }> };
    folder = path.join((await compiledSources()).folder, "outputs");
  }
  const worker = new Worker(path.join(folder, "search-worker.js"), { workerData: { staging, live, processes: indexProcesses(1) }, execArgv: [] });
  const answer = new Promise<FromIndexer>((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`Newsroom: the search index's thread stopped (exit code ${code}) before it was done.`)));
  });
  answer.catch(() => undefined); // awaited in finish() or stop()
  return { worker, answer, post: (message) => worker.postMessage(message) };
}

/** A part as it crosses to the thread (no other fields the plugin put on it). */
function plainPart(part: SearchPart): SearchPart {
  return { name: part.name, folder: part.folder, months: part.months, urls: part.urls };
}

/** What crosses the thread of an error thrown in it (see ErrorFields). */
export function describeError(error: unknown): ErrorFields {
  if (!(error instanceof Error)) return { message: String(error) };
  const site = error instanceof SiteError ? { code: error.code, title: error.title, hint: error.hint, file: error.file } : undefined;
  return { message: error.message, stack: error.stack, ...(site ? { site } : {}) };
}

function reviveError(fields: ErrorFields): Error {
  const error = new Error(fields.message);
  if (fields.stack) error.stack = fields.stack;
  if (!fields.site) return error;
  // A SiteError as the build reports it (src/build/error-text.ts): its code, title, hint and file.
  return Object.setPrototypeOf(Object.assign(error, { name: "SiteError" }, fields.site), SiteError.prototype) as SiteError;
}
