import { lastChange } from "../pages/last-modified.ts";
import fs from "node:fs/promises";
import path from "node:path";
import createDebug from "debug";
import type { AtomFeed, JsonFeed, RssFeed } from "feedsmith";
import { byNewest, type Article, type LeadImage } from "../content/article.ts";
import { absoluteUrl } from "../filters/absolute-url.ts";
import type { SiteSettings } from "../settings.ts";
import { absoluteHtml } from "./absolute-html.ts";
import type { OutputKeys } from "./output-keys.ts";

/**
 * Feeds: RSS 2.0, Atom 1.0 and JSON Feed 1.1 of the newest published articles, for the whole site
 * and for each section, so a reader can follow everything or only "Sport". Items carry the full
 * article (URLs made absolute, since a reader shows it away from the site), authors, section,
 * tags and the lead photo. The feedsmith generators write the formats; this module decides what
 * goes in and keeps every text valid in XML whatever a writer typed.
 */

const debug = createDebug("Newsroom:Feeds");

export interface FeedRef {
  /** "site" or a section key. */
  scope: string;
  format: "rss" | "atom" | "json";
  /** MIME type for <link rel="alternate" type>. */
  type: string;
  /** Human title, e.g. "The Newsroom Sample – World (RSS)". */
  title: string;
  /** Root-relative URL, e.g. "/feed.xml" or "/world/feed.json". */
  url: string;
}

export type FeedFormat = FeedRef["format"];

/** File name, MIME type and the name readers know each format by, in the order pages list them. */
export const FEED_FORMATS: Record<FeedFormat, { file: string; type: string; label: string }> = {
  rss: { file: "feed.xml", type: "application/rss+xml", label: "RSS" },
  atom: { file: "atom.xml", type: "application/atom+xml", label: "Atom" },
  json: { file: "feed.json", type: "application/feed+json", label: "JSON Feed" },
};

const FORMATS = Object.keys(FEED_FORMATS) as FeedFormat[];

/** A feed's scope: the whole site, or one section. */
interface Scope {
  key: string;
  /** The feed's own title: "The Newsroom Sample" or "The Newsroom Sample – World". */
  title: string;
  description: string;
  /** Root-relative URL of the page the feed follows: "/" or "/world/". */
  home: string;
  articles: Article[];
}

/**
 * The site's scope, then each section's, each with its newest `limit` of `articles` (newest
 * first). Picked in one pass that stops once every section has its `limit`: a feed shows the
 * newest few, and filtering all 20,000 articles once per section took 0.1 s of every build.
 */
function scopes(site: SiteSettings, articles: Article[] = [], limit = Infinity): Scope[] {
  const bySection = new Map(Object.keys(site.sections).map((key) => [key, [] as Article[]]));
  let open = limit > 0 ? bySection.size : 0;
  for (const article of articles) {
    if (open === 0) break;
    const list = bySection.get(article.section.key);
    if (!list || list.length >= limit) continue;
    list.push(article);
    if (list.length === limit) open--;
  }
  return [
    {
      key: "site",
      title: site.name,
      description: site.description ?? `The latest articles from ${site.name}.`,
      home: "/",
      articles: articles.slice(0, limit),
    },
    ...Object.entries(site.sections).map(([key, section]) => ({
      key,
      title: `${site.name} – ${section.label}`,
      description: section.description ?? `The latest ${section.label} articles from ${site.name}.`,
      home: `/${key}/`,
      articles: bySection.get(key)!,
    })),
  ];
}

function feedUrl(scope: string, format: FeedFormat): string {
  return `${scope === "site" ? "/" : `/${scope}/`}${FEED_FORMATS[format].file}`;
}

/** Every feed of the site: the whole site's three, then each section's three. */
export function feedsFor(site: SiteSettings): FeedRef[] {
  // The format is in the title: a page offers three feeds of one scope, and a reader's
  // "subscribe" menu shows only the titles.
  return scopes(site).flatMap((scope) =>
    FORMATS.map((format) => ({
      scope: scope.key,
      format,
      type: FEED_FORMATS[format].type,
      title: `${scope.title} (${FEED_FORMATS[format].label})`,
      url: feedUrl(scope.key, format),
    })),
  );
}

