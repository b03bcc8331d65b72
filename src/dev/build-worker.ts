import fs from "node:fs";
import path from "node:path";
import { Eleventy } from "@11ty/eleventy";
import { IMAGES_EVENT, type PreviewImages } from "../images/preview-plan.ts";
import { cachePageCompiles } from "../build/cache-page-compiles.ts";
import { formatProblems, type ArticleProblem } from "../content/errors.ts";
import { buildFailure, folderMissing, type BuildFailure } from "./build-failure.ts";
import { indexProcesses, refreshSearchParts, SEARCH_EVENT, type SearchRequest } from "../outputs/search-index.ts";
import { findConfigFile } from "../package/project-files.ts";
import { AFTER_RELOAD_EVENT, AfterReloadQueue, type AfterReloadTask } from "./after-reload.ts";
import { readIndexed, writeIndexed } from "./indexed-parts.ts";
import createDebug from "debug";

const debug = createDebug("Newsroom:Preview");

/**
 * The preview's builder, run by src/dev/serve.ts as a child process (restarted whenever src/*.ts
 * or the config changes, because Eleventy does not reload modules the config imports).
 * It builds with drafts and embargoed articles, watches articles, layouts and public/, and tells
 * the parent after every build, good or failed, so every open tab reloads once (to the page, or
 * to the error page the server shows while the last build failed), not once per written file.
 *
 * Eleventy 3.1's watcher only logs a deleted file ("File deleted") and builds nothing (its
 * `unlink` handler, Eleventy.js). A deleted article, photo or folder changes the site as much as
 * an edit does, so a deletion runs the same rebuild as a change (through the function `watch()`
 * returns for this). Eleventy prints a failed build with every wrapped error and a stack trace;
 * its error log is silenced here and the builder prints each failure once, plainly.
 */
const output = process.env.NEWSROOM_PREVIEW_OUTPUT ?? "_preview";
// The folders the preview rebuilds from (the articles folder's name is the sample config's).
const ARTICLES = "articles";
const SOURCES = [ARTICLES, "layouts", "public"];

/**
 * Eleventy 3.1 copies public/ while it works out the data. When the data fails (an article that
 * does not validate), the build ends with that copy still running, and the next build (the
 * writer's next save, or the second change event of the same save) resets Eleventy's timers under
 * it: the copy then rejects ("You called Benchmark after() without a before()") with nothing left
 * to await it, which ended the builder (seen once in CI, in the browser test of a broken article).
 * Every build copies public/ again, so such a late copy error is only logged
 * (DEBUG=Newsroom:Preview); any other rejection nothing awaited still ends the builder, as Node would.
 */
process.on("unhandledRejection", (reason: unknown) => {
  if (reason instanceof Error && reason.name === "TemplatePassthroughManagerCopyError") {
    debug("a copy of public/ from a build that had already failed ended with: %s", reason.message);
    return;
  }
  throw reason;
});

type Message = { type: "built" } | { type: "failed"; failure: BuildFailure } | { type: "images"; plan: PreviewImages };
const notify = (message: Message) => process.send?.(message);

// What was printed since the last good build: each problem is printed once, not again with every
// save that leaves it unfixed (the error page in the browser always shows them all).
let lastPrinted = "";
const printedProblems = new Set<string>();
const problemKey = (p: ArticleProblem) => `${p.file}\0${p.field}\0${p.message}`;

/** Prints a failure (once) and tells the server, which shows it in every open tab. */
function failed(error: unknown): void {
  report(buildFailure(error));
}

function report(failure: BuildFailure): void {
  notify({ type: "failed", failure });
  if (failure.text === lastPrinted) return;
  lastPrinted = failure.text;
  // No articles folder: one line, with the fix.
  if (failure.folderMissing) {
    console.error(`Newsroom preview: ${failure.text} Once you fix the problem, the preview builds by itself.`);
    return;
  }
  const fresh = failure.problems.filter((p) => !printedProblems.has(problemKey(p)));
  const old = failure.problems.filter((p) => printedProblems.has(problemKey(p)));
  for (const p of failure.problems) printedProblems.add(problemKey(p));
  const stillThere = old.length > 0 ? `Still to fix (printed above): ${[...new Set(old.map((p) => p.file))].join(", ")}.\n` : "";
  if (failure.problems.length > 0 && fresh.length === 0) {
    console.error(`Newsroom preview: ${stillThere}`.trimEnd());
    return;
  }
  const text = failure.problems.length > 0 ? formatProblems(fresh) : failure.text;
  console.error(`\n${text}\n\n${stillThere}Newsroom preview: fix the problem above and save; the preview rebuilds (open pages show this too).`);
}

