import type MarkdownIt from "markdown-it";
import type Token from "markdown-it/lib/token.mjs";
import sanitizeHtml from "sanitize-html";
import { imageUrl, resolveImage, type ResolvedImage } from "../images/resolve-image.ts";
import { problem, type ArticleProblem } from "../content/errors.ts";
import { isAllowedLink } from "./link-policy.ts";

/**
 * Renders an article body in three steps, each testable alone:
 *   1. parse   markdown-it tokens (the figure rule runs here);
 *   2. images  every inline image is checked (local, inside the folder, readable) and its token
 *              gets the public URL, width/height (no layout shift) and lazy loading;
 *   3. render  HTML, sanitized with an allow-list when the site turned raw HTML on.
 */

export interface BodyContext {
  /** Project-relative path of the article, for error messages. */
  file: string;
  /** Absolute folder of the article: inline images resolve against it. */
  dir: string;
  /** The article's URL path, e.g. "/world/some-slug/". */
  url: string;
}

export interface RenderedBody {
  html: string;
  images: ResolvedImage[];
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
  const env = {};
  const tokens = md.parse(body, env);
  const images: ResolvedImage[] = [];
  const problems: ArticleProblem[] = [];

  for (const token of imageTokens(tokens)) {
    const src = token.attrGet("src") ?? "";
    const result = await resolveImage(src, ctx.dir);
    if (!result.ok) {
      problems.push(problem(result.error, ctx.file, { field: "body", value: src, reason: result.reason }));
      continue;
    }
    images.push(result.image);
    token.attrSet("src", imageUrl(ctx.url, result.image.relative));
    token.attrSet("width", String(result.image.width));
    token.attrSet("height", String(result.image.height));
    token.attrSet("loading", "lazy");
    token.attrSet("decoding", "async");
  }

  let html = md.renderer.render(tokens, md.options, env);
  if (md.options.html) html = sanitize(html);
  return { html, images, problems };
}

/** The allow-list for raw HTML, used only when `markdown.allowHtml` is on. */
export function sanitize(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: [...sanitizeHtml.defaults.allowedTags, "img", "figure", "figcaption", "picture", "source", "del", "ins", "sup", "sub"],
    allowedAttributes: {
      ...sanitizeHtml.defaults.allowedAttributes,
      img: ["src", "alt", "width", "height", "loading", "decoding"],
      "*": ["class", "id", "lang", "dir", "title"],
    },
    allowedSchemes: ["http", "https", "mailto", "tel"],
    // Raw <img> may only point at files on our own site: no third-party requests from articles.
    allowedSchemesByTag: { img: [] },
    allowProtocolRelative: false,
    exclusiveFilter: (frame) => frame.tag === "a" && typeof frame.attribs.href === "string" && !isAllowedLink(frame.attribs.href),
  });
}
