import { createRequire } from "node:module";
import type * as HtmlParser2 from "htmlparser2";
import type Token from "markdown-it/lib/token.mjs";
import type sanitizeHtml from "sanitize-html";
import type { BuildWarning } from "../build/build-report.ts";
import { isAllowedLink } from "./link-policy.ts";

/**
 * Raw HTML in articles, when the site turns it on (`markdown.allowHtml`): the allow-list, the
 * sanitizer that applies it, and `htmlRemovals`, which tells the writer what the sanitizer took
 * out of their article (issue 8 follow-up: `<details>`, `<iframe>` and a remote `<img>` used to
 * vanish without a word).
 *
 * One source of truth: `htmlRemovals` does not re-implement the list. It runs `sanitize` on each
 * piece of raw HTML the writer typed and compares the elements and attributes before and after.
 */

const alignment = { "text-align": [/^(?:left|right|center)$/] };

// sanitize-html (with postcss and htmlparser2 under it) is needed only by a site that turns raw
// HTML on, or by an article that has some: it is loaded on first use, so `npm run check` and the
// build of every other site skip its ~0.3 s of loading. require(): both are CommonJS packages
// (htmlparser2 is both), so the callers stay synchronous.
const require = createRequire(import.meta.url);
let sanitizer: typeof sanitizeHtml | undefined;
let htmlparser2: typeof HtmlParser2 | undefined;
const loadSanitizer = (): typeof sanitizeHtml => (sanitizer ??= require("sanitize-html") as typeof sanitizeHtml);

/** htmlparser2's Parser, loaded on first use (see above). */
export function htmlParser(): typeof HtmlParser2.Parser {
  return (htmlparser2 ??= require("htmlparser2") as typeof HtmlParser2).Parser;
}

/**
 * The allow-list for raw HTML. It keeps everything markdown-it itself writes for ordinary
 * markdown, so an article renders the same with the setting on or off: an ordered list's
 * `start`, a table column's alignment (markdown-it writes `style="text-align:…"` on th and td),
 * and links with an empty href (`[x]()`). What it removes: tags outside the list (script, iframe,
 * raw img…), event handlers and every other attribute, links other than http, https, mailto, tel
 * or relative, and any style but text-align left, right or center on table cells.
 */
export function htmlAllowList(): AllowList {
  return (allowList ??= makeAllowList(loadSanitizer()));
}

// allowedEmptyAttributes is in sanitize-html since 2.12 but not yet in @types/sanitize-html.
type AllowList = sanitizeHtml.IOptions & { allowedEmptyAttributes: string[] };
let allowList: AllowList | undefined;

const makeAllowList = (sanitizeHtml: typeof import("sanitize-html")): AllowList => ({
  allowedTags: [...sanitizeHtml.defaults.allowedTags, "figure", "figcaption", "del", "ins", "sup", "sub"],
  allowedAttributes: {
    ...sanitizeHtml.defaults.allowedAttributes,
    "*": ["class", "id", "lang", "dir", "title"],
    ol: ["start"],
    th: ["style"],
    td: ["style"],
    // Scroll boxes of tables and code (scroll-boxes.ts): focusable and labelled, nothing else.
    section: ["aria-label", { name: "tabindex", multiple: false, values: ["0"] }],
    pre: [{ name: "tabindex", multiple: false, values: ["0"] }],
  },
  allowedStyles: { th: alignment, td: alignment },
  // sanitize-html drops empty attributes but `alt` by default; markdown-it writes href="" for `[x]()`.
  allowedEmptyAttributes: ["alt", "href"],
  allowedSchemes: ["http", "https", "mailto", "tel"],
  allowProtocolRelative: false,
  exclusiveFilter: (frame) => frame.tag === "a" && typeof frame.attribs.href === "string" && !isAllowedLink(frame.attribs.href),
});

/** HTML → HTML with only what htmlAllowList() allows (sanitize-html). */
export function sanitize(html: string): string {
  return loadSanitizer()(html, htmlAllowList());
}

interface Element {
  tag: string;
  attribs: Record<string, string>;
  /** 0-based line within the parsed text. */
  line: number;
}

