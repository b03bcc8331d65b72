import type { LeadImage, PhotoRights } from "../content/article.ts";
import type { ImageEntry } from "./image-store.ts";
import { MIME, type SocialKind, type Variant } from "./plan.ts";

/**
 * The `<picture>` of a photo: one `<source>` per modern format (AVIF, then WebP) and an `<img>`
 * with the JPEG (or PNG) widths, its intrinsic width and height (so the page does not shift as it
 * loads) and how it loads: the lead photo is the page's largest paint, so it loads at once with
 * high priority; every other photo waits until it nears the screen. One function makes it for
 * the layouts (as the `picture` filter) and for figures in article bodies.
 */

export interface Picture {
  /** Fallback URL (the largest JPEG/PNG up to 1200 px wide) and its size. */
  src: string;
  width: number;
  height: number;
  sources: { type: string; srcset: string }[];
  /** srcset of the fallback format. */
  srcset: string;
}

export interface SocialImage {
  url: string;
  width: number;
  height: number;
}

/**
 * A lead photo's social crops. Those too small for the networks are absent (src/images/social-minimums.ts):
 * the pages then use the site's own card.
 */
export type SocialImages = Partial<Record<SocialKind, SocialImage>>;

/** Where each image layout puts the photo, for `sizes`: the browser picks a width before layout. */
export const SIZES = {
  /** Lead and inline figures: the article column (42rem) inside 1rem margins. */
  article: "(min-width: 44rem) 42rem, calc(100vw - 2rem)",
  /** The home page's lead story: 3/5 of the 72rem page at two columns, full width on phones. */
  leadStory: "(min-width: 72rem) 41rem, (min-width: 48rem) 58vw, calc(100vw - 2rem)",
} as const;

export type SizesName = keyof typeof SIZES;

const FALLBACK_MAX = 1200;

export function pictureOf(entry: ImageEntry, base: string): Picture {
  const byFormat = new Map<string, Variant[]>();
  for (const v of entry.responsive) byFormat.set(v.format, [...(byFormat.get(v.format) ?? []), v]);
  const url = (v: Variant) => base + v.name;
  const srcset = (vs: Variant[]) => vs.map((v) => `${url(v)} ${v.width}w`).join(", ");
  const formats = [...byFormat.keys()];
  const fallbackFormat = formats[formats.length - 1]!;
  const fallbacks = byFormat.get(fallbackFormat)!;
  const fallback = [...fallbacks].reverse().find((v) => v.width <= FALLBACK_MAX) ?? fallbacks[0]!;
  return {
    src: url(fallback),
    width: fallback.width,
    height: fallback.height,
    srcset: srcset(fallbacks),
    sources: formats.slice(0, -1).map((f) => ({ type: MIME[f as keyof typeof MIME], srcset: srcset(byFormat.get(f)!) })),
  };
}

export function socialOf(entry: ImageEntry, base: string): SocialImages | undefined {
  if (!entry.social) return undefined;
  const out: SocialImages = {};
  for (const v of entry.social) out[v.crop!] = { url: base + v.name, width: v.width, height: v.height };
  return out;
}

/**
 * An article's lead photo as the layouts see it: what the writer wrote (alt, caption, credit)
 * with the published fallback's URL and size, every width and format, and the social crops.
 * Made from the image entry alone, so the article cache stores only what the writer wrote.
 */
export function leadImageOf(written: PhotoRights & { alt: string; caption?: string }, entry: ImageEntry, base: string): LeadImage {
  const picture = pictureOf(entry, base);
  return { ...written, src: picture.src, width: picture.width, height: picture.height, picture, social: socialOf(entry, base)! };
}

export function escapeAttribute(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export interface PictureOptions {
  alt: string;
  sizes: SizesName;
  /** The page's main photo: eager, high priority. */
  lead?: boolean;
  className?: string;
}

export function pictureHtml(picture: Picture, options: PictureOptions): string {
  const sizes = SIZES[options.sizes];
  const sources = picture.sources.map((s) => `<source type="${s.type}" srcset="${s.srcset}" sizes="${sizes}">`).join("");
  const loading = options.lead ? ` fetchpriority="high"` : ` loading="lazy" decoding="async"`;
  const cls = options.className ? ` class="${escapeAttribute(options.className)}"` : "";
  return (
    `<picture>${sources}` +
    `<img${cls} src="${picture.src}" srcset="${picture.srcset}" sizes="${sizes}" alt="${escapeAttribute(options.alt)}" ` +
    `width="${picture.width}" height="${picture.height}"${loading}></picture>`
  );
}
