import type { Article } from "../content/article.ts";

/**
 * Articles by tag slug, newest first (given newest-first articles), built in one pass. Tag pages
 * and related articles both read it, so no step ever compares articles pairwise. Every article
 * already carries its tags' site-wide names and slugs (src/content/names.ts), so the first
 * article's tag gives the page its name.
 */
export type TagIndex = Map<string, { name: string; url: string; articles: Article[] }>;

export function tagIndex(articles: Article[]): TagIndex {
  const index: TagIndex = new Map();
  for (const article of articles) {
    for (const tag of article.tags) {
      let entry = index.get(tag.slug);
      if (!entry) {
        entry = { name: tag.name, url: tag.url, articles: [] };
        index.set(tag.slug, entry);
      }
      entry.articles.push(article);
    }
  }
  return index;
}
