import type { Article } from "../content/article.ts";

/**
 * When an article last changed: the latest of its `date`, its `updated` and its corrections'
 * dates (ISO string with offset, as written). A correction changes the article, so its
 * structured data's dateModified, the feeds' updated dates and its sitemap lastmod follow it.
 */
export function lastChange(article: Pick<Article, "date" | "updated" | "corrections">): string {
  let latest = article.updated ?? article.date;
  for (const c of article.corrections ?? []) if (Date.parse(c.date) > Date.parse(latest)) latest = c.date;
  return latest;
}

/**
 * When each page last changed, for sitemaps: an article when it last changed (lastChange), a
 * listing page (a front page or an archive page, src/pages/listings.ts) and the home page when the
 * newest change among the articles on that page happened. So a sealed archive page keeps its
 * lastmod as newer articles arrive, and moves only when an article on it is edited. A page with no
 * articles (an empty section) gets none. ISO strings with offsets from one site compare correctly
 * only as instants, so compare timestamps.
 */
export function lastModified(articles: Article[], listings: { url: string; articles: Article[] }[]): Map<string, string> {
  // Each article's last change and its instant, worked out once: an article is on five or more
  // listing pages, and parsing the same ISO string again for each cost 1.5 s of CPU a warm
  // 20,000-article build (a CPU profile).
  const known = new Map<Article, { iso: string; at: number }>();
  const change = (a: Article) => {
    let c = known.get(a);
    if (c === undefined) {
      const iso = lastChange(a);
      c = { iso, at: Date.parse(iso) };
      known.set(a, c);
    }
    return c;
  };
  const latest = (list: Article[]) => {
    let best: { iso: string; at: number } | undefined;
    for (const a of list) {
      const c = change(a);
      if (best === undefined || c.at > best.at) best = c;
    }
    return best?.iso;
  };
  const out = new Map<string, string>();
  for (const article of articles) out.set(article.url, change(article).iso);
  for (const page of listings) {
    const value = latest(page.articles);
    if (value) out.set(page.url, value);
  }
  const home = latest(articles);
  if (home) out.set("/", home);
  return out;
}