function built(): void {
  if (lastPrinted) console.log("Newsroom preview: fixed; the preview is up to date.");
  lastPrinted = "";
  printedProblems.clear();
  notify({ type: "built" });
}

/**
 * What this file uses of Eleventy 3.1 that its types leave out (node_modules/@11ty/eleventy/src/Eleventy.js):
 * the error handler's logger, and the chokidar watcher `watch()` sets up (`watch()` itself
 * resolves to the function its listeners call to queue a rebuild, "for testability").
 */
interface EleventyInternals {
  errorHandler: { logger: { isVerbose: boolean; message(...args: unknown[]): void } };
  watcher: { on(event: "unlink" | "unlinkDir", listener: (file: string) => void): void; add(path: string): void };
}

async function start(): Promise<void> {
  if (!fs.existsSync(ARTICLES)) {
    // Nothing to build from, and Eleventy's watcher would never notice the folder appear.
    report(folderMissing(ARTICLES));
    waitForChange([], () => fs.existsSync(ARTICLES), () => void start());
    return;
  }
  // A paginated template is compiled once per build, not once per page (as in npm run build).
  await cachePageCompiles();
  const eleventy = new Eleventy(undefined, output, {
    configPath: findConfigFile("."),
    quietMode: true,
    config(config) {
      // The photos of this build, for the server to encode on request (src/dev/images-on-demand.ts).
      config.events.on(IMAGES_EVENT, (plan: PreviewImages) => notify({ type: "images", plan }));
      // The pages of this build for the reader search: indexed once the tabs have been told to reload.
      config.events.on(SEARCH_EVENT, (request: SearchRequest) => (searchRequest = request));
      // So are the feeds, the sitemaps and the article cache's file (src/dev/after-reload.ts).
      config.events.on(AFTER_RELOAD_EVENT, (task: AfterReloadTask) => afterReload.add(task));
      // Eleventy's watcher waits until a saved file has kept its size for 150 ms before it
      // rebuilds (chokidar's awaitWriteFinish): most of that is waiting on a file an editor wrote
      // in one go. 50 ms still lets a file written in pieces (a git checkout) settle first.
      config.setChokidarConfig({ awaitWriteFinish: { stabilityThreshold: 50, pollInterval: 10 } });
    },
  });
  const internals = eleventy as unknown as EleventyInternals;
  // Eleventy would print each failure with every error it wraps and a stack trace; we print it once.
  internals.errorHandler.logger = { isVerbose: false, message() {} };
  // Every build, the first and each one the watcher runs, goes through write(). The work the
  // previous build left for after the reload is done first: this build reads what it wrote.
  const write = eleventy.write.bind(eleventy);
  eleventy.write = async () => {
    building = true;
    clearTimeout(searchTimer);
    await afterReload.idle();
    try {
      const result = await write();
      built();
      return result;
    } catch (error) {
      failed(error);
      throw error;
    } finally {
      building = false;
      // After a failed build too: the cache's file then keeps the articles that were good.
      void afterReload.run(failed);
      indexSearch();
    }
  };
  try {
    await eleventy.init();
    const rebuild = (await eleventy.watch()) as unknown as (file: string) => Promise<void>;
    // Runs after Eleventy's own unlink listener, which forgets the file.
    internals.watcher.on("unlink", (file) => {
      removeCopy(file);
      void rebuild(file);
    });
    const waiting = new Set<string>();
    internals.watcher.on("unlinkDir", (dir) => {
      void rebuild(dir);
      // A source folder itself gone (a checkout of a branch without it): chokidar does not see it
      // come back, so watch for it and hand it to chokidar again.
      const name = SOURCES.find((s) => path.resolve(s) === path.resolve(dir));
      if (!name || waiting.has(name)) return;
      waiting.add(name);
      waitForChange([], () => fs.existsSync(name), () => {
        waiting.delete(name);
        internals.watcher.add(path.resolve(name));
        void rebuild(path.resolve(name));
      });
    });
  } catch {
    // Eleventy's watcher starts only after a first good build (an invalid article stops it), so
    // watch the sources ourselves and try again on the next save (already reported by write()).
    waitForChange(SOURCES, () => true, () => void start());
  }
}