/**
 * Writes every feed into `output`. `articles`: the published articles, newest first. Returns the
 * files written (relative). `now` dates a feed when the site has no article at all (Atom needs
 * a date); by default the clock. `published`: the folders the photos are in (default `output`;
 * a staged build passes the live site too, which has the photos it did not need to place again).
 */
export async function writeFeeds(ctx: {
  site: SiteSettings;
  articles: Article[];
  output: string;
  now?: Date;
  published?: string[];
  /**
   * Skip a scope's three files when the articles in them are the same as last build
   * (src/outputs/output-keys.ts); `shown` gives an article's key (PageKeys.shown). Skipped files
   * are not in the list returned.
   */
  keyed?: { keys: OutputKeys; shown: (article: Article) => string };
}): Promise<string[]> {
  const { site, output } = ctx;
  const photoFolders = ctx.published ?? [output];
  // The caller passes published articles only; checked again because a draft in a feed cannot
  // be taken back once readers have fetched it.
  const articles = ctx.articles.filter((a) => a.status === "published").sort(byNewest);
  const items = new Map<string, Promise<Item>>();
  const itemFor = (article: Article) => {
    let item = items.get(article.url);
    if (!item) items.set(article.url, (item = itemOf(article, site, photoFolders)));
    return item;
  };
  // An empty section's feed is as new as the site: Atom needs a date, and a fixed one keeps
  // rebuilds of unchanged content identical. Worked out only when a section is empty.
  let fallback: Date | undefined;
  const fallbackDate = () => (fallback ??= newestChange(articles.map(lastChangeDate)) ?? ctx.now ?? new Date());

  const written: string[] = [];
  for (const scope of scopes(site, articles, site.feedSize)) {
    const listed = scope.articles;
    if (ctx.keyed) {
      const files = FORMATS.map((format) => feedUrl(scope.key, format).slice(1));
      // An empty scope is dated by the site's newest change (below); a full one by its own articles.
      const parts = listed.length > 0 ? listed.map(ctx.keyed.shown) : [`empty ${fallbackDate().toISOString()}`];
      if (ctx.keyed.keys.unchanged(files, parts)) {
        debug("%s: unchanged, not written", scope.key);
        continue;
      }
    }
    // Loaded when a feed is written at all: a warm build that changes no feed never needs it.
    generators ??= await import("feedsmith");
    const newest = await Promise.all(listed.map(itemFor));
    const updated = newestChange(newest.map((i) => i.updated)) ?? fallbackDate();
    const channel: Channel = {
      title: clean(scope.title),
      description: clean(scope.description),
      home: absoluteUrl(scope.home, site.url),
      language: clean(site.language),
      updated,
      logo: absoluteUrl(site.logo, site.url),
      publisher: { name: clean(site.name), url: absoluteUrl("/", site.url) },
    };
    for (const format of FORMATS) {
      const url = feedUrl(scope.key, format);
      const self = absoluteUrl(url, site.url);
      const text =
        format === "rss" ? rss(channel, self, newest) : format === "atom" ? atom(channel, self, newest) : json(channel, self, newest);
      const file = path.join(output, ...url.split("/").filter(Boolean));
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.writeFile(file, text);
      written.push(path.relative(output, file));
    }
    debug("%s: %d articles in each feed", scope.key, newest.length);
  }
  return written;
}

let generators: typeof import("feedsmith") | undefined;

/** What every format says about a feed. All texts already cleaned. */
interface Channel {
  title: string;
  description: string;
  home: string;
  language: string;
  updated: Date;
  logo: string;
  publisher: { name: string; url: string };
}

/** What every format says about an article, computed once for all the feeds it is in. */
interface Item {
  url: string;
  title: string;
  summary: string;
  /** The lead photo (as a figure) and the body, URLs absolute. */
  html: string;
  published: Date;
  updated: Date;
  /** Only set when the article says it was updated. */
  modified?: Date;
  authors: { name: string; url?: string }[];
  /** The section's label first, then the tags. */
  categories: string[];
  image?: { url: string; type: string; length?: number };
}

