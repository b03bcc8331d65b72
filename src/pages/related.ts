import type { Article } from "../content/article.ts";
import type { TagIndex } from "./tag-index.ts";

/**
 * Related articles from a tag index, never by comparing every pair of articles: for each article
 * we look only at the newest few articles of each of its tags (and of its section, to fill up),
 * so the cost per article is bounded by tags × CANDIDATES_PER_TAG whatever the archive size.
 */
const CANDIDATES_PER_TAG = 50;

/**
 * Fills `related` on every article: most shared tags first, then newest; then the newest of the
 * same section. `articles` must be newest first (as loadArticles returns them).
 */
export function linkRelated(articles: Article[], count: number, byTag: TagIndex): void {
  if (count === 0) return;
  const bySection = new Map<string, Article[]>();
  for (const a of articles) {
    const list = bySection.get(a.section.key) ?? [];
    if (list.length < count + 1) list.push(a);
    bySection.set(a.section.key, list);
  }
  for (const article of articles) {
    const score = new Map<Article, number>();
    for (const tag of article.tags) {
      const list = byTag.get(tag.slug)?.articles ?? [];
      for (const other of list.slice(0, CANDIDATES_PER_TAG)) {
        if (other !== article) score.set(other, (score.get(other) ?? 0) + 1);
      }
    }
    const ranked = [...score].sort(([a, sa], [b, sb]) => sb - sa || b.timestamp - a.timestamp).map(([a]) => a);
    for (const other of bySection.get(article.section.key) ?? []) {
      if (ranked.length >= count) break;
      if (other !== article && !score.has(other)) ranked.push(other);
    }
    article.related = ranked.slice(0, count);
  }
}