function elements(html: string): Element[] {
  const found: Element[] = [];
  const Parser = htmlParser();
  const parser = new Parser(
    { onopentag: (tag, attribs) => found.push({ tag, attribs, line: countLines(html, parser.startIndex) }) },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return found;
}

/** A value from the article for a terminal message: no control characters (no terminal escapes), at most 60 characters. */
export function quoted(value: string): string {
  const clean = value.replace(/[\p{Cc}\p{Cf}]/gu, "");
  return clean.length > 60 ? `${clean.slice(0, 59)}…` : clean;
}

const countLines = (text: string, end: number) => text.slice(0, end).split("\n").length - 1;

/** Raw HTML the writer typed, with the body line (from 0) it starts on: html_block and html_inline tokens. */
function rawHtml(tokens: Token[]): { html: string; line: number }[] {
  const found: { html: string; line: number }[] = [];
  for (const t of tokens) {
    if (t.type === "html_block") found.push({ html: t.content, line: t.map?.[0] ?? 0 });
    if (t.type !== "inline" || !t.children) continue;
    let line = t.map?.[0] ?? 0;
    for (const child of t.children) {
      if (child.type === "softbreak" || child.type === "hardbreak") line++;
      if (child.type === "html_inline") found.push({ html: child.content, line });
    }
  }
  return found;
}

/** What a writer can do instead of a tag the list does not allow. */
const INSTEAD: [tags: RegExp, hint: string][] = [
  [/^(?:img|picture|source)$/, 'Put the photo file beside the article and write ![What the photo shows](photo.jpg "Caption"): photos are checked, resized and credited that way.'],
  [/^(?:iframe|embed|object|video|audio)$/, "Link to it instead, e.g. [Watch the video](https://…): embedded players are not allowed in articles."],
  [/^(?:details|summary)$/, "Its text now shows as plain text: write it as ordinary paragraphs (under a heading, if it needs a title), since hidden, expandable text is not allowed."],
  [/^(?:script|style|link|meta|base)$/, "Articles cannot run code or change the page's style: remove it."],
  [/^(?:form|input|button|select|textarea|option|label)$/, "Link to the form instead, e.g. [Take part in the survey](https://…)."],
];
const OTHER_TAG = "Write it in markdown, or remove it; a developer can allow more tags in src/markdown/html-policy.ts.";

/**
 * What `sanitize` removes from the raw HTML in an article's markdown tokens, as build warnings
 * naming the line of the file (`bodyLine`: the file line the body starts on, 1-based): tags the
 * list does not allow, links whose address is not allowed, and attributes or styles taken off
 * an allowed tag. One warning per line and kind. Only meaningful when raw HTML is on (with it
 * off, markdown-it prints raw HTML as text, so nothing is removed).
 */
export function htmlRemovals(tokens: Token[], file: string, bodyLine: number): BuildWarning[] {
  const warnings: BuildWarning[] = [];
  const allowed = new Set(htmlAllowList().allowedTags || []);
  const byLine = new Map<number, { tags: string[]; links: string[]; attributes: string[] }>();
  const at = (line: number) => {
    let entry = byLine.get(line);
    if (!entry) byLine.set(line, (entry = { tags: [], links: [], attributes: [] }));
    return entry;
  };

  for (const raw of rawHtml(tokens)) {
    const before = elements(raw.html);
    if (before.length === 0) continue;
    const after = elements(sanitize(raw.html));
    // sanitize-html only removes elements and attributes, never adds or reorders: match in order.
    let k = 0;
    for (const el of before) {
      const line = at(raw.line + el.line);
      const kept = after[k]?.tag === el.tag ? after[k++] : undefined;
      if (!kept) {
        if (!allowed.has(el.tag)) line.tags.push(`<${el.tag}>`);
        else if (el.tag === "a" && el.attribs.href !== undefined && !isAllowedLink(el.attribs.href)) line.links.push(quoted(el.attribs.href));
        else line.tags.push(`<${el.tag}>`); // inside a removed link
        continue;
      }
      for (const [name, value] of Object.entries(el.attribs)) {
        if (el.tag === "a" && name === "href" && kept.attribs.href !== value) line.links.push(quoted(value));
        else if (!(name in kept.attribs)) line.attributes.push(`${name}="${quoted(value)}" on <${el.tag}>`);
        else if (kept.attribs[name] !== value) line.attributes.push(`part of ${name}="${quoted(value)}" on <${el.tag}>`);
      }
    }
  }

  const list = (items: string[]) => [...new Set(items)].join(", ");
  const allowList = htmlAllowList();
  const schemes = Array.isArray(allowList.allowedSchemes) ? allowList.allowedSchemes : [];
  const everyTag = (allowList.allowedAttributes || {})["*"]?.map((a) => (typeof a === "string" ? a : a.name)) ?? [];
  for (const [bodyLineIndex, found] of [...byLine].sort((a, b) => a[0] - b[0])) {
    const where = `line ${bodyLine + bodyLineIndex}`;
    const tags = [...new Set(found.tags)];
    if (tags.length > 0) {
      const hints = [...new Set(tags.map((t) => INSTEAD.find(([re]) => re.test(t.slice(1, -1)))?.[1] ?? OTHER_TAG))];
      warnings.push({
        file,
        field: "body",
        message: `${where}: ${tags.join(", ")} ${tags.length === 1 ? "is" : "are"} not allowed in articles and ${tags.length === 1 ? "was" : "were"} removed.`,
        hint: hints.join(" "),
      });
    }
    if (found.links.length > 0) {
      warnings.push({
        file,
        field: "body",
        message: `${where}: the link to "${list(found.links)}" was removed: only ${schemes.join(", ")} links, or pages of this site, are allowed.`,
        hint: "Link to a web page: [text](https://…).",
      });
    }
    if (found.attributes.length > 0) {
      warnings.push({
        file,
        field: "body",
        message: `${where}: ${list(found.attributes)} ${found.attributes.length === 1 ? "is" : "are"} not allowed in articles and ${found.attributes.length === 1 ? "was" : "were"} removed.`,
        hint: `Remove it: the site's style sets the look of articles. Attributes allowed on every tag: ${everyTag.join(", ")}.`,
      });
    }
  }
  return warnings;
}