async function itemOf(article: Article, site: SiteSettings, photoFolders: string[]): Promise<Item> {
  const body = await absoluteHtml(leadFigure(article.image) + article.html, article.url, site.url);
  return {
    url: absoluteUrl(article.url, site.url),
    title: clean(article.title),
    summary: clean(article.description),
    html: stripInvalidXml(body),
    published: new Date(article.date),
    updated: lastChangeDate(article),
    modified: lastChange(article) !== article.date ? new Date(lastChange(article)) : undefined,
    authors: article.authors.map((a) => ({ name: clean(a.name), url: a.url ? absoluteUrl(a.url, site.url) : undefined })),
    categories: [...new Set([article.section.label, ...article.tags.map((t) => t.name)].map(clean))].filter(Boolean),
    image: article.image ? await enclosure(article.image, site, photoFolders) : undefined,
  };
}

function lastChangeDate(article: Article): Date {
  return new Date(lastChange(article));
}

function newestChange(dates: Date[]): Date | undefined {
  return dates.reduce<Date | undefined>((max, d) => (!max || d > max ? d : max), undefined);
}

/**
 * The lead photo as the first thing in the item's HTML, as on the page: most readers show the
 * HTML and ignore enclosures. One plain <img> (the fallback JPEG), which every reader displays.
 */
function leadFigure(image: LeadImage | undefined): string {
  if (!image) return "";
  const caption = [image.caption, image.credit].filter(Boolean).map((t) => escapeHtml(t!)).join(" ");
  return (
    `<figure><img src="${escapeHtml(image.src)}" alt="${escapeHtml(image.alt)}" width="${image.width}" height="${image.height}">` +
    (caption ? `<figcaption>${caption}</figcaption>` : "") +
    "</figure>\n"
  );
}

const IMAGE_TYPES: Record<string, string> = { ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".webp": "image/webp", ".avif": "image/avif", ".gif": "image/gif" };

/**
 * The lead photo as an enclosure. RSS wants its size in bytes: that of the published file. In
 * the preview a photo may not be encoded yet; the size is then unknown (RSS readers take 0 so).
 */
async function enclosure(image: LeadImage, site: SiteSettings, photoFolders: string[]): Promise<Item["image"]> {
  const parts = decodeURI(image.src).split("/").filter(Boolean);
  let length: number | undefined;
  for (const folder of photoFolders) {
    length = await fs.stat(path.join(folder, ...parts)).then((s) => s.size, () => undefined);
    if (length !== undefined) break;
  }
  if (length === undefined) debug("no file for %s: enclosure without a size", image.src);
  return {
    url: absoluteUrl(image.src, site.url),
    type: IMAGE_TYPES[path.extname(image.src).toLowerCase()] ?? "image/jpeg",
    length,
  };
}

function rss(channel: Channel, self: string, items: Item[]): string {
  const feed: RssFeed.Feed<Date> = {
    title: channel.title,
    link: channel.home,
    description: channel.description,
    language: channel.language,
    lastBuildDate: channel.updated,
    generator: "Newsroom",
    image: { url: channel.logo, title: channel.title, link: channel.home },
    atom: { links: [{ href: self, rel: "self", type: FEED_FORMATS.rss.type }] },
    items: items.map((item) => ({
      title: item.title,
      link: item.url,
      guid: { value: item.url, isPermaLink: true },
      pubDate: item.published,
      // RSS description is HTML: the standfirst is plain text, so its "<" must not become markup.
      description: escapeHtml(item.summary),
      content: { encoded: item.html },
      // RSS's own <author> must be an e-mail address; Dublin Core takes a name.
      dc: item.authors.length > 0 ? { creators: item.authors.map((a) => a.name) } : undefined,
      categories: item.categories.map((name) => ({ name })),
      enclosures: item.image ? [{ url: item.image.url, type: item.image.type, length: item.image.length ?? 0 }] : undefined,
    })),
  };
  return unpadCdata(generators!.generateRssFeed(feed));
}

