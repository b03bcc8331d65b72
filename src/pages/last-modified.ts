import type { Article } from "../content/article.ts";

/**
 * When each page last changed, for sitemaps: an article when it was updated (else published), a
 * listing page (a front page or an archive page, src/pages/listings.ts) and the home page when the
 * newest change among the articles on that page happened. So a sealed archive page keeps its
 * lastmod as newer articles arrive, and moves only when an article on it is edited. A page with no
 * articles (an empty section) gets none. ISO strings with offsets from one site compare correctly
 * only as instants, so compare timestamps.
 */
export function lastModified(articles: Article[], listings: { url: string; articles: Article[] }[]): Map<string, string> {
  const changed = (a: Article) => a.updated ?? a.date;
  const instant = (iso: string) => Date.parse(iso);
  const latest = (list: Article[]) =>
    list.reduce<string | undefined>((best, a) => (best === undefined || instant(changed(a)) > instant(best) ? changed(a) : best), undefined);
  const out = new Map<string, string>();
  for (const article of articles) out.set(article.url, changed(article));
  for (const page of listings) {
    const value = latest(page.articles);
    if (value) out.set(page.url, value);
  }
  const home = latest(articles);
  if (home) out.set("/", home);
  return out;
}
