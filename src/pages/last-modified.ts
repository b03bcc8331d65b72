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
  const changed = lastChange;
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