function atom(channel: Channel, self: string, items: Item[]): string {
  // Atom text fields are objects: feedsmith silently drops a bare string. "text" keeps a title
  // like "</title><script>" a title, not markup.
  const text = (value: string): AtomFeed.Text => ({ value, type: "text" });
  const feed: AtomFeed.Feed<Date> = {
    id: self,
    title: text(channel.title),
    subtitle: text(channel.description),
    updated: channel.updated,
    icon: channel.logo,
    logo: channel.logo,
    generator: { text: "Newsroom" },
    // A feed needs an author unless every entry has one; articles may name none.
    authors: [{ name: channel.publisher.name, uri: channel.publisher.url }],
    links: [
      { href: channel.home, rel: "alternate", type: "text/html" },
      { href: self, rel: "self", type: FEED_FORMATS.atom.type },
    ],
    entries: items.map((item) => ({
      id: item.url,
      title: text(item.title),
      summary: text(item.summary),
      content: { value: item.html, type: "html" },
      published: item.published,
      updated: item.updated,
      authors: item.authors.map((a) => ({ name: a.name, uri: a.url })),
      categories: item.categories.map((term) => ({ term })),
      links: [
        { href: item.url, rel: "alternate", type: "text/html" },
        ...(item.image ? [{ href: item.image.url, rel: "enclosure", type: item.image.type, length: item.image.length }] : []),
      ],
    })),
  };
  // xml:lang is the Atom way to say the language; feedsmith has no field for it on <feed>.
  return unpadCdata(generators!.generateAtomFeed(feed)).replace(/<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom"/, `$& xml:lang="${escapeHtml(channel.language)}"`);
}

function json(channel: Channel, self: string, items: Item[]): string {
  const feed: JsonFeed.Feed<Date> = {
    title: channel.title,
    home_page_url: channel.home,
    feed_url: self,
    description: channel.description,
    icon: channel.logo,
    language: channel.language,
    authors: [channel.publisher],
    items: items.map((item) => ({
      id: item.url,
      url: item.url,
      title: item.title,
      summary: item.summary,
      content_html: item.html,
      image: item.image?.url,
      date_published: item.published,
      date_modified: item.modified,
      authors: item.authors.length > 0 ? item.authors : undefined,
      tags: item.categories,
    })),
  };
  // feedsmith leaves out empty lists, but JSON Feed requires `items`: an empty section has [].
  const generated = generators!.generateJsonFeed(feed) as Record<string, unknown>;
  return `${JSON.stringify({ ...generated, items: generated.items ?? [] }, null, 2)}\n`;
}

// Characters XML 1.0 does not allow, even escaped: C0 controls other than tab, newline and
// carriage return, U+FFFE, U+FFFF and unpaired surrogates (with the u flag a pair is one code
// point, so only lone halves match). feedsmith passes them through and the feed would not parse.
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/gu;

export function stripInvalidXml(value: string): string {
  return value.replace(INVALID_XML, "");
}

const CDATA_START = "<![CDATA[";
const CDATA_END = "]]>";

/**
 * The XML without the white space feedsmith's pretty-printer puts around CDATA sections.
 * feedsmith writes a text holding "&", "<" or ">" as CDATA and indents it on a line of its own:
 * `<title>\n        <![CDATA[Markets & oil]]>\n      </title>`. That white space is part of the
 * element's text, and readers keep it: rss-parser returns "\n        Markets & oil\n      ".
 *
 * Only white space between an element's start tag and a run of CDATA sections (feedsmith splits
 * a text holding "]]>" into several), and between that run and the element's end tag, is taken
 * out; the document is scanned section by section, so nothing inside a CDATA section (an
 * article's HTML may hold anything) is ever read as markup.
 */
export function unpadCdata(xml: string): string {
  let out = "";
  let from = 0;
  for (;;) {
    const start = xml.indexOf(CDATA_START, from);
    if (start === -1) return out + xml.slice(from);
    // The run of adjacent CDATA sections that starts here.
    let end = start;
    while (xml.startsWith(CDATA_START, end)) {
      const close = xml.indexOf(CDATA_END, end + CDATA_START.length);
      if (close === -1) return out + xml.slice(from); // not well-formed: leave it to the checks
      end = close + CDATA_END.length;
    }
    const before = xml.slice(from, start);
    const lead = /[ \t\r\n]+$/.exec(before);
    const trail = /^[ \t\r\n]+<\//.exec(xml.slice(end));
    const padded = lead !== null && trail !== null && before.slice(0, lead.index).endsWith(">");
    out += padded ? before.slice(0, lead.index) : before;
    out += xml.slice(start, end);
    from = padded ? end + trail[0].length - 2 : end;
  }
}

/**
 * A plain text for a feed: valid in XML, and trimmed, as feedsmith trims the XML formats' texts
 * (so the three formats say the same).
 */
function clean(value: string): string {
  return stripInvalidXml(value).trim();
}

function escapeHtml(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
