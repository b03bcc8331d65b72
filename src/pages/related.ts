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
  const ranks = relatedRanks(articles, count, byTag);
  articles.forEach((article, r) => (article.related = ranks[r]!.map((other) => articles[other]!)));
}

/**
 * linkRelated for a process that builds the same site again and again (the preview's builder,
 * on every save). The related lists follow from each article's place in the newest-first list,
 * its tags' slugs and its section, and from nothing else (not its text, headline or status): when
 * none of these changed since the last call, the lists of article numbers found then are used
 * again, given the articles now at those places. A save that edits an article's text is that
 * case; a new, deleted or re-dated article, or changed tags or section, finds them afresh.
 * The lists are exactly linkRelated's either way (test/unit/pages.test.ts).
 */
export class RelatedLinks {
  #last: { signature: string; count: number; ranks: number[][] } | undefined;

  /** As linkRelated(articles, count, byTag). */
  link(articles: Article[], count: number, byTag: TagIndex): void {
    // Tab and newline appear in no slug or section key (src/content/slug.ts, settings).
    const signature = articles.map((a) => `${a.section.key}\t${a.tags.map((t) => t.slug).join("\t")}`).join("\n");
    const last = this.#last;
    const ranks = last && last.count === count && last.signature === signature ? last.ranks : relatedRanks(articles, count, byTag);
    this.#last = { signature, count, ranks };
    articles.forEach((article, r) => (article.related = ranks[r]!.map((other) => articles[other]!)));
  }
}

/** For each article (by its place in `articles`), the places of its related articles, in order. */
function relatedRanks(articles: Article[], count: number, byTag: TagIndex): number[][] {
  if (count === 0) return articles.map(() => []);
  // Articles are numbered by their place in the newest-first list (lower = newer), and the
  // work below is on those numbers in typed arrays: about three times faster than Maps keyed by
  // article, and 0.35 s for 20,000 articles of 3 tags each (2 shared cores).
  const n = articles.length;
  const rank = new Map<Article, number>(articles.map((a, i) => [a, i]));
  // Each tag's list as numbers, and where each article stands in each of its tags' lists:
  // tagPosition[tagStart[r] + t] for article r's t-th tag.
  const tagStart = new Int32Array(n + 1);
  for (let r = 0; r < n; r++) tagStart[r + 1] = tagStart[r]! + articles[r]!.tags.length;
  const tagPosition = new Int32Array(tagStart[n]!).fill(-1);
  const tagRanks = new Map<string, Int32Array>();
  for (const [slug, { articles: list }] of byTag) {
    const ranks = Int32Array.from(list, (a) => rank.get(a) ?? -1);
    tagRanks.set(slug, ranks);
    ranks.forEach((r, i) => {
      if (r < 0) return;
      const t = articles[r]!.tags.findIndex((tag) => tag.slug === slug);
      if (t >= 0) tagPosition[tagStart[r]! + t] = i;
    });
  }
  const sectionRanks = new Map<string, number[]>();
  const sectionPosition = new Int32Array(n);
  articles.forEach((a, r) => {
    let list = sectionRanks.get(a.section.key);
    if (!list) sectionRanks.set(a.section.key, (list = []));
    sectionPosition[r] = list.length;
    list.push(r);
  });

  // Scratch space reused for every article: shared-tag counts by article number, and the
  // numbers touched, so that resetting costs what was used.
  const score = new Int32Array(n);
  const touched: number[] = [];
  const related: number[][] = new Array(n);
  const before = (a: number, b: number) => score[a]! > score[b]! || (score[a] === score[b] && a < b);
  for (let r = 0; r < n; r++) {
    const article = articles[r]!;
    for (let t = 0; t < article.tags.length; t++) {
      const list = tagRanks.get(article.tags[t]!.slug);
      const at = tagPosition[tagStart[r]! + t]!;
      if (!list || at < 0) continue;
      // The articles after this one in the tag's list are the earlier ones.
      const end = Math.min(list.length, at + 1 + CANDIDATES_PER_TAG);
      for (let i = at + 1; i < end; i++) {
        const other = list[i]!;
        if (score[other] === 0) touched.push(other);
        score[other]! += 1;
      }
    }
    // The best `count` (at most 12): most shared tags first, then the newest (the lower number).
    // Kept by insertion into a short sorted list, which is cheaper than sorting every candidate.
    const chosen: number[] = [];
    for (const other of touched) {
      if (chosen.length === count && !before(other, chosen[count - 1]!)) continue;
      let i = Math.min(chosen.length, count - 1);
      while (i > 0 && before(other, chosen[i - 1]!)) i--;
      chosen.splice(i, 0, other);
      if (chosen.length > count) chosen.pop();
    }
    const section = sectionRanks.get(article.section.key)!;
    // Skips at most `touched.length` articles, so this loop is bounded too.
    for (let i = sectionPosition[r]! + 1; i < section.length && chosen.length < count; i++) {
      if (score[section[i]!] === 0) chosen.push(section[i]!);
    }
    for (const other of touched) score[other] = 0;
    touched.length = 0;
    related[r] = chosen;
  }
  return related;
}
