import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Article } from "../content/article.ts";
import type { ListingPage } from "./listings.ts";
import { sameFields } from "./same-fields.ts";

/**
 * Page keys: a page is rendered again only when its key changes. A key is a hash of everything the
 * page is made from:
 *   - the renderer: the code, the layouts and partials, the settings and the build mode (one
 *     fingerprint for the whole site: change any of them and every page is rendered again);
 *   - for an article page, the article as the layouts see it and the articles in its "Earlier
 *     coverage" list;
 *   - for a listing page, its title, links and the articles it lists.
 * An article's part is hashed once per build however many pages show it, so keying a site costs
 * one pass over its articles and pages.
 */

export class PageKeys {
  readonly #fingerprint: string;
  /** This build's: each article's part, worked out once. */
  readonly #shown = new WeakMap<Article, string>();
  readonly #refs = new WeakMap<object, string>();
  /** Kept for the next build (see the constructor): what each key was made from. */
  readonly #memo: KeyMemo;
  readonly #remember: boolean;
  readonly #lastListings: KeyMemo["listings"];

  /**
   * `fingerprint`: rendererFingerprint() of this build. `remember`: keep what each key was made
   * from, for the next build in this process (the preview's builder; a one-off build would hold
   * it for nothing: tens of MB at 100,000 articles). `last`: the keys of the build before, which
   * remembered, and whose work this one takes over when the renderer is the same: an article
   * given again as the same object (src/content/article-cache.ts) keeps its part while its
   * status, lead photo and tags' and authors' names are the same, and a page keeps its key while
   * it is made from the same parts. So a save keys again only what it touched, with the same
   * keys as a build from scratch (test/unit/page-keys.test.ts).
   */
  constructor(fingerprint: string, options: { last?: PageKeys; remember?: boolean } = {}) {
    const { last, remember = false } = options;
    this.#fingerprint = fingerprint;
    const carried = last && last.#fingerprint === fingerprint ? last.#memo : undefined;
    // Listings by URL: only this build's are kept, so pages that are gone are forgotten.
    this.#lastListings = carried?.listings ?? new Map();
    this.#memo = { shown: carried?.shown ?? new WeakMap(), articles: carried?.articles ?? new WeakMap(), listings: new Map() };
    this.#remember = remember;
  }

  /** rendererFingerprint() of the build these keys are for. */
  get fingerprint(): string {
    return this.#fingerprint;
  }

