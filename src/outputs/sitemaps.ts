import fs from "node:fs/promises";
import path from "node:path";
import createDebug from "debug";
import type { IndexItem, SitemapItemLoose } from "sitemap";
import { absoluteUrl } from "../filters/absolute-url.ts";
import type { ListingPage } from "../pages/listings.ts";
import type { SiteSettings } from "../settings.ts";
import type { OutputKeys } from "./output-keys.ts";
import type { SearchPart } from "./search-parts.ts";
import { SITEMAP_FILE, writeSitemapIndex, writeUrlset } from "./sitemap-xml.ts";

/**
 * sitemap.xml: every public page, so search engines find pages no link reaches and know which
 * changed (lastmod). Its URL never changes, so robots.txt and search consoles need no update as
 * a site grows.
 *
 * A small site (at most SMALL_SITE pages) gets one plain <urlset>. A larger one gets parts that
 * do not shift, so that publishing a story rewrites a bounded few of them, never the archive:
 * sitemap.xml is then a sitemap index naming
 *   sitemap-pages.xml       the home page, every listing's front page and newest archive page,
 *                           and the site's other pages (search, …): the pages a new story changes;
 *   sitemap-<part>.xml      one per part of the reader search (src/outputs/search-parts.ts: the
 *                           newest year by month, "2017-04", earlier years by quarter or year,
 *                           "2016-q2", "2015"): its articles, and the archive pages that were
 *                           completed then (see completedArchivePages).
 * A part over `partSize` URLs (50,000, the sitemaps.org limit) is cut into sitemap-<part>-1.xml,
 * -2.xml, … in URL order. Every part depends on the published articles alone, never on the build
 * before, so an incremental build writes exactly what a cold one does.
 *
 * The news sitemap and robots.txt live in their own files; they are exported here too, so the
 * plugin imports every crawler-facing output from one place.
 */

export { writeNewsSitemap } from "./news-sitemap.ts";
export { writeRobots } from "./robots.ts";

const debug = createDebug("Newsroom:Sitemaps");

/** The sitemaps.org limit of URLs in one sitemap file. */
export const MAX_PART_SIZE = 50_000;

/**
 * Most pages of a site whose sitemap.xml is one plain <urlset>. Parts exist so that one story
 * does not rewrite (and upload again) the whole list; below this size the whole list is at most
 * about 120 KB and a few milliseconds to write, and one file is simpler for whoever reads it.
 * The form depends on the page count alone, so it changes only as a site grows past this size
 * (or shrinks below it), and then sitemap.xml is written again in its other form.
 */
export const SMALL_SITE = 1000;

/** The part of the pages no archive period holds: home, front pages, newest archive pages, other pages. */
export const PAGES_PART = "pages";

/** Every file name this module can write besides sitemap.xml: what an earlier build may have left. */
const PART_FILE = /^sitemap-(?:pages|\d+(?:-q[1-4]|-\d\d)?)(?:-\d+)?\.xml$/;

export interface SitemapPage {
  /** Root-relative URL of a public HTML page, e.g. "/world/visit/". */
  url: string;
  /** ISO 8601 with offset: updated, else published (articles); newest article listed (listings). */
  lastmod?: string;
}

/**
 * Writes sitemap.xml (and its parts, on a site of more than SMALL_SITE pages) into `output`.
 * Returns the files written, sitemap.xml last.
 * - `pages`: every public page, in any order.
 * - `parts`: searchParts() of the published articles: which period each article page goes in.
 * - `listings`: every listing page (src/pages/listings.ts): where each completed archive page goes.
 * - `partSize`: most URLs in one file, 1 to 50,000 (default); a site of more than
 *   min(SMALL_SITE, partSize) pages gets parts (tests lower it). Throws a RangeError otherwise.
 * - `keys`: a file whose URLs and lastmods are those of the last build is not written but kept
 *   (src/outputs/output-keys.ts).
 * Part files of an earlier build that this one does not have are removed from `output` (a
 * staged build's commit removes them from the live site: they are neither written nor kept).
 */
