import type { Article } from "../content/article.ts";
import type { SiteSettings } from "../settings.ts";
import { nameSlug } from "../content/slug.ts";
import type { TagIndex } from "./tag-index.ts";
import { sameFields } from "./same-fields.ts";

/**
 * Section, tag and author pages. A listing is a front page and archive pages that do not shift:
 *
 *   /world/          the front page: the newest `perPage` articles;
 *   /world/page/N/   archive page N, counted from the OLDEST: page 1 holds the oldest `perPage`
 *                    articles, page 2 the next, … Every archive page is full except the newest
 *                    one, which holds what comes after the front page.
 *
 * Within every page the newest comes first. Publishing an article therefore changes the front page
 * and the newest archive page only (plus, when that page is full, a new page and the "Newer" link
 * of the page before it), whatever the size of the archive; a page's content never depends on the
 * total count (no "page N of M"), or every page would change. Deleting or re-dating an old article
 * moves the articles after it, so the archive pages after it change. The design is Nikola's
 * INDEXES_STATIC (getnikola/nikola#521); README, "Listing pages and their addresses".
 * Built from indexes made in one pass over the articles, so the work grows with the number of
 * articles, not with articles × tags.
 */

export type ListingKind = "section" | "tag" | "author" | "corrections";

export interface ListingPage {
  kind: ListingKind;
  key: string;
  title: string;
  /** A line under the title: an author's role. */
  subtitle?: string;
  description?: string;
  /** URL of this page (root-relative). Every page is its own canonical. */
  url: string;
  /** URL of the front page. */
  baseUrl: string;
  /** Undefined on the front page; on an archive page its number, counted from the oldest (1 = oldest). */
  archivePage?: number;
  /** The page of the next newer articles (rel="prev" in reading order): the archive page above, or the front page. */
  newer?: string;
  /** The page of the next older articles (rel="next"). */
  older?: string;
  /** Newest first. */
  articles: Article[];
  /**
   * On the corrections pages (correctionsGroup): which correction of `articles[i]` entry i is,
   * an index into its `corrections`. An article corrected twice appears once per correction.
   */
  corrections?: number[];
}

export interface ListingGroup {
  key: string;
  title: string;
  subtitle?: string;
  description?: string;
  baseUrl: string;
  /** Newest first. */
  articles: Article[];
  /** See ListingPage.corrections: parallel to `articles`. */
  corrections?: number[];
}

/** URL of archive page `archivePage` (1 = the oldest articles), e.g. "/world/page/3/". */
export function archiveUrl(baseUrl: string, archivePage: number): string {
  return `${baseUrl}page/${archivePage}/`;
}

/**
 * Cuts a listing (articles newest first) into its front page and archive pages, front page first,
 * then archive pages from 1 (the oldest). `perPage` ≥ 1 articles per page. A listing with no
 * articles still has its front page (navigation never leads to a 404).
 */
export function paginate(kind: ListingKind, group: ListingGroup, perPage: number): ListingPage[] {
  const list = group.articles;
  const total = list.length;
  // Everything after the front page, cut into pages from the oldest end.
  const archived = Math.max(0, total - perPage);
  const archivePages = Math.ceil(archived / perPage);
  const base = { kind, key: group.key, title: group.title, subtitle: group.subtitle, description: group.description, baseUrl: group.baseUrl };
  const pages: ListingPage[] = [
    {
      ...base,
      url: group.baseUrl,
      older: archivePages > 0 ? archiveUrl(group.baseUrl, archivePages) : undefined,
      articles: list.slice(0, perPage),
      ...(group.corrections ? { corrections: group.corrections.slice(0, perPage) } : {}),
    },
  ];
  for (let n = 1; n <= archivePages; n++) {
    // Page n holds the articles numbered (n-1)·perPage … n·perPage-1 from the oldest;
    // in the newest-first list the oldest is at total-1.
    const from = total - Math.min(n * perPage, archived);
    const to = total - (n - 1) * perPage;
    pages.push({
      ...base,
      url: archiveUrl(group.baseUrl, n),
      archivePage: n,
      newer: n < archivePages ? archiveUrl(group.baseUrl, n + 1) : group.baseUrl,
      older: n > 1 ? archiveUrl(group.baseUrl, n - 1) : undefined,
      articles: list.slice(from, to),
      ...(group.corrections ? { corrections: group.corrections.slice(from, to) } : {}),
    });
  }
  return pages;
}

