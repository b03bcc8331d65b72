import type { Article } from "../content/article.ts";
import type { TagIndex } from "./tag-index.ts";

/**
 * Related articles are earlier coverage: an article lists only articles that come after it in
 * the newest-first order (published before it; at the same instant, the one whose URL sorts
 * later, as src/content/article.ts `byNewest` orders them). So publishing an article never
 * changes the related list of an article already published, and an incremental build rewrites no
 * older article page for it. (The oldest article of a site has nothing earlier: no related list.)
 *
 * Built from the tag index, never by comparing every pair of articles: for each tag an article has,
 * we look only at the CANDIDATES_PER_TAG articles just before it in that tag's list (and at the
 * articles just before it in its section, to fill up), so the cost per article is bounded by
 * tags × CANDIDATES_PER_TAG whatever the archive size, and the whole step is linear.
 */
const CANDIDATES_PER_TAG = 50;

/**
 * Fills `related` on every article with at most `count` earlier articles: most shared tags first
 * (among the newest CANDIDATES_PER_TAG earlier articles of each tag), then the newest; then the
 * newest earlier articles of the same section. `articles` must be newest first (as loadArticles
 * returns them) and `byTag` built from the same list (src/pages/tag-index.ts), so each tag's list
 * is in the same order.
 */
export function linkRelated(articles: Article[], count: number, byTag: TagIndex): void {
  if (count === 0) return;
  // Where each article stands in each of its tags' lists (an array in the order of article.tags,
  // small for 100,000 articles) and in its section's list, found in one pass over each list.
  const tagPosition = new Map<Article, number[]>();
  for (const [slug, { articles: list }] of byTag) {
    list.forEach((a, i) => {
      let positions = tagPosition.get(a);
      if (!positions) tagPosition.set(a, (positions = []));
      positions[a.tags.findIndex((t) => t.slug === slug)] = i;
    });
  }
  const bySection = new Map<string, Article[]>();
  const sectionPosition = new Map<Article, number>();
  for (const a of articles) {
    let list = bySection.get(a.section.key);
    if (!list) bySection.set(a.section.key, (list = []));
    sectionPosition.set(a, list.length);
    list.push(a);
  }
  // Newest-first rank of every article: lower is newer. Ties in score go to the newer article.
  const rank = new Map<Article, number>(articles.map((a, i) => [a, i]));

  for (const article of articles) {
    const score = new Map<Article, number>();
    for (const [t, tag] of article.tags.entries()) {
      const list = byTag.get(tag.slug)?.articles;
      const at = tagPosition.get(article)?.[t];
      if (!list || at === undefined) continue;
      // The articles after this one in the tag's list are the earlier ones.
      for (const other of list.slice(at + 1, at + 1 + CANDIDATES_PER_TAG)) score.set(other, (score.get(other) ?? 0) + 1);
    }
    const ranked = [...score].sort(([a, sa], [b, sb]) => sb - sa || rank.get(a)! - rank.get(b)!).map(([a]) => a);
    const section = bySection.get(article.section.key)!;
    // Skips at most score.size articles, so this loop is bounded too.
    for (let i = sectionPosition.get(article)! + 1; i < section.length && ranked.length < count; i++) {
      if (!score.has(section[i]!)) ranked.push(section[i]!);
    }
    article.related = ranked.slice(0, count);
  }
}
