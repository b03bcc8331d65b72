import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import type { Article } from "../content/article.ts";
import type { ListingPage } from "./listings.ts";

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
  readonly #shown = new WeakMap<Article, string>();
  readonly #refs = new WeakMap<object, string>();

  /** `fingerprint`: rendererFingerprint() of this build. */
  constructor(fingerprint: string) {
    this.#fingerprint = fingerprint;
  }

  /**
   * Everything of an article a page can show (its own fields: not what it links to). Most of it
   * follows from `article.digest` (its path, bytes and photo ids) under the renderer fingerprint,
   * which holds the settings and code it was loaded with; only what each build sets again is
   * hashed beside it: the clock-dependent status, the site-wide names of its tags and authors, and
   * its lead photo as the image store describes it. So keying 20,000 unchanged articles does not
   * serialise them (it cost a second a build), and an article from the cache gets the same key as
   * the same file read afresh.
   */
  shown(article: Article): string {
    let digest = this.#shown.get(article);
    if (digest === undefined) {
      const parts = [article.digest, article.status];
      for (const tag of article.tags) parts.push(this.#ref(tag));
      parts.push("authors");
      for (const author of article.authors) parts.push(this.#ref(author));
      if (article.image) parts.push(canonicalJson(article.image));
      digest = sha1(parts.join("\n"));
      this.#shown.set(article, digest);
    }
    return digest;
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
    return sha1([this.#fingerprint, "article", this.shown(article), ...article.related.map((a) => this.shown(a))].join("\n"));
  }

  listing(page: ListingPage): string {
    const { articles, ...own } = page;
    return sha1([this.#fingerprint, "listing", canonicalJson(own), ...articles.map((a) => this.shown(a))].join("\n"));
  }
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
  for (const file of [...files].sort()) {
    hash.update(`\n${file}\n`);
    hash.update(await fs.readFile(file));
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
