import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { ErrorLevel, normalizeURL, SitemapStream, validateSMIOptions, type SitemapItemLoose } from "sitemap";

/**
 * The one place sitemap XML is written, with the `sitemap` package: the file names robots.txt
 * points at, and a <urlset> writer shared by sitemap.xml (and its parts) and news-sitemap.xml.
 * Files are streamed, never built whole in memory: a part holds up to 50,000 URLs.
 */

export const SITEMAP_FILE = "sitemap.xml";
export const NEWS_SITEMAP_FILE = "news-sitemap.xml";

const SITEMAPS_NS = "http://www.sitemaps.org/schemas/sitemap/0.9";
const NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9";

/**
 * Writes `items` (absolute URLs) as a <urlset> to `file` under `output`, declaring the news
 * namespace only when asked: by default the package declares every extension it knows.
 */
export async function writeUrlset(output: string, file: string, items: readonly SitemapItemLoose[], options: { news?: boolean } = {}): Promise<void> {
  const news = options.news ?? false;
  const target = path.join(output, file);
  if (items.length === 0) {
    // The package refuses an empty urlset (EmptySitemap), but a news sitemap is empty whenever
    // nothing was published in the last 48 hours, and robots.txt still names it.
    const ns = news ? ` xmlns:news="${NEWS_NS}"` : "";
    await fs.promises.writeFile(target, `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="${SITEMAPS_NS}"${ns}></urlset>`);
    return;
  }
  // The stream validates and normalizes each item inside _transform, where a throw is not turned
  // into a stream error but crashes the process; check here, where it rejects the pipeline.
  const stream = new SitemapStream({ level: ErrorLevel.SILENT, xmlns: { news, xhtml: false, image: false, video: false } });
  await pipeline(Readable.from(checked(items)), stream, fs.createWriteStream(target));
}

function* checked(items: readonly SitemapItemLoose[]): Generator<SitemapItemLoose> {
  for (const item of items) {
    validateSMIOptions(normalizeURL(item), ErrorLevel.THROW);
    yield item;
  }
}