/** Every section gets a page, even an empty one, so navigation never leads to a 404. */
export function sectionGroups(articles: Article[], site: SiteSettings): ListingGroup[] {
  const groups = new Map<string, ListingGroup>(
    Object.entries(site.sections).map(([key, s]) => [
      key,
      { key, title: s.label, description: s.description, baseUrl: `/${key}/`, articles: [] },
    ]),
  );
  for (const article of articles) groups.get(article.section.key)?.articles.push(article);
  return [...groups.values()];
}

export function tagGroups(byTag: TagIndex): ListingGroup[] {
  return [...byTag]
    .map(([key, { name, url, articles }]) => ({ key, title: name, baseUrl: url, articles }))
    .sort((a, b) => a.key.localeCompare(b.key));
}

/** Only names with a profile have a page; a profile with no articles yet still gets one. */
export function authorGroups(articles: Article[], site: SiteSettings): ListingGroup[] {
  const groups = new Map<string, ListingGroup>();
  for (const [name, profile] of Object.entries(site.authors)) {
    const slug = nameSlug(name);
    groups.set(slug, {
      key: slug,
      title: name,
      subtitle: profile.role,
      description: profile.bio,
      baseUrl: `/authors/${slug}/`,
      articles: [],
    });
  }
  for (const article of articles) {
    for (const author of article.authors) {
      if (author.url) groups.get(author.slug)?.articles.push(article);
    }
  }
  return [...groups.values()].sort((a, b) => a.key.localeCompare(b.key));
}

/** Where the site lists every correction. */
export const CORRECTIONS_URL = "/corrections/";

/**
 * The corrections listing: every correction of every article given (the published ones in a
 * build), newest first (ties: the article's URL, then the correction's place), paginated like any
 * listing, so a new correction changes its front page and newest archive page only. The page
 * exists with no corrections too: the footer links to it.
 */
export function correctionsGroup(articles: Article[]): ListingGroup {
  const entries: { article: Article; index: number; at: number }[] = [];
  for (const article of articles) {
    (article.corrections ?? []).forEach((c, index) => entries.push({ article, index, at: Date.parse(c.date) }));
  }
  entries.sort((a, b) => b.at - a.at || a.article.url.localeCompare(b.article.url) || b.index - a.index);
  return {
    key: "corrections",
    title: "Corrections",
    description: "Every correction to an article on this site, newest first.",
    baseUrl: CORRECTIONS_URL,
    articles: entries.map((e) => e.article),
    corrections: entries.map((e) => e.index),
  };
}

/**
 * paginate() for the preview's builder, which lists the same 20,000 articles again on every save:
 * a group whose fields and articles (the same objects, in the same order: src/content/article-cache.ts
 * gives an unchanged article again as the same object) are those of the last build gets the
 * very pages it got then (10,000 pages at 20,000 articles: 0.13-0.17 s a save, most of it
 * garbage). Comparing the lists costs one pass over them. The pages are never changed once made,
 * so handing them out again is safe; PageKeys (src/pages/page-keys.ts) still keys each page from
 * its articles as they are now.
 */
export class ListingPages {
  #last = new Map<string, { group: ListingGroup; perPage: number; pages: ListingPage[] }>();

  /** The pages of every group, in order, as paginate(kind, group, perPage) makes them. */
  pages(groups: readonly { kind: ListingKind; group: ListingGroup }[], perPage: number): ListingPage[] {
    const next = new Map<string, { group: ListingGroup; perPage: number; pages: ListingPage[] }>();
    const all: ListingPage[] = [];
    for (const { kind, group } of groups) {
      const id = `${kind}\0${group.key}`;
      const last = this.#last.get(id);
      const pages = last && last.perPage === perPage && sameFields(last.group, group, "same objects") ? last.pages : paginate(kind, group, perPage);
      next.set(id, { group, perPage, pages });
      for (const page of pages) all.push(page);
    }
    // Groups no longer listed are forgotten.
    this.#last = next;
    return all;
  }
}