export async function writeSitemaps(ctx: {
  site: SiteSettings;
  pages: readonly SitemapPage[];
  output: string;
  parts?: readonly SearchPart[];
  listings?: readonly ListingPage[];
  partSize?: number;
  keys?: OutputKeys;
}): Promise<string[]> {
  const { site, output, keys } = ctx;
  const partSize = ctx.partSize ?? MAX_PART_SIZE;
  if (!Number.isInteger(partSize) || partSize < 1 || partSize > MAX_PART_SIZE) {
    throw new RangeError(`sitemapPartSize must be a whole number from 1 to ${MAX_PART_SIZE}, not ${partSize}`);
  }
  debug("%s: %d pages", SITEMAP_FILE, ctx.pages.length);
  const files = ctx.pages.length <= Math.min(SMALL_SITE, partSize) ? [{ file: SITEMAP_FILE, pages: byUrl(ctx.pages) }] : partFiles(ctx.pages, ctx.parts ?? [], ctx.listings ?? [], partSize);
  const written: string[] = [];
  for (const { file, pages } of files) {
    if (keys?.unchanged([file], pages.map((p) => `${p.url} ${p.lastmod ?? ""}`))) continue;
    await writeUrlset(output, file, pages.map((p): SitemapItemLoose => ({ url: absoluteUrl(p.url, site.url), lastmod: p.lastmod })));
    written.push(file);
  }
  if (files[0]!.file !== SITEMAP_FILE) {
    const index: IndexItem[] = files.map(({ file, pages }) => {
      const lastmod = newest(pages);
      return lastmod ? { url: absoluteUrl(`/${file}`, site.url), lastmod } : { url: absoluteUrl(`/${file}`, site.url) };
    });
    if (!keys?.unchanged([SITEMAP_FILE], index.map((entry) => `${entry.url} ${entry.lastmod ?? ""}`))) {
      await writeSitemapIndex(output, SITEMAP_FILE, index);
      written.push(SITEMAP_FILE);
    }
  }
  await removeOtherParts(output, new Set(files.map((f) => f.file)));
  debug("%s: %d URLs in %d files, %d written (%s)", SITEMAP_FILE, ctx.pages.length, files.length, written.length, written.join(", ") || "none");
  return written;
}

/**
 * Completed archive pages, by URL, each with the instant (milliseconds since the epoch) of the
 * entry whose arrival completed it. An archive page is complete once it is no longer its
 * listing's newest: from then on it holds the same articles whatever is published
 * (src/pages/listings.ts), so it can go in the sitemap part of the period it was completed in and
 * stay there. The period is that of an article listed now, not of the build that completed it: a
 * cold build finds the same.
 *
 * With `perPage` p, archive page n holds the articles numbered (n−1)p … np−1 from the oldest, and
 * it stopped being the newest when article np entered the archive pages, that is when article
 * (n+1)p was published (the front page holds the newest p). Article (n+1)p is the oldest on page
 * n+2 or, for the page before the newest (N−1), on the front page, |page N| − 1 places from its
 * newest. On the corrections listing each entry is a correction, dated by the correction.
 * Front pages and newest archive pages, which change as stories arrive, are not in the map.
 */
export function completedArchivePages(listings: readonly ListingPage[]): Map<string, number> {
  const byListing = new Map<string, { front?: ListingPage; archive: ListingPage[] }>();
  for (const page of listings) {
    let listing = byListing.get(page.baseUrl);
    if (!listing) byListing.set(page.baseUrl, (listing = { archive: [] }));
    if (page.archivePage === undefined) listing.front = page;
    else listing.archive[page.archivePage] = page;
  }
  const completed = new Map<string, number>();
  for (const { front, archive } of byListing.values()) {
    const newest = archive.length - 1; // N: archive pages are numbered 1 … N.
    for (let n = 1; n < newest; n++) {
      const page = archive[n];
      const after = n + 2 <= newest ? archive[n + 2] : front;
      const place = n + 2 <= newest ? after?.articles.length : archive[newest]?.articles.length;
      if (!page || !after || place === undefined) continue;
      const at = entryTime(after, place - 1);
      if (at !== undefined) completed.set(page.url, at);
    }
  }
  return completed;
}