/**
 * The preview's reader search covers what the preview shows, drafts and embargoed articles too
 * (their pages carry the banner that says so). Pagefind cannot update an index, so the index is
 * in parts of consecutive months (src/outputs/search-parts.ts), and a build indexes again the
 * parts whose pages Eleventy rewrote; that runs once the writer pauses (SEARCH_QUIET_MS after a
 * build), so a save is not kept waiting for it, and one build's at a time: saves made meanwhile
 * are indexed once, after.
 * A search in the moments before it is written uses the previous index.
 */
let searchRequest: SearchRequest | undefined;
const afterReload = new AfterReloadQueue();
// Each part's pages as last indexed (refreshSearchParts), so a save indexes only its own part
// again, and a start only the parts whose pages changed since the last run (src/dev/indexed-parts.ts).
const searchSeen = readIndexed(output);
let indexing = false;
let building = false;
/**
 * How long the builder waits, after a build, for the next save before it indexes (ms). Indexing a
 * part takes seconds (about 3 s for a quarter of 2,200 articles) and a core for Pagefind beside the
 * builder's own reading of the pages: a writer saving again meanwhile shared the 2 cores with it.
 * So the index waits for a pause in the writing, and a run of saves is indexed once.
 */
const SEARCH_QUIET_MS = 2000;
let searchTimer: NodeJS.Timeout | undefined;
function indexSearch(): void {
  clearTimeout(searchTimer);
  if (!searchRequest) return;
  searchTimer = setTimeout(indexNow, SEARCH_QUIET_MS);
  searchTimer.unref();
}
function indexNow(): void {
  if (indexing || building || !searchRequest) return;
  const request = searchRequest;
  searchRequest = undefined;
  indexing = true;
  // One Pagefind process fewer than cores: the first index of a large archive takes a minute,
  // and a save meanwhile must find a core free to rebuild on.
  Promise.resolve()
    .then(() => refreshSearchParts(request.parts(), request.output, searchSeen, indexProcesses(1), request.signature))
    .catch((error: unknown) => console.error(`Newsroom preview: the search index was not updated: ${error instanceof Error ? error.message : String(error)}`))
    .finally(() => {
      indexing = false;
      // What is indexed now (nothing, after a failure: the next start indexes all).
      writeIndexed(request.output, searchSeen);
      // A build made meanwhile left its request: indexed after the next pause.
      if (!building) indexSearch();
      // (bench/preview-latency.ts waits for this before it times saves.)
      if (!building && !searchRequest) debug("search index up to date");
    });
}

/**
 * A file deleted from public/ is removed from the preview too: Eleventy copies public/ to the site
 * root (`addPassthroughCopy({ public: "/" })` in .eleventy.ts) but never removes a copy, and
 * `npm run build` would not have the file. Pages and feeds are the plugin's to remove.
 */
function removeCopy(file: string): void {
  const relative = path.relative(path.resolve("public"), path.resolve(file));
  if (relative === "" || relative.startsWith("..") || path.isAbsolute(relative)) return;
  fs.rmSync(path.join(output, relative), { force: true });
}

/**
 * Calls `then` (once) when `ready()` holds after a change in one of `dirs` (recursively) or to a
 * source folder's name in the site folder itself (where a missing articles/ folder appears, or
 * is put back by git).
 */
function waitForChange(dirs: string[], ready: () => boolean, then: () => void): void {
  let timer: NodeJS.Timeout | undefined;
  const watchers: fs.FSWatcher[] = [];
  const changed = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (!ready()) return;
      for (const w of watchers) w.close();
      then();
    }, 150);
  };
  // Only the source folders' own names in the site folder: the output and caches are there too.
  watchers.push(fs.watch(".", (_event, file) => SOURCES.includes(String(file)) && changed()));
  for (const dir of dirs.filter((d) => fs.existsSync(d))) watchers.push(fs.watch(path.resolve(dir), { recursive: true }, changed));
}

process.env.NEWSROOM_PREVIEW = "1";
// The IPC channel to serve.ts closes when it exits, however it exits (even SIGKILL): a builder
// with no server would go on building and watching for nobody.
process.on("disconnect", () => process.exit(0));
// It may have closed while the imports above were loading, before anyone listened.
if (process.send && !process.connected) process.exit(0);
void start();
