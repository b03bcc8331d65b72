import { parentPort, workerData } from "node:worker_threads";
import { indexProcesses, refreshSearchParts, SearchIndexer, stagedPages } from "./search-index.ts";
import type { SearchPart } from "./search-parts.ts";
import { describeError, type FromPreviewIndexer, type ToIndexer, type ToPreviewIndexer, type WorkerData } from "./search-thread.ts";

/**
 * The worker thread of src/outputs/search-thread.ts, whose event loop is its own, so reading
 * pages, talking to Pagefind and writing the index go on while the main thread is busy.
 * `workerData` (WorkerData) says which:
 *   - "build": a SearchIndexer (src/outputs/search-index.ts) for a staged build: `staging` and
 *     `live` are the build's folder and the live site's (each part's pages are read from the
 *     first when this build wrote them, else from the second), `processes` how many Pagefind
 *     processes may run while the build still renders;
 *   - "preview": refreshSearchParts for each request of the preview's builder, with the
 *     signatures of what it indexed kept here between requests.
 */
const data = workerData as WorkerData;
const port = parentPort!;

if (data.mode === "preview") {
  const seen = new Map<string, string>();
  port.on("message", (message: ToPreviewIndexer) => {
    refreshSearchParts(message.parts, message.output, seen, data.processes).then(
      (result) => port.postMessage({ type: "refreshed", result } satisfies FromPreviewIndexer),
      (error: unknown) => port.postMessage({ type: "failed", error: describeError(error) } satisfies FromPreviewIndexer),
    );
  });
} else {
  const { staging, live, processes } = data;
  const indexer = new SearchIndexer(staging, (part: SearchPart) => stagedPages(part.urls, staging, live), processes);
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
}