  /**
   * Everything of an article a page can show (its own fields: not what it links to). Most of it
   * follows from `article.digest` (its path, bytes and photo ids) under the renderer fingerprint,
   * which holds the settings and code it was loaded with; only what each build sets again is
   * hashed beside it: the clock-dependent status and the site-wide names of its tags and authors.
   * So keying 20,000 unchanged articles does not serialise them (it cost a second a build), and
   * an article from the cache gets the same key as the same file read afresh.
   *
   * The lead photo is not hashed: the layouts' `article.image` is what the writer wrote (the
   * file's bytes) with the image entry's published files, and an entry follows from its id (a
   * hash of the source's bytes and the image settings: src/images/plan.ts imageId) and the
   * settings and code (the fingerprint). Hashing it as JSON cost 0.2-0.3 s a build at 20,000
   * articles with photos, and made every reused article's photo (src/content/article-cache.ts
   * makes it when read).
   */
  shown(article: Article): string {
    let digest = this.#shown.get(article);
    if (digest === undefined) {
      const last = this.#memo.shown.get(article);
      // Compared in place: a save keys 20,000 unchanged articles, and every array or string made
      // for each of them is garbage to collect before the page can show.
      if (last && last.digest === article.digest && last.status === article.status && this.#sameNames(last.refs, article)) {
        digest = last.shown;
      } else {
        const refs: string[] = [];
        for (const tag of article.tags) refs.push(this.#ref(tag));
        refs.push("authors");
        for (const author of article.authors) refs.push(this.#ref(author));
        digest = sha1([article.digest, article.status, refs.join("\n")].join("\n"));
        if (this.#remember) this.#memo.shown.set(article, { digest: article.digest, status: article.status, refs, shown: digest });
      }
      this.#shown.set(article, digest);
    }
    return digest;
  }

  /** Whether `refs` are the hashes of the article's tags, then "authors", then its authors, as named now. */
  #sameNames(refs: readonly string[], article: Article): boolean {
    const { tags, authors } = article;
    if (refs.length !== tags.length + 1 + authors.length || refs[tags.length] !== "authors") return false;
    for (let i = 0; i < tags.length; i++) if (refs[i] !== this.#ref(tags[i]!)) return false;
    for (let i = 0; i < authors.length; i++) if (refs[tags.length + 1 + i] !== this.#ref(authors[i]!)) return false;
    return true;
  }

  /** Whether `parts` are the parts of `articles` now, in order. */
  #sameShown(parts: readonly string[], articles: readonly Article[], from = 0): boolean {
    if (parts.length !== from + articles.length) return false;
    for (let i = 0; i < articles.length; i++) if (parts[from + i] !== this.shown(articles[i]!)) return false;
    return true;
  }

  /** A tag or author as named site-wide: one object per name, shared by its articles, hashed once. */
  #ref(ref: object): string {
    let digest = this.#refs.get(ref);
    if (digest === undefined) {
      digest = sha1(canonicalJson(ref));
      this.#refs.set(ref, digest);
    }
    return digest;
  }

  article(article: Article): string {
    const last = this.#memo.articles.get(article);
    if (last && last.parts[0] === this.shown(article) && this.#sameShown(last.parts, article.related, 1)) return last.key;
    const parts = [this.shown(article), ...article.related.map((a) => this.shown(a))];
    const key = sha1([this.#fingerprint, "article", ...parts].join("\n"));
    if (this.#remember) this.#memo.articles.set(article, { parts, key });
    return key;
  }

  listing(page: ListingPage): string {
    const last = this.#lastListings.get(page.url);
    // The same page object (src/pages/listings.ts ListingPages hands out unchanged pages again) has the same fields.
    if (last && this.#sameShown(last.parts, page.articles) && (last.page === page || sameFields(last.own, ownFields(page)))) {
      if (this.#remember) this.#memo.listings.set(page.url, last.page === page ? last : { ...last, page });
      return last.key;
    }
    const own = ownFields(page);
    const parts = page.articles.map((a) => this.shown(a));
    const key = sha1([this.#fingerprint, "listing", canonicalJson(own), ...parts].join("\n"));
    if (this.#remember) this.#memo.listings.set(page.url, { page, own, parts, key });
    return key;
  }
}

/** A listing page's fields but its articles. */
function ownFields(page: ListingPage): Record<string, unknown> {
  const { articles: _articles, ...own } = page;
  return own;
}

/** What the keys of one build were made from, for the next build with the same renderer. */
interface KeyMemo {
  /** `refs`: the hashes of its tags, "authors", then of its authors. */
  shown: WeakMap<Article, { digest: string; status: Article["status"]; refs: string[]; shown: string }>;
  articles: WeakMap<Article, { parts: string[]; key: string }>;
  /** By URL: a listing page that changed is a new object (src/pages/listings.ts ListingPages). */
  listings: Map<string, { page: ListingPage; own: Record<string, unknown>; parts: string[]; key: string }>;
}

/**
 * The renderer's fingerprint: `parts` (the code's fingerprint, the settings, the build mode, …)
 * and the content of every template file under `templateDirs` (layouts, partials, data files).
 * Folders listed in `skip` (the articles, the output, node_modules) are not read.
 */
export async function rendererFingerprint(parts: unknown[], templateDirs: string[], skip: string[]): Promise<string> {
  const hash = createHash("sha1");
  hash.update(JSON.stringify(parts));
  const skipped = new Set(skip.map((d) => path.resolve(d)));
  const files = new Set<string>();
  async function walk(dir: string): Promise<void> {
    const abs = path.resolve(dir);
    if (skipped.has(abs)) return;
    const entries = await fs.readdir(abs, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
      const full = path.join(abs, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (TEMPLATE_FILE.test(entry.name)) files.add(full);
    }
  }
  for (const dir of templateDirs) await walk(dir);
  // Read synchronously: a few dozen small files, which read one promise at a time took 0.07-0.2 s
  // of a preview save at 20,000 articles (each waiting its turn behind Eleventy's own file work).
  for (const file of [...files].sort()) {
    hash.update(`\n${file}\n`);
    hash.update(readFileSync(file));
  }
  return hash.digest("hex");
}

// Eleventy's template languages and data files: what can change how a page renders.
const TEMPLATE_FILE = /\.(?:njk|liquid|html|md|11ty\.[cm]?js|json|[cm]?js|[cm]?ts)$/;

/**
 * JSON with every object's keys in sorted order: the same data gives the same text however it was
 * built (an article from the cache has its fields in another order than one just read).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== "object" || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(v).sort()) sorted[key] = (v as Record<string, unknown>)[key];
    return sorted;
  });
}

function sha1(text: string): string {
  return createHash("sha1").update(text).digest("hex");
}
