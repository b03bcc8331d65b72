import { parentPort, workerData } from "node:worker_threads";
import { indexProcesses, SearchIndexer, stagedPages } from "./search-index.ts";
import type { SearchPart } from "./search-parts.ts";
import { describeError, type ToIndexer } from "./search-thread.ts";

/**
 * The worker thread of src/outputs/search-thread.ts: a SearchIndexer (src/outputs/search-index.ts)
 * whose event loop is its own, so reading pages, talking to Pagefind and writing the index go on
 * while the build's main thread is busy rendering. `workerData`: `{ staging, live }`, the staged
 * build's folder and the live site's (each part's pages are read from the first when this build
 * wrote them, else from the second), and how many Pagefind processes may run while the build
 * still renders.
 */
const { staging, live, processes } = workerData as { staging: string; live: string; processes: number };
const port = parentPort!;
const indexer = new SearchIndexer(staging, (part: SearchPart) => stagedPages(part.urls, staging, live), processes, live);

port.on("message", (message: ToIndexer) => {
  if (message.type === "add") indexer.add(message.part);
  else if (message.type === "finish") {
    // Rendering is over: every core may index now.
    indexer.widen(indexProcesses());
    indexer.finish(message.all).then(
      (result) => port.postMessage({ type: "done", result }),
      (error: unknown) => port.postMessage({ type: "failed", error: describeError(error) }),
    );
  } else {
    indexer.stop().then(
      () => port.postMessage({ type: "stopped" }),
      (error: unknown) => port.postMessage({ type: "failed", error: describeError(error) }),
    );
  }
});
