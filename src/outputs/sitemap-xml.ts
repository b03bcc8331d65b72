import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { SitemapItemLoose } from "sitemap";

/**
 * The one place sitemap XML is written, with the `sitemap` package: the file names robots.txt
 * points at, and a <urlset> writer shared by sitemap.xml (and its parts) and news-sitemap.xml.
 * Files are streamed, never built whole in memory: a part holds up to 50,000 URLs.
 */

export const SITEMAP_FILE = "sitemap.xml";
export const NEWS_SITEMAP_FILE = "news-sitemap.xml";

/**
 * Writes `items` (absolute URLs, at least one) as a <urlset> to `file` under `output`, declaring
 * the news namespace only when asked: by default the package declares every extension it knows.
 * Throws when `items` is empty.
 */
export async function writeUrlset(output: string, file: string, items: readonly SitemapItemLoose[], options: { news?: boolean } = {}): Promise<void> {
  const news = options.news ?? false;
  const target = path.join(output, file);
  // sitemaps.org's schema requires at least one <url>: an empty urlset is not a valid sitemap.
  // Callers always have one (the front page is a page of every site); this guards the promise.
  if (items.length === 0) throw new Error(`${file} would have no URL, which the sitemaps.org schema does not allow`);
  // The stream validates and normalizes each item inside _transform, where a throw is not turned
  // into a stream error but crashes the process; check here, where it rejects the pipeline.
  // Loaded when a sitemap is written at all: a warm build that changes none never needs it.
  const sitemap = await import("sitemap");
  const stream = new sitemap.SitemapStream({ level: sitemap.ErrorLevel.SILENT, xmlns: { news, xhtml: false, image: false, video: false } });
  await pipeline(Readable.from(checked(items, sitemap)), stream, fs.createWriteStream(target));
}

function* checked(items: readonly SitemapItemLoose[], sitemap: typeof import("sitemap")): Generator<SitemapItemLoose> {
  for (const item of items) {
    sitemap.validateSMIOptions(sitemap.normalizeURL(item), sitemap.ErrorLevel.THROW);
    yield item;
  }
}
