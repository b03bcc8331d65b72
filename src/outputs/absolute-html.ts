import { createRequire } from "node:module";
import type posthtml from "posthtml";
import { absoluteUrl } from "../filters/absolute-url.ts";

/**
 * Absolute URLs in an article's HTML, for feeds. A page on the site can say "/img/a.jpg" or
 * "chart.jpg"; a feed reader shows the HTML away from the site, where such URLs point nowhere (or
 * at the reader's own host). The URL walker is the one Eleventy's HTML base plugin uses, so the
 * same attributes are rewritten here as in the pages: href, src, srcset, poster, cite, …
 */

type EachUrl = (url: string, attribute: string, tag: string) => string;
// @11ty/posthtml-urls ships no types; this is the part of its API used here.
type Urls = (options: { eachURL: EachUrl }) => posthtml.Plugin<unknown>;
// Both loaded on first use: a warm build that writes no feed never needs them.
let loaded: { posthtml: typeof posthtml; urls: Urls } | undefined;
async function load(): Promise<{ posthtml: typeof posthtml; urls: Urls }> {
  loaded ??= { posthtml: (await import("posthtml")).default, urls: createRequire(import.meta.url)("@11ty/posthtml-urls") as Urls };
  return loaded;
}

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const NOT_ASCII = /[^\x21-\x7e]/;

/**
 * One URL made absolute. `pageUrl` is the root-relative URL of the page the HTML belongs to;
 * `siteUrl` the site's absolute URL (it may carry a base path, "https://example.org/news").
 * URLs with a scheme (https:, mailto:, tel:, data:) keep their target; an http(s) one with
 * characters outside ASCII is percent-encoded. Every URL made absolute here is ASCII.
 */
export function absoluteIn(url: string, pageUrl: string, siteUrl: string): string {
  const value = url.trim();
  if (value === "") return url;
  if (SCHEME.test(value)) {
    // A web address typed with letters of any script (raw HTML can hold one; markdown links are
    // encoded by markdown-it already) is percent-encoded like every URL in a feed. Other schemes,
    // and URLs that are ASCII already, are left exactly as written.
    return /^https?:/i.test(value) && NOT_ASCII.test(value) && URL.canParse(value) ? new URL(value).href : url;
  }
  const page = absoluteUrl(pageUrl, siteUrl);
  // Root-relative paths are paths on the site, so they go under its base path: new URL() would
  // drop the base path ("/img/a.jpg" against "https://example.org/news/" is "https://example.org/img/a.jpg").
  if (value.startsWith("/") && !value.startsWith("//")) return absoluteUrl(value, siteUrl);
  // Relative paths, "//host/…" and "#fragment" resolve against the page, as a browser would on it.
  // The value is the attribute as written (entities not decoded); the URL parser leaves "&" and
  // ";" as they are, so "&amp;" in a query survives.
  return URL.canParse(value, page) ? new URL(value, page).href : url;
}

/** The HTML with every URL in it absolute (see `absoluteIn`). */
export async function absoluteHtml(html: string, pageUrl: string, siteUrl: string): Promise<string> {
  if (html.trim() === "") return html;
  const { posthtml, urls } = await load();
  const result = await posthtml()
    .use(urls({ eachURL: (url) => absoluteIn(url, pageUrl, siteUrl) }))
    .process(html);
  return result.html;
}
