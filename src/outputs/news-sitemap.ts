import { lastChange } from "../pages/last-modified.ts";
import createDebug from "debug";
import type { SitemapItemLoose } from "sitemap";
import { byNewest, type Article } from "../content/article.ts";
import { absoluteUrl } from "../filters/absolute-url.ts";
import type { SiteSettings } from "../settings.ts";
import { NEWS_SITEMAP_FILE, writeUrlset } from "./sitemap-xml.ts";
import type { OutputKeys } from "./output-keys.ts";

/**
 * news-sitemap.xml in the Google News format: Google News reads only articles published in the
 * last two days from it, at most 1,000 per file, so it holds exactly those and is made again by
 * every build (and written when that changed what it lists). Older articles are in sitemap.xml.
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

/**
 * news-sitemap.xml: published articles of the 48 hours before `now`, at most 1,000, each with its
 * <news:news> metadata. Always written, and always valid (see `withoutNews`).
 */
export async function writeNewsSitemap(ctx: { site: SiteSettings; articles: Article[]; output: string; now: Date; keys?: OutputKeys }): Promise<string[]> {
  const { site } = ctx;
  const publication = { name: site.name, language: newsLanguage(site.language) };
  const recent: SitemapItemLoose[] = newsArticles(ctx.articles, ctx.now).map((article) => ({
    url: absoluteUrl(article.url, site.url),
    news: { publication, publication_date: article.date, title: article.title },
  }));
  const items = recent.length > 0 ? recent : [withoutNews(ctx.articles, ctx.now, site)];
  // Skipped when it would list the same (src/outputs/output-keys.ts): its items are its whole text.
  if (ctx.keys?.unchanged([NEWS_SITEMAP_FILE], [JSON.stringify(items)])) {
    debug("%s: unchanged, not written", NEWS_SITEMAP_FILE);
    return [];
  }
  await writeUrlset(ctx.output, NEWS_SITEMAP_FILE, items, { news: true });
  debug("%s: %d articles%s", NEWS_SITEMAP_FILE, recent.length, recent.length > 0 ? "" : ` (none recent: ${items[0]!.url} without news metadata)`);
  return [NEWS_SITEMAP_FILE];
}

/**
 * The one URL of a news sitemap when nothing was published in the last 48 hours: the newest
 * published article (the front page on a site without any), with no <news:news> metadata.
 *
 * An empty <urlset> is what Google accepts here ("your sitemap becomes empty for a period of
 * time … It won't cause any problems"), but the sitemaps.org schema requires at least one <url>,
 * and every file the site publishes must validate. Google's other documented way of ageing out
 * an article is exactly this: "Once the articles are older than two days, either remove those
 * URLs from the news sitemap or remove the <news:news> metadata in your sitemap from the older
 * URLs" (https://developers.google.com/search/docs/crawling-indexing/sitemaps/news-sitemap).
 * A URL without the metadata is an ordinary sitemap entry, which Google News does not treat as
 * news. Writing the file in every build (rather than leaving it out) keeps its address working
 * for robots.txt and Search Console, and means no older copy with stale articles can stay on a
 * host that is only ever added to.
 */
function withoutNews(articles: readonly Article[], now: Date, site: SiteSettings): SitemapItemLoose {
  const newest = articles.filter((a) => a.status === "published" && a.timestamp <= now.getTime()).sort(byNewest)[0];
  if (!newest) return { url: absoluteUrl("/", site.url) };
  return { url: absoluteUrl(newest.url, site.url), lastmod: lastChange(newest) };
}
