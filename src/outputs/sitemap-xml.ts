import fs from "node:fs";
import path from "node:path";
import { once } from "node:events";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { IndexItem, SitemapItem, SitemapItemLoose } from "sitemap";

/**
 * The one place sitemap XML is written, with the `sitemap` package: the file names robots.txt
 * points at, a <urlset> writer shared by the sitemap parts and news-sitemap.xml, and the
 * <sitemapindex> writer. Files are streamed, never built whole in memory: a part holds up to
 * 50,000 URLs.
 */

export const SITEMAP_FILE = "sitemap.xml";
export const NEWS_SITEMAP_FILE = "news-sitemap.xml";

const URLSET_OPEN = '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"';
const NEWS_NAMESPACE = ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"';
const URLSET_CLOSE = "</urlset>";

/**
 * Writes `items` (absolute URLs, at least one) as a <urlset> to `file` under `output`, declaring
 * the news namespace only when asked (the package's SitemapStream declares every extension it
 * knows unless told otherwise). Every item is normalized and validated before anything is
 * written: a bad one (a URL the WHATWG parser refuses, a lastmod that is no date, incomplete news
 * metadata) rejects the promise and leaves no file. Throws when `items` is empty.
 */
export async function writeUrlset(output: string, file: string, items: readonly SitemapItemLoose[], options: { news?: boolean } = {}): Promise<void> {
  // sitemaps.org's schema requires at least one <url>: an empty urlset is not a valid sitemap.
  // Callers always have one (the front page is a page of every site); this guards the promise.
  if (items.length === 0) throw new Error(`${file} would have no URL, which the sitemaps.org schema does not allow`);
  // Loaded when a sitemap is written at all: a warm build that changes none never needs it.
  const sitemap = await import("sitemap");
  // Each item is normalized (absolute URL checked, lastmod as ISO 8601 in UTC) and validated once,
  // here, where a throw rejects the promise. The package's SitemapStream would do both again inside
  // its _transform, where a throw is not turned into a stream error but crashes the process; so the
  // normalized items go to its SitemapItemStream, which only writes the elements (the same bytes).
  // That halves the package's work per URL (a CPU profile: normalizeURL ran twice per URL).
  const normalized: SitemapItem[] = items.map((item) => sitemap.validateSMIOptions(sitemap.normalizeURL(item), sitemap.ErrorLevel.THROW));
  const target = fs.createWriteStream(path.join(output, file));
  try {
    target.write(`${URLSET_OPEN}${options.news ? NEWS_NAMESPACE : ""}>`);
    await pipeline(Readable.from(normalized), new sitemap.SitemapItemStream({ level: sitemap.ErrorLevel.THROW }), target, { end: false });
    target.end(URLSET_CLOSE);
    await once(target, "close");
  } finally {
    target.destroy();
  }
}

/** Writes `entries` (absolute URLs of sitemaps, at least one) as a <sitemapindex> to `file` under `output`. */
export async function writeSitemapIndex(output: string, file: string, entries: readonly IndexItem[]): Promise<void> {
  if (entries.length === 0) throw new Error(`${file} would name no sitemap, which the sitemaps.org schema does not allow`);
  const { ErrorLevel, SitemapIndexStream } = await import("sitemap");
  await pipeline(Readable.from(entries), new SitemapIndexStream({ level: ErrorLevel.THROW }), fs.createWriteStream(path.join(output, file)));
}
