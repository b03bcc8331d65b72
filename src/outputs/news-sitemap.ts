import createDebug from "debug";
import type { SitemapItemLoose } from "sitemap";
import { byNewest, type Article } from "../content/article.ts";
import { absoluteUrl } from "../filters/absolute-url.ts";
import type { SiteSettings } from "../settings.ts";
import { NEWS_SITEMAP_FILE, writeUrlset } from "./sitemap-xml.ts";

/**
 * news-sitemap.xml in the Google News format: Google News reads only articles published in the
 * last two days from it, at most 1,000 per file, so it holds exactly those and is rewritten by
 * every build. Older articles are in sitemap.xml.
 * https://developers.google.com/search/docs/crawling-indexing/sitemaps/news-sitemap
 */

const debug = createDebug("Newsroom:Sitemaps");

/** How far back from the build the news sitemap reaches. */
export const NEWS_WINDOW_MS = 48 * 60 * 60 * 1000;
/** Google's limit of URLs in one news sitemap. */
export const MAX_NEWS_ARTICLES = 1000;

/** Published articles of the 48 hours up to `now` (the future is embargoed), newest first, at most 1,000. */
export function newsArticles(articles: readonly Article[], now: Date): Article[] {
  const end = now.getTime();
  const start = end - NEWS_WINDOW_MS;
  return articles
    .filter((a) => a.status === "published" && a.timestamp <= end && a.timestamp > start)
    .sort(byNewest)
    .slice(0, MAX_NEWS_ARTICLES);
}

/**
 * The publication language as Google News wants it: an ISO 639 code ("en-IN" is "en"), except
 * Chinese, which is zh-cn (Simplified) or zh-tw (Traditional).
 */
export function newsLanguage(tag: string): string {
  const [primary = "", ...subtags] = tag.toLowerCase().split(/[-_]/);
  if (primary === "zh") {
    if (subtags.includes("hans")) return "zh-cn";
    return subtags.some((s) => ["hant", "tw", "hk", "mo"].includes(s)) ? "zh-tw" : "zh-cn";
  }
  if (/^[a-z]{2,3}$/.test(primary)) return primary;
  throw new Error(`The site's language "${tag}" does not start with an ISO 639 code (such as "en" or "hi"), which Google News needs`);
}

/** news-sitemap.xml: published articles of the 48 hours before `now`, at most 1,000. */
export async function writeNewsSitemap(ctx: { site: SiteSettings; articles: Article[]; output: string; now: Date }): Promise<string[]> {
  const { site } = ctx;
  const publication = { name: site.name, language: newsLanguage(site.language) };
  const items: SitemapItemLoose[] = newsArticles(ctx.articles, ctx.now).map((article) => ({
    url: absoluteUrl(article.url, site.url),
    news: { publication, publication_date: article.date, title: article.title },
  }));
  await writeUrlset(ctx.output, NEWS_SITEMAP_FILE, items, { news: true });
  debug("%s: %d articles", NEWS_SITEMAP_FILE, items.length);
  return [NEWS_SITEMAP_FILE];
}