/** When entry `i` of a listing page was published: its article, or on the corrections listing its correction. */
function entryTime(page: ListingPage, i: number): number | undefined {
  const article = page.articles[i];
  if (!article) return undefined;
  const correction = page.corrections?.[i];
  const corrected = correction === undefined ? undefined : article.corrections?.[correction]?.date;
  return corrected === undefined ? article.timestamp : Date.parse(corrected);
}

/** The part files of a site past SMALL_SITE: the pages part first, then the periods newest first. */
function partFiles(pages: readonly SitemapPage[], parts: readonly SearchPart[], listings: readonly ListingPage[], partSize: number): { file: string; pages: SitemapPage[] }[] {
  const groups = new Map<string, SitemapPage[]>([[PAGES_PART, []]]);
  const partOfUrl = new Map<string, SitemapPage[]>();
  // A UTC month as a number (2017-04 is 201704), as searchParts cuts them: no string per page.
  const partOfMonth = new Map<number, SitemapPage[]>();
  for (const part of parts) {
    const group: SitemapPage[] = [];
    groups.set(part.name, group);
    for (const url of part.urls) partOfUrl.set(url, group);
    for (const month of part.months) partOfMonth.set(Number(month.slice(0, 4)) * 100 + Number(month.slice(5, 7)), group);
  }
  const completed = completedArchivePages(listings);
  const rest = groups.get(PAGES_PART)!;
  for (const page of pages) {
    let group = partOfUrl.get(page.url);
    if (group === undefined) {
      const at = completed.get(page.url);
      if (at !== undefined) {
        const day = new Date(at);
        group = partOfMonth.get(day.getUTCFullYear() * 100 + day.getUTCMonth() + 1);
      }
    }
    (group ?? rest).push(page);
  }
  const files: { file: string; pages: SitemapPage[] }[] = [];
  for (const [name, list] of groups) {
    if (list.length === 0) continue;
    const sorted = byUrl(list);
    if (sorted.length <= partSize) {
      files.push({ file: `sitemap-${name}.xml`, pages: sorted });
      continue;
    }
    for (let start = 0; start < sorted.length; start += partSize) {
      files.push({ file: `sitemap-${name}-${start / partSize + 1}.xml`, pages: sorted.slice(start, start + partSize) });
    }
  }
  return files;
}

/** Eleventy reports pages in no fixed order; sorted, the same site gives the same files. */
function byUrl(pages: readonly SitemapPage[]): SitemapPage[] {
  return [...pages].sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
}

/** A part changed when its newest page did. Offsets differ between strings, so compare instants. */
function newest(pages: readonly SitemapPage[]): string | undefined {
  let best: string | undefined;
  let bestTime = -Infinity;
  for (const { lastmod } of pages) {
    if (lastmod === undefined) continue;
    const time = Date.parse(lastmod);
    if (time > bestTime) [best, bestTime] = [lastmod, time];
  }
  return best;
}

/**
 * Removes part files in `output` that this build does not have (a build that writes into the
 * live folder itself: the preview, Eleventy run directly). In a staged build's folder there are
 * none; the commit removes the live ones.
 */
async function removeOtherParts(output: string, keep: ReadonlySet<string>): Promise<void> {
  const names = await fs.readdir(output).catch(() => [] as string[]);
  const stale = names.filter((name) => PART_FILE.test(name) && !keep.has(name));
  await Promise.all(stale.map((name) => fs.rm(path.join(output, name), { force: true })));
  if (stale.length > 0) debug("removed %s", stale.join(", "));
}
