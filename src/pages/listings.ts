import type { Article } from "../content/article.ts";
import type { SiteSettings } from "../settings.ts";
import { nameSlug } from "../content/slug.ts";
import type { TagIndex } from "./tag-index.ts";

/**
 * Section, tag and author pages. Each is a list of articles cut into numbered pages:
 * /world/, /world/page/2/, … Built from indexes made in one pass over the articles, so the
 * work grows with the number of articles, not with articles × tags.
 */

export type ListingKind = "section" | "tag" | "author";

export interface ListingPage {
  kind: ListingKind;
  key: string;
  title: string;
  /** A line under the title: an author's role. */
  subtitle?: string;
  description?: string;
  /** URL of this page. */
  url: string;
  /** URL of the first page: the canonical home of the listing. */
  baseUrl: string;
  pageNumber: number;
  totalPages: number;
  previous?: string;
  next?: string;
  articles: Article[];
}

export interface ListingGroup {
  key: string;
  title: string;
  subtitle?: string;
  description?: string;
  baseUrl: string;
  /** Newest first. */
  articles: Article[];
}

export function pageUrl(baseUrl: string, pageNumber: number): string {
  return pageNumber === 1 ? baseUrl : `${baseUrl}page/${pageNumber}/`;
}

export function paginate(kind: ListingKind, group: ListingGroup, perPage: number): ListingPage[] {
  const totalPages = Math.max(1, Math.ceil(group.articles.length / perPage));
  const pages: ListingPage[] = [];
  for (let n = 1; n <= totalPages; n++) {
    pages.push({
      kind,
      key: group.key,
      title: group.title,
      subtitle: group.subtitle,
      description: group.description,
      url: pageUrl(group.baseUrl, n),
      baseUrl: group.baseUrl,
      pageNumber: n,
      totalPages,
      previous: n > 1 ? pageUrl(group.baseUrl, n - 1) : undefined,
      next: n < totalPages ? pageUrl(group.baseUrl, n + 1) : undefined,
      articles: group.articles.slice((n - 1) * perPage, n * perPage),
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
