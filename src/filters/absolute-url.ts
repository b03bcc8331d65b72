/**
 * URLs on the site. Pages, layouts and data use root-relative paths ("/world/visit/"); the site may
 * live under a base path ("https://example.org/news"), which these helpers add. HTML pages get the
 * base path from Eleventy's HTML base plugin (see src/index.ts); absolute URLs (canonical, Open
 * Graph, structured data, feeds, sitemaps) come from here.
 */

/** The base path of a site URL: "/" or "/news/". */
export function basePath(siteUrl: string): string {
  const path = new URL(`${siteUrl}/`).pathname;
  return path.endsWith("/") ? path : `${path}/`;
}

/** Turns a root-relative path into the absolute URL on the site (under its base path). */
export function absoluteUrl(pathOrUrl: string, siteUrl: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(pathOrUrl)) return pathOrUrl;
  if (pathOrUrl.startsWith("/") && !pathOrUrl.startsWith("//")) return siteUrl.replace(/\/+$/, "") + pathOrUrl;
  return new URL(pathOrUrl, `${siteUrl.replace(/\/+$/, "")}/`).href;
}
