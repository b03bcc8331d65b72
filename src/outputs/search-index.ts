import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import createDebug from "debug";
import { fileOfUrl, siteFiles } from "../build/site-files.ts";
import { SiteError } from "../content/errors.ts";
import { searchDocument } from "./search-document.ts";
import { SEARCH_ROOT, type SearchPart } from "./search-parts.ts";

const debug = createDebug("Newsroom:SearchIndex");

/**
 * The reader search's index: Pagefind (https://pagefind.app/docs/node-api/) reads the article
 * pages and writes a static index into `<site>/pagefind/`, which the search page's script
 * (public/assets/search.js) queries in the browser through `pagefind.js`. No server is involved.
 *
 * What is indexed of a page is marked in layouts/article.njk: `data-pagefind-body` on the article
 * (headline, standfirst, byline, text), `data-pagefind-ignore` on its section link, tags and share
 * bar (related articles and navigation are outside the article); the filters (section, year), the
 * sort key (date) and the metadata the results show (headline, standfirst, date) are attributes there.
 *
 * Pagefind cannot update an index, so the index is cut into parts of consecutive months
 * (src/outputs/search-parts.ts) and a build indexes again only the parts whose articles changed
 * (its cost is in the README, "Search"). Pagefind's output is the same for the same pages, so the
 * commit step (src/build/commit-output.ts) rewrites only the index files whose bytes changed.
 */

/**
 * Told by the plugin after a build that is not staged (the preview's), with the parts of the index
 * (`{ parts, output }`): a listener indexes them itself (src/dev/build-worker.ts, with
 * refreshSearchParts); with none, the plugin does, before the build ends. `parts` works them out
 * when the listener indexes, not before the open tabs reload (0.1 s at 20,000 articles).
 */
export const SEARCH_EVENT = "newsroom.search";
export type SearchRequest = { parts: () => SearchPart[]; output: string; signature?: (part: SearchPart) => string };

/** The list of the index's parts that the search page reads (`npm run build` only). */
export const PARTS_FILE = `${SEARCH_ROOT}/newsroom-parts.json`;

// Files Pagefind writes for its own ready-made interfaces, which the site does not use (our
// search page talks to pagefind.js directly), and its playground: left out of the site.
const UNUSED = /^pagefind-(?:component-ui|modular-ui|ui|highlight)\.|^playground\//;
// Pagefind's script, its worker and WebAssembly: needed once, in the folder the browser imports.
const CODE = /^(?:pagefind\.js|pagefind-worker\.js|wasm\.[^/]+\.pagefind)$/;

export interface SearchPage {
  /** The page's URL path as the site's layouts write it, e.g. "/world/some-article/" (no base path). */
  url: string;
  /** The HTML file to read it from (absolute). */
  file: string;
}

export interface SearchIndexResult {
  /** Pages indexed. */
  pages: number;
  /** Files of the index under `<folder>/pagefind/` (written, or kept: see `kept`), and their total size in bytes. */
  files: number;
  bytes: number;
  /** Milliseconds taken, reading the pages included. */
  ms: number;
  /**
   * Files of the index that the live site already has, byte for byte (relative to the site
   * folder, "/"-separated): not written into the staging folder, so the build commits them as
   * kept. Only for an indexer given the live folder (a staged build's).
   */
  kept?: string[];
}

/**
 * The index of a site Eleventy writes into itself (the preview, or `npx @11ty/eleventy`), in parts
 * like `npm run build`'s: indexes again only the parts whose pages changed since the signatures in
 * `seen` (part folder → signature of its pages; kept by the caller from one build to the next,
 * empty for a first build, updated here). A part's signature is `signature(part)` when given (the
 * preview's: what its articles show, as npm run build keys its parts), else its pages' files' sizes
 * and times; writes the list of parts, and
 * removes the folders of parts that are no more. `parts` as searchParts() cuts them; each page is
 * read from `output`. `processes`: Pagefind processes at once (default one per core, at most 4).
 * Returns undefined when no part changed. Throws SiteError SearchIndexFailed as
 * writeSearchParts does, and then forgets every signature, so the next build indexes all.
 */
