import { randomBytes } from "node:crypto";
import type MarkdownIt from "markdown-it";
import type Token from "markdown-it/lib/token.mjs";
import sanitizeHtml from "sanitize-html";
import type { ImageEntry, ImageStore } from "../images/image-store.ts";
import { pictureOf } from "../images/picture.ts";
import { resolveImage } from "../images/resolve-image.ts";
import { problem, type ArticleProblem } from "../content/errors.ts";
import { isAllowedLink } from "./link-policy.ts";
import { restorePictures, type PictureEnv } from "./picture-rule.ts";

/**
 * Renders an article body in three steps, each testable alone:
 *   1. parse   markdown-it tokens (the figure rule runs here);
 *   2. images  every inline image is checked (local, inside the folder, a safe format, within the
 *              pixel limit) and planned in the image store; its token gets the `<picture>` data
 *              (picture-rule.ts writes it);
 *   3. render  HTML, sanitized with an allow-list when the site turned raw HTML on.
 */

export interface BodyContext {
  /** Project-relative path of the article, for error messages. */
  file: string;
  /** Absolute folder of the article: inline images resolve against it. */
  dir: string;
  images: ImageStore;
  /** URL path the site's images are published under, e.g. "/img/". */
  imageBase: string;
}

export interface BodyImage {
  entry: ImageEntry;
  /** What the writer wrote, for messages about this image later (e.g. when it fails to encode). */
  src: string;
}

export interface RenderedBody {
  html: string;
  images: BodyImage[];
  problems: ArticleProblem[];
}

function imageTokens(tokens: Token[]): Token[] {
  const found: Token[] = [];
  for (const t of tokens) {
    for (const child of t.children ?? []) if (child.type === "image") found.push(child);
  }
  return found;
}

export async function renderBody(md: MarkdownIt, body: string, ctx: BodyContext): Promise<RenderedBody> {
  const env: PictureEnv = {};
  const tokens = md.parse(body, env);
  const images: BodyImage[] = [];
  const problems: ArticleProblem[] = [];
  const inspect = { inspect: (f: string) => ctx.images.inspect(f), maxPixels: ctx.images.settings.maxPixels };

  for (const token of imageTokens(tokens)) {
    const src = token.attrGet("src") ?? "";
    const result = await resolveImage(src, ctx.dir, inspect);
    if (!result.ok) {
      problems.push(problem(result.error, ctx.file, { field: "body", value: src, reason: result.reason }));
      continue;
    }
    const entry = await ctx.images.add(result.image.file, { lead: false }, result.image.info);
    images.push({ entry, src });
    token.meta = { picture: pictureOf(entry, ctx.imageBase) };
  }

  if (!md.options.html) return { html: md.renderer.render(tokens, md.options, env), images, problems };
  env.deferred = { key: randomBytes(8).toString("hex"), html: [] };
  const html = restorePictures(sanitize(md.renderer.render(tokens, md.options, env)), env.deferred);
  return { html, images, problems };
}

/**
 * The allow-list for raw HTML, used only when `markdown.allowHtml` is on. It keeps everything
 * markdown-it itself writes for ordinary markdown, so an article renders the same with the
 * setting on or off: an ordered list's `start`, a table column's alignment (markdown-it writes
 * `style="text-align:…"` on th and td), and links with an empty href (`[x]()`). What it removes:
 * tags outside the list (script, iframe, raw img…), event handlers and every other attribute,
 * links other than http, https, mailto, tel or relative, and any style but text-align left,
 * right or center on table cells.
 */
export function sanitize(html: string): string {
  const alignment = { "text-align": [/^(?:left|right|center)$/] };
  // allowedEmptyAttributes is in sanitize-html since 2.12 but not yet in @types/sanitize-html.
  const options: sanitizeHtml.IOptions & { allowedEmptyAttributes: string[] } = {
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
  };
  return sanitizeHtml(html, options);
}
