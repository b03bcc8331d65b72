/**
 * URLs on the site. Pages, layouts and data use root-relative paths ("/world/visit/"); the site may
 * live under a base path ("https://example.org/news"), which these helpers add. HTML pages get the
 * base path from Eleventy's HTML base plugin (see src/index.ts); absolute URLs (canonical, Open
 * Graph, structured data, feeds, sitemaps, share links) come from here.
 *
 * Paths may hold any script: a file named "בחירות-בעירייה.md" is the page /world/בחירות-בעירייה/,
 * and the tag चुनाव is /tags/चुनाव/. An absolute URL handed to a machine (a feed reader, a
 * crawler, a social network) must be ASCII: RFC 3986 allows no other character in a URI, RSS
 * `<link>`/`<guid>` and Atom `<id>` are URIs, and sitemaps.org asks for entity- and
 * percent-escaped URLs. So every absolute URL goes through the WHATWG URL parser
 * (https://url.spec.whatwg.org/), which percent-encodes the path, query and fragment as UTF-8 and
 * writes an international host name in punycode, exactly as a browser does.
 */

/** The base path of a site URL: "/" or "/news/" (percent-encoded). */
export function basePath(siteUrl: string): string {
  const path = new URL(`${siteUrl}/`).pathname;
  return path.endsWith("/") ? path : `${path}/`;
}

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
// A "%" that does not start a percent-escape: the URL parser leaves it as it is, which is not a
// valid URI. "%D7%91" (already encoded) is kept, so nothing is encoded twice.
const LONE_PERCENT = /%(?![0-9a-f]{2})/gi;

/**
 * The absolute, ASCII URL of `pathOrUrl` on the site at `siteUrl`.
 *
 * - "/world/visit/" (root-relative) goes under the site's base path:
 *   ("/tags/चुनाव/", "https://example.org/news") → "https://example.org/news/tags/%E0%A4%9A…/".
 * - "chart.jpg" (relative) resolves against the site's front page, as in a browser.
 * - A URL with a scheme ("https://…", "mailto:…") keeps its target and is only normalised.
 *
 * Non-ASCII characters, spaces and lone "%" are percent-encoded (UTF-8); existing escapes are kept.
 * A value the URL parser refuses is returned unchanged (it cannot be made into a URL at all).
 */
export function absoluteUrl(pathOrUrl: string, siteUrl: string): string {
  const value = pathOrUrl.replace(LONE_PERCENT, "%25");
  const site = siteUrl.replace(/\/+$/, "");
  let url: string;
  if (SCHEME.test(value)) url = value;
  // Joined as text, then parsed alone: parsed against a base, "/\evil.example" would be read as
  // "//evil.example", another host. Here the site's host is already in front of it.
  else if (value.startsWith("/") && !value.startsWith("//")) url = site + value;
  else return URL.canParse(value, `${site}/`) ? new URL(value, `${site}/`).href : pathOrUrl;
  return URL.canParse(url) ? new URL(url).href : pathOrUrl;
}