export async function refreshSearchParts(
  parts: SearchPart[],
  output: string,
  seen: Map<string, string>,
  processes = indexProcesses(),
  signature?: (part: SearchPart) => string,
): Promise<SearchIndexResult | undefined> {
  const signatures = await Promise.all(
    parts.map(async (part) => {
      if (signature) return `keys ${signature(part)}`;
      const hash = createHash("sha1");
      for (const url of part.urls) {
        const stat = await fs.stat(path.join(output, fileOfUrl(url))).catch(() => undefined);
        hash.update(`${url} ${stat?.size ?? -1} ${stat?.mtimeMs ?? -1}\n`);
      }
      return hash.digest("hex");
    }),
  );
  const entry = (part: SearchPart) => path.join(output, part.folder, "pagefind-entry.json");
  const changed = parts.filter((part, i) => seen.get(part.folder) !== signatures[i] || !existsSync(entry(part)));
  const current = new Set(parts.map((part) => part.folder));
  const stale = (await fs.readdir(path.join(output, SEARCH_ROOT, "parts")).catch(() => [] as string[])).filter((name) => !current.has(`${SEARCH_ROOT}/parts/${name}`));
  if (changed.length === 0 && stale.length === 0) return undefined;
  const pages = (part: SearchPart) => part.urls.map((url) => ({ url, file: path.join(output, fileOfUrl(url)) }));
  try {
    const result = await writeSearchParts(changed.map((part) => ({ part, pages: pages(part) })), parts, output, processes);
    for (const name of stale) await fs.rm(path.join(output, SEARCH_ROOT, "parts", name), { recursive: true, force: true });
    seen.clear();
    parts.forEach((part, i) => seen.set(part.folder, signatures[i]!));
    return result;
  } catch (error) {
    seen.clear();
    throw error;
  }
}

/**
 * Writes the `parts` given (src/outputs/search-parts.ts), each indexed from its pages, into the
 * site folder `folder` (a staged build's, or the preview's live one), and the list of every part
 * of the site (`all`, newest first) into `<folder>/pagefind/newsroom-parts.json`, which
 * public/assets/search.js reads. The newest part goes into `pagefind/` itself, with Pagefind's
 * script and WebAssembly (the other parts' folder, `pagefind/parts/`, stays); the others into
 * `pagefind/parts/<name>/`, index files only (the browser merges them into the newest part's
 * instance, which has the code). Throws SiteError SearchIndexFailed (src/content/errors.ts) naming
 * the page Pagefind refused, or the part's folder when Pagefind itself failed (its program missing).
 * `processes`: Pagefind processes at once (default one per core, at most 4). `live`: see
 * SearchIndexer.
 */
export async function writeSearchParts(
  parts: { part: SearchPart; pages: SearchPage[] }[],
  all: readonly SearchPart[],
  folder: string,
  processes = indexProcesses(),
  live?: string,
): Promise<SearchIndexResult> {
  const pages = new Map(parts.map(({ part, pages }) => [part.folder, pages]));
  const indexer = new SearchIndexer(folder, async (part) => pages.get(part.folder) ?? [], processes, live);
  // The largest first, so that the processes finish about together.
  for (const { part } of [...parts].sort((a, b) => b.pages.length - a.pages.length)) indexer.add(part);
  return indexer.finish(all);
}

/**
 * Indexes parts as they are handed to it, several at once, each in its own Pagefind process (as
 * many as cores, at most 4), into `<folder>/.pagefind-next-<pid>/`; `finish` places them all and
 * writes the list of parts. A build hands it each part as soon as its pages are written
 * (src/outputs/search-stream.ts), so the index is made on another core while Eleventy still
 * renders. Each part's files depend on its pages alone, not on which process made them or when.
 */
export class SearchIndexer {
  readonly #folder: string;
  readonly #pagesOf: (part: SearchPart) => Promise<SearchPage[]>;
  readonly #queue: SearchPart[] = [];
  /** Part folder → its index, made and waiting to be placed. */
  readonly #made = new Map<string, Indexed>();
  /** Pagefind processes free to take a part (copy numbers, see withPagefind). */
  readonly #free: number[];
  #processes: number;
  readonly #working = new Set<Promise<void>>();
  #failure: { error: unknown } | undefined;
  #stopped = false;
  #pages = 0;
  readonly #started = performance.now();
  readonly #live: string | undefined;

