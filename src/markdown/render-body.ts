import { randomBytes } from "node:crypto";
import type MarkdownIt from "markdown-it";
import type Token from "markdown-it/lib/token.mjs";
import sanitizeHtml from "sanitize-html";
import type { ImageEntry, ImageStore } from "../images/image-store.ts";
import { pictureOf } from "../images/picture.ts";
import { nameCandidates, resolveImage } from "../images/resolve-image.ts";
import { problem, type ArticleProblem } from "../content/errors.ts";
import { isAllowedLink } from "./link-policy.ts";
import { describeUnread, type ImageSyntaxEnv } from "./image-file-names.ts";
import { restorePictures, type PictureEnv } from "./picture-rule.ts";

/**
 * Renders an article body in three steps, each testable alone:
 *   1. parse   markdown-it tokens (the figure rule runs here; an image reference markdown-it
 *              cannot read, left as text, is an error naming its line: image-file-names.ts);
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
  /** Line of the file the body starts on (1-based; front-matter.ts), for messages naming a line. Default 1. */
  bodyLine?: number;
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

/** Every image token, with the body line (from 0) its paragraph starts on. */
function imageTokens(tokens: Token[]): { token: Token; line: number }[] {
  const found: { token: Token; line: number }[] = [];
  for (const t of tokens) {
    for (const child of t.children ?? []) if (child.type === "image") found.push({ token: child, line: t.map?.[0] ?? 0 });
  }
  return found;
}

export async function renderBody(md: MarkdownIt, body: string, ctx: BodyContext): Promise<RenderedBody> {
  const env: PictureEnv & ImageSyntaxEnv = { unreadImages: [] };
  const tokens = md.parse(body, env);
  const images: BodyImage[] = [];
  const problems: ArticleProblem[] = [];
  const inspect = { inspect: (f: string) => ctx.images.inspect(f), maxPixels: ctx.images.settings.maxPixels };
  const fileLine = (bodyLine: number) => (ctx.bodyLine ?? 1) + bodyLine;
  // "line 14: …": where in the file, since a body can hold many images.
  const atLine = (p: ArticleProblem, bodyLine: number): ArticleProblem => ({ ...p, message: `line ${fileLine(bodyLine)}: ${p.message}` });

  for (const unread of env.unreadImages ?? []) {
    const { reason, example } = describeUnread(unread.text);
    problems.push(atLine(problem("ImageNotRead", ctx.file, { field: "body", value: `"${unread.text}"`, reason, expected: example }), unread.line));
  }

  for (const { token, line } of imageTokens(tokens)) {
    const src = token.attrGet("src") ?? "";
    const result = await resolveImage(src, ctx.dir, inspect);
    if (!result.ok) {
      // The name as typed, not as markdown-it percent-encoded it.
      const typed = nameCandidates(src)[0]!;
      problems.push(atLine(problem(result.error, ctx.file, { field: "body", value: typed, reason: result.reason }), line));
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
