import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import createDebug from "debug";
import type { IndexItem, SitemapItemLoose } from "sitemap";
import { absoluteUrl } from "../filters/absolute-url.ts";
import type { SiteSettings } from "../settings.ts";
import { SITEMAP_FILE, writeUrlset } from "./sitemap-xml.ts";
import type { OutputKeys } from "./output-keys.ts";

/**
 * sitemap.xml: every public page, so search engines find pages no link reaches and know which
 * changed (lastmod). One file holds at most 50,000 URLs (sitemaps.org); past that, sitemap.xml
 * becomes a sitemap index naming sitemap-1.xml, sitemap-2.xml, … Its URL never changes, so
 * robots.txt and search consoles need no update when a site grows past the limit.
 *
 * The news sitemap and robots.txt live in their own files; they are exported here too, so the
 * plugin imports every crawler-facing output from one place.
 */

export { writeNewsSitemap } from "./news-sitemap.ts";
export { writeRobots } from "./robots.ts";

const debug = createDebug("Newsroom:Sitemaps");

/** The sitemaps.org limit of URLs in one sitemap file. */
export const MAX_PART_SIZE = 50_000;

export interface SitemapPage {
  /** Root-relative URL of a public HTML page, e.g. "/world/visit/". */
  url: string;
  /** ISO 8601 with offset: updated, else published (articles); newest article listed (listings). */
  lastmod?: string;
}

/**
 * sitemap.xml (an index with parts sitemap-1.xml… past `partSize` URLs). Returns the files written.
 * `keys`: skip the files when their URLs and lastmods are those of the last build (src/outputs/output-keys.ts).
 */
export async function writeSitemaps(ctx: { site: SiteSettings; pages: SitemapPage[]; output: string; partSize?: number; keys?: OutputKeys }): Promise<string[]> {
  const { site, output } = ctx;
  const partSize = ctx.partSize ?? MAX_PART_SIZE;
  if (!Number.isInteger(partSize) || partSize < 1 || partSize > MAX_PART_SIZE) {
    throw new RangeError(`sitemapPartSize must be a whole number from 1 to ${MAX_PART_SIZE}, not ${partSize}`);
  }
  // Eleventy reports pages in no fixed order; sorted, the same site gives the same files.
  const items: SitemapItemLoose[] = ctx.pages
    .map((page) => ({ url: absoluteUrl(page.url, site.url), lastmod: page.lastmod }))
    .sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));

  if (ctx.keys) {
    const parts = Array.from({ length: Math.ceil(items.length / partSize) }, (_, i) => `sitemap-${i + 1}.xml`);
    const files = items.length <= partSize ? [SITEMAP_FILE] : [SITEMAP_FILE, ...parts];
    if (ctx.keys.unchanged(files, items.map((i) => `${i.url} ${i.lastmod ?? ""}`))) {
      debug("%s: unchanged, not written", SITEMAP_FILE);
      return [];
    }
  }

  if (items.length <= partSize) {
    await writeUrlset(output, SITEMAP_FILE, items);
    debug("%s: %d URLs", SITEMAP_FILE, items.length);
    return [SITEMAP_FILE];
  }

  const parts: string[] = [];
  const index: IndexItem[] = [];
  for (let start = 0; start < items.length; start += partSize) {
    const file = `sitemap-${parts.length + 1}.xml`;
    const slice = items.slice(start, start + partSize);
    await writeUrlset(output, file, slice);
    parts.push(file);
    const lastmod = newest(slice);
    index.push(lastmod ? { url: absoluteUrl(`/${file}`, site.url), lastmod } : { url: absoluteUrl(`/${file}`, site.url) });
  }
  const { ErrorLevel, SitemapIndexStream } = await import("sitemap");
  await pipeline(Readable.from(index), new SitemapIndexStream({ level: ErrorLevel.THROW }), fs.createWriteStream(path.join(output, SITEMAP_FILE)));
  debug("%s: index of %d parts, %d URLs", SITEMAP_FILE, parts.length, items.length);
  return [SITEMAP_FILE, ...parts];
}

/** A part changed when its newest page did. Offsets differ between strings, so compare instants. */
function newest(items: SitemapItemLoose[]): string | undefined {
  let best: string | undefined;
  let bestTime = -Infinity;
  for (const { lastmod } of items) {
    if (lastmod === undefined) continue;
    const time = Date.parse(lastmod);
    if (time > bestTime) [best, bestTime] = [lastmod, time];
  }
  return best;
}