  /**
   * `folder`: the site folder the parts go into; `pagesOf(part)`: its pages, asked when its turn
   * comes (so that a page written meanwhile is read from where it is then). Starts no process
   * until a part is added. `live`: the site folder a staged build's `folder` will be committed
   * into (src/build/commit-output.ts). A file of a part that the live site has with the same
   * bytes is then not written but listed in the result's `kept`: when one article of a part of
   * 2,000 changed, most of its 2,000-odd files are the same (Pagefind names them by their
   * content), and writing each again, only for the commit to read both copies and drop the new
   * one, took 2-3 s at 20,000 articles. Never for the preview, whose `folder` is the live one.
   */
  constructor(folder: string, pagesOf: (part: SearchPart) => Promise<SearchPage[]>, processes = indexProcesses(), live?: string) {
    this.#live = live;
    this.#folder = folder;
    this.#pagesOf = pagesOf;
    this.#free = Array.from({ length: processes }, (_, n) => processes - 1 - n);
    this.#processes = processes;
  }

  /** Lets up to `processes` Pagefind processes run at once from now on (never fewer than before). */
  widen(processes: number): void {
    for (; this.#processes < processes; this.#processes++) this.#free.unshift(this.#processes);
    this.#pump();
  }

  /** Queues `part`. Ignored once a part has failed or the indexer stopped. */
  add(part: SearchPart): void {
    if (this.#failure || this.#stopped) return;
    this.#queue.push(part);
    this.#pump();
  }

  /**
   * Waits for every part added, then places them (in the order of `all`) and writes the list of
   * parts, `all` being every part of the site, newest first. Throws the first failure
   * (SiteError SearchIndexFailed); nothing is placed then, and the folder is as it was.
   */
  async finish(all: readonly SearchPart[]): Promise<SearchIndexResult> {
    await this.#idle();
    if (this.#failure) {
      await fs.rm(madeIn(this.#folder), { recursive: true, force: true });
      throw this.#failure.error;
    }
    const folder = this.#folder;
    const written = { files: 0, bytes: 0 };
    const kept: string[] = [];
    for (const part of all) {
      const one = this.#made.get(part.folder);
      if (!one) continue;
      await one.place();
      written.files += one.files;
      written.bytes += one.bytes;
      kept.push(...one.kept);
    }
    await fs.rm(madeIn(folder), { recursive: true, force: true });
    const list = JSON.stringify({ version: 1, parts: all.map((part) => ({ path: `${part.folder}/`, months: part.months })) });
    await fs.mkdir(path.join(folder, SEARCH_ROOT), { recursive: true });
    await fs.writeFile(path.join(folder, PARTS_FILE), `${list}\n`);
    const result = report(this.#pages, { files: written.files + 1, bytes: written.bytes + list.length + 1 }, this.#started);
    return this.#live ? { ...result, kept } : result;
  }

  /** Takes no more parts, waits for the processes to stop and removes what they made (a failed build). */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#queue.length = 0;
    await this.#idle();
    await fs.rm(madeIn(this.#folder), { recursive: true, force: true });
  }

  async #idle(): Promise<void> {
    while (this.#working.size > 0) await Promise.allSettled([...this.#working]);
  }

  /** Starts a process for queued parts while one is free. */
  #pump(): void {
    while (this.#queue.length > 0 && this.#free.length > 0 && !this.#failure && !this.#stopped) {
      const copy = this.#free.pop()!;
      const work = withPagefind(copy, async (pagefind) => {
        // The queue is looked at in the same turn as the decision to stop, so a part added
        // while this process closes finds the process freed below (#pump runs again then).
        for (let next = this.#queue.shift(); next && !this.#failure && !this.#stopped; next = this.#queue.shift()) {
          const pages = await this.#pagesOf(next);
          this.#pages += pages.length;
          this.#made.set(next.folder, await indexInto(pagefind, pages, this.#folder, next.folder, next.folder === SEARCH_ROOT, this.#live));
        }
      })
        .catch((error: unknown) => {
          this.#failure ??= { error };
        })
        .finally(() => {
          this.#working.delete(work);
          this.#free.push(copy);
          this.#pump();
        });
      this.#working.add(work);
    }
  }
}

/** Pagefind processes that index at once: one per core less `spare` (left for other work), at least one, at most MAX_PROCESSES. */
export function indexProcesses(spare = 0): number {
  return Math.max(1, Math.min(os.availableParallelism() - spare, MAX_PROCESSES));
}

/**
 * The files of a part as the live site has them (relative to the site folder, "/"-separated),
 * for a build that keeps the part: for the newest part, everything in `pagefind/` but the other
 * parts and the parts list (written anew each build).
 */
export async function partFiles(part: SearchPart, live: string): Promise<string[]> {
  const files = (await siteFiles(path.join(live, part.folder))).map((file) => `${part.folder}/${file}`);
  if (part.folder !== SEARCH_ROOT) return files;
  return files.filter((file) => !file.startsWith(`${SEARCH_ROOT}/parts/`) && file !== PARTS_FILE);
}

// Pagefind runs one service process per copy of its module: copy 0 is the one every index uses,
// others (the same file under another URL) let a build index parts at once. Each is closed when
// the last index open on it is done, so concurrent builds do not close it under each other.
const MAX_PROCESSES = 4;
// Pages sent to a Pagefind process before the first of them is answered (about 20 KB each).
const IN_FLIGHT = 64;
type Pagefind = typeof import("pagefind");
const copies = new Map<number, { module: Promise<Pagefind>; open: number }>();

async function withPagefind<T>(n: number, run: (pagefind: Pagefind) => Promise<T>): Promise<T> {
  // Loaded when first needed, and by import(): pagefind is an ES module only, and this file may be
  // compiled to CommonJS (a site whose package.json does not say "type": "module"), where there is
  // no import.meta to find it by: then every index goes through copy 0, one after another.
  const resolve = (import.meta as { resolve?: (specifier: string) => string }).resolve;
  const copy = n > 0 && resolve ? n : 0;
  let entry = copies.get(copy);
  if (!entry) {
    entry = { module: copy === 0 ? import("pagefind") : (import(`${resolve!("pagefind")}?process=${copy}`) as Promise<Pagefind>), open: 0 };
    copies.set(copy, entry);
  }
  entry.open++;
  try {
    return await run(await entry.module);
  } finally {
    if (--entry.open === 0) {
      copies.delete(copy);
      await (await entry.module).close();
    }
  }
}

/** Where indexes are made before they are placed: removed once they are (it must not be committed). */
function madeIn(folder: string): string {
  return path.join(folder, `.pagefind-next-${process.pid}`);
}

interface Indexed {
  files: number;
  bytes: number;
  /** Its files the live site has as they are (see SearchIndexer's `live`), not written. */
  kept: string[];
  /** Moves the index, made beside its folder, into it (replacing what was there). */
  place(): Promise<void>;
}

/**
 * One Pagefind index of `pages`, written into `<folder>/<into>/` (replaced whole). `code`: also
 * Pagefind's script, worker and WebAssembly, which only the folder the browser imports needs.
 * `live`: files `<live>/<into>/` has with the same bytes are kept there instead (see SearchIndexer).
 */
async function indexInto(pagefind: Pagefind, pages: SearchPage[], folder: string, into: string, code: boolean, live?: string): Promise<Indexed> {
  const shown = `${path.basename(folder)}/${into}`;
  const failed = (file: string, reason: unknown) => new SiteError("SearchIndexFailed", { file, reason: String(reason) });
  const { index, errors } = await pagefind.createIndex({}).catch((error: unknown) => {
    throw failed(shown, error instanceof Error ? error.message : error);
  });
  if (!index) throw failed(shown, errors.join("; "));
  // In URL order: Pagefind's files depend on the order pages arrive, and an incremental build
  // must write the same index as a cold one (test/build/incremental.test.ts). Pagefind's service
  // takes its messages one after another in the order they are sent, so up to IN_FLIGHT pages
  // are sent before the first is answered: it always has the next page at hand, even while this
  // process is busy rendering (src/outputs/search-stream.ts), instead of waiting for each answer.
  // The next page is read while the last one is sent.
  const sorted = [...pages].sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
  const read = (i: number) => {
    const content = i < sorted.length ? fs.readFile(sorted[i]!.file, "utf8") : Promise.resolve("");
    content.catch(() => undefined); // awaited below; a failed read must not surface as unhandled first
    return content;
  };
  const sent: Promise<void>[] = [];
  let content = read(0);
  for (let i = 0; i < sorted.length; i++) {
    const page = sorted[i]!;
    const text = await content;
    content = read(i + 1);
    // Only what Pagefind indexes of the page (src/outputs/search-document.ts): the same index, a third less to parse.
    const added = index.addHTMLFile({ url: page.url, content: searchDocument(text) }).then((result) => {
      if (result.errors.length > 0) throw failed(page.url, result.errors.join("; "));
    });
    added.catch(() => undefined); // awaited below, in order
    sent.push(added);
    if (sent.length >= IN_FLIGHT) await sent.shift();
  }
  for (const added of sent) await added;
  const built = await index.getFiles();
  if (built.errors.length > 0) throw failed(shown, built.errors.join("; "));
  // Written beside the old index, then swapped in, so a server (the preview's) never serves half
  // of one; outside the folder of the newest part, which replacing it would empty.
  const target = path.join(folder, into);
  const fresh = path.join(madeIn(folder), encodeURIComponent(into)); // side by side, not one inside another
  await fs.rm(fresh, { recursive: true, force: true });
  let files = 0;
  let bytes = 0;
  const made = built.files
    .map((file) => ({ name: file.path.split(path.sep).join("/"), content: file.content }))
    .filter(({ name }) => !UNUSED.test(name) && (code || !CODE.test(name)));
  for (const { content } of made) {
    files++;
    bytes += content.byteLength;
  }
  const kept: string[] = [];
  let wanted = made;
  if (live) {
    const same = new Array<boolean>(made.length);
    for (let i = 0; i < made.length; i += 16) {
      await Promise.all(
        made.slice(i, i + 16).map(async ({ name, content }, j) => {
          const old = await fs.readFile(path.join(live, into, name)).catch(() => undefined);
          same[i + j] = old !== undefined && old.equals(content);
        }),
      );
    }
    wanted = made.filter((_, i) => !same[i]);
    for (const [i, { name }] of made.entries()) if (same[i]) kept.push(`${into}/${name}`);
  }
  // Each folder made once, then the files (one per article, in fragment/) written 16 at a time.
  await fs.mkdir(fresh, { recursive: true });
  for (const dir of new Set(wanted.map(({ name }) => path.dirname(path.join(fresh, name))))) await fs.mkdir(dir, { recursive: true });
  for (let i = 0; i < wanted.length; i += 16) {
    await Promise.all(wanted.slice(i, i + 16).map(({ name, content }) => fs.writeFile(path.join(fresh, name), content)));
  }
  await index.deleteIndex();
  debug("indexed %d pages into %s: %d files, %d bytes", pages.length, shown, files, bytes);
  const place = async () => {
    // The newest part's folder holds the other parts (pagefind/parts/): those already there (in
    // the preview's live folder, or placed before it in a staging folder) stay.
    if (code) await fs.rename(path.join(target, "parts"), path.join(fresh, "parts")).catch(() => undefined);
    await fs.rm(target, { recursive: true, force: true });
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.rename(fresh, target);
  };
  return { files, bytes, kept, place };
}

function report(pages: number, written: { files: number; bytes: number }, started: number): SearchIndexResult {
  return { pages, files: written.files, bytes: written.bytes, ms: Math.round(performance.now() - started) };
}

/**
 * The article pages of a staged build: each from the staging folder when this build rendered it,
 * else from the live site (a page the build kept as it was). `urls` are the site's article URLs.
 */
export async function stagedPages(urls: string[], staging: string, live: string): Promise<SearchPage[]> {
  return Promise.all(
    urls.map(async (url) => {
      const file = fileOfUrl(url);
      const staged = path.join(staging, file);
      const isStaged = await fs.stat(staged).then((s) => s.isFile(), () => false);
      return { url, file: isStaged ? staged : path.join(live, file) };
    }),
  );
}
