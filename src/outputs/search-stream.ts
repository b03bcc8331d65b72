import type { SearchIndexResult } from "./search-index.ts";
import type { SearchPart } from "./search-parts.ts";

/**
 * The reader search's index made while Eleventy renders. Pagefind runs in processes of its own,
 * so a part of the index (src/outputs/search-parts.ts) can be made on another core as soon as
 * every page of it that this build renders is written, instead of after the last page of the
 * site: on a cold build of 20,000 articles, indexing is about as long as rendering.
 *
 * The plugin says which parts changed and which article pages this process renders (`plan`);
 * the build says when each page is written (`written`, from Eleventy's Template#_write:
 * src/build/page-written.ts). A part none of whose pages is rendered (an article deleted from
 * it) starts at once. `finish`, once Eleventy is done, starts any part still waiting (a page the
 * plan named that Eleventy did not write) and waits for all.
 */

/**
 * What the stream hands parts to: src/outputs/search-thread.ts (a worker thread, so that indexing
 * does not wait for the rendering thread), or src/outputs/search-index.ts SearchIndexer itself.
 */
export interface PartIndexer {
  add(part: SearchPart): void;
  finish(all: readonly SearchPart[]): Promise<SearchIndexResult>;
  stop(): Promise<void>;
}

export class SearchStream {
  readonly #indexer: PartIndexer;
  /** Article URL → the part waiting for its page. */
  readonly #waiting = new Map<string, SearchPart>();
  /** Part → pages of it not written yet. */
  readonly #left = new Map<SearchPart, number>();
  #all: readonly SearchPart[] | undefined;
  #changed = 0;

  constructor(indexer: PartIndexer) {
    this.#indexer = indexer;
  }

  /**
   * `parts`: every part of the site, newest first, each with whether it is kept as it is;
   * `rendering`: the URLs of the article pages this build renders. Called once per build.
   */
  plan(parts: readonly (SearchPart & { kept: boolean })[], rendering: Iterable<string>): void {
    if (this.#all) throw new Error("Newsroom: the search index was planned twice in one build");
    this.#all = parts;
    const changed = parts.filter((part) => !part.kept);
    this.#changed = changed.length;
    const partOf = new Map<string, SearchPart>();
    for (const part of changed) {
      this.#left.set(part, 0);
      for (const url of part.urls) partOf.set(url, part);
    }
    for (const url of rendering) {
      const part = partOf.get(url);
      if (!part || this.#waiting.has(url)) continue;
      this.#waiting.set(url, part);
      this.#left.set(part, this.#left.get(part)! + 1);
    }
    for (const [part, left] of this.#left) if (left === 0) this.#start(part);
  }

  /** The page at `url` is written (any page: those of no waiting part are ignored). */
  written(url: string): void {
    const part = this.#waiting.get(url);
    if (!part) return;
    this.#waiting.delete(url);
    const left = this.#left.get(part)! - 1;
    this.#left.set(part, left);
    if (left === 0) this.#start(part);
  }

  /**
   * Waits for every changed part to be indexed and places the index (see SearchIndexer.finish).
   * Undefined when the plugin planned no index (search turned off, or it did not run): the
   * indexer is stopped then. Throws
   * what indexing threw.
   */
  async finish(): Promise<{ result: SearchIndexResult; changed: number } | undefined> {
    if (!this.#all) {
      await this.#indexer.stop();
      return undefined;
    }
    for (const [part, left] of this.#left) if (left > 0) this.#start(part);
    this.#waiting.clear();
    return { result: await this.#indexer.finish(this.#all), changed: this.#changed };
  }

  /** The build failed: no more parts, and what was made is removed. */
  stop(): Promise<void> {
    this.#waiting.clear();
    this.#left.clear();
    return this.#indexer.stop();
  }

  #start(part: SearchPart): void {
    this.#left.delete(part);
    this.#indexer.add(part);
  }
}
