import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import type MarkdownIt from "markdown-it";
import type Token from "markdown-it/lib/token.mjs";
import type { ImageEntry, ImageStore } from "../images/image-store.ts";
import { pictureOf } from "../images/picture.ts";
import { nameCandidates, resolveImage } from "../images/resolve-image.ts";
import { problem, type ArticleProblem } from "../content/errors.ts";
import type { BuildWarning } from "../build/build-report.ts";
import { emptyLinks } from "./empty-links.ts";
import { htmlRemovals, sanitize } from "./html-policy.ts";
import { describeUnread, type ImageSyntaxEnv } from "./image-file-names.ts";
import { restorePictures, type PictureEnv } from "./picture-rule.ts";
import type { FigureMeta } from "./figure.ts";
import type { TypographyEnv } from "./typography.ts";
import type { InlinePhoto, PhotoRights } from "../content/article.ts";
import { photoField } from "../content/schema.ts";

/**
 * Renders an article body in three steps, each testable alone:
 *   1. parse   markdown-it tokens (the figure rule runs here; an image reference markdown-it
 *              cannot read, left as text, is an error naming its line: image-file-names.ts);
 *   2. images  every inline image is checked (local, inside the folder, a safe format, within the
 *              pixel limit) and planned in the image store; its token gets the `<picture>` data
 *              (picture-rule.ts writes it);
 *   3. render  HTML, sanitized with an allow-list when the site turned raw HTML on
 *              (html-policy.ts), with a warning for each line the sanitizer took something
 *              from, and one for each link with no text (empty-links.ts).
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
  /** Every photo must have a credit (site setting images.requireCredit): one without is a problem. */
  requireCredit?: boolean;
  /** Rights of inline photos by file name, as written under `photos:` in front matter. */
  rights?: Record<string, Omit<PhotoRights, "credit">>;
  /** The article's own language (front matter `language:`), for its quotation marks; else the site's. */
  language?: string;
}

export interface BodyImage {
  entry: ImageEntry;
  /** What the writer wrote, for messages about this image later (e.g. when it fails to encode). */
  src: string;
}

export interface RenderedBody {
  html: string;
  images: BodyImage[];
  /** The published fallback URL, credit and rights of each photo that has any, in order. */
  credits: InlinePhoto[];
  problems: ArticleProblem[];
  /** For the build report: what the sanitizer removed, links with no text. */
  warnings: BuildWarning[];
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
  const env: PictureEnv & ImageSyntaxEnv & TypographyEnv = { unreadImages: [], ...(ctx.language ? { language: ctx.language } : {}) };
  const tokens = md.parse(body, env);
  const images: BodyImage[] = [];
  const credits: InlinePhoto[] = [];
  const problems: ArticleProblem[] = [];
  const inspect = { inspect: (f: string) => ctx.images.inspect(f), maxPixels: ctx.images.settings.maxPixels };
  const fileLine = (bodyLine: number) => (ctx.bodyLine ?? 1) + bodyLine;
  // `photos:` entries by the real file each names (as resolveImage finds photos), so "chart.jpg"
  // and "./chart.jpg" are one photo. An entry that names no photo in the text is a problem.
  const rights = new Map<string, { name: string; rights: Omit<PhotoRights, "credit"> }>();
  for (const [name, given] of Object.entries(ctx.rights ?? {})) {
    const real = await fs.realpath(path.resolve(ctx.dir, name)).catch(() => undefined);
    if (real) rights.set(real, { name, rights: given });
    else problems.push(problem("PhotoRightsUnused", ctx.file, { field: photoField(name), value: name }));
  }
  const rightsUsed = new Set<string>();
  // "line 14: …": where in the file, since a body can hold many images.
  const atLine = (p: ArticleProblem, bodyLine: number): ArticleProblem => ({
    ...p,
    message: `line ${fileLine(bodyLine)}: ${p.message}`,
    line: fileLine(bodyLine),
    column: 1,
  });

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
    const picture = pictureOf(entry, ctx.imageBase);
    // The figure rule left the credit it read from the title (figure.ts).
    const credit = (token.meta as FigureMeta | null)?.credit;
    token.meta = { ...(token.meta ?? {}), picture };
    const given = rights.get(result.image.file);
    if (given) rightsUsed.add(result.image.file);
    if (credit || given) credits.push({ url: picture.src, ...(credit ? { credit } : {}), ...given?.rights });
    if (!credit && ctx.requireCredit) problems.push(atLine(problem("PhotoCreditMissing", ctx.file, { field: "body", value: nameCandidates(src)[0]! }), line));
  }

  for (const [real, { name }] of rights) {
    if (!rightsUsed.has(real)) problems.push(problem("PhotoRightsUnused", ctx.file, { field: photoField(name), value: name }));
  }

  const warnings = emptyLinks(tokens, ctx.file, ctx.bodyLine ?? 1);
  if (!md.options.html) return { html: md.renderer.render(tokens, md.options, env), images, credits, problems, warnings };
  warnings.unshift(...htmlRemovals(tokens, ctx.file, ctx.bodyLine ?? 1));
  env.deferred = { key: randomBytes(8).toString("hex"), html: [] };
  const html = restorePictures(sanitize(md.renderer.render(tokens, md.options, env)), env.deferred);
  return { html, images, credits, problems, warnings };
}
