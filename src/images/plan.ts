import { createHash } from "node:crypto";
import type { ImageSettings } from "../settings.ts";
import { isAnimated } from "./animation.ts";
import { socialUsable } from "./social-minimums.ts";
import type { SourceInfo } from "./source-index.ts";

/**
 * What is made of one source image, decided from its header alone (no pixels read), so pages
 * can be written with exact sizes before, or without, any encoding:
 *   responsive  every configured width up to the source's own (never enlarged), in each modern
 *               format plus a JPEG fallback (PNG when the source has transparency); an animated
 *               GIF or WebP stays animated: animated WebP at each width, and an animated GIF
 *               fallback up to ANIMATED_FALLBACK_MAX wide (src/images/animation.ts);
 *   social      for lead photos: 1200×630 for og:image and the 16:9, 4:3 and 1:1 crops Google
 *               asks for in NewsArticle markup, each cut around what draws the eye, and only those
 *               large enough for the networks to accept (src/images/social-minimums.ts). They are
 *               stills: an animated lead photo gives cards of its first frame, as social networks
 *               and search engines show stills anyway.
 * Output names carry a hash of the source's content and of these settings, so a changed photo
 * or setting gets new names (safe to cache forever) and one photo used twice is made once.
 */

// Bump when the encoding changes in a way the settings do not show, to refresh every cache.
export const PIPELINE_VERSION = "1";

export type OutputFormat = "avif" | "webp" | "jpeg" | "png" | "gif";

export const MIME: Record<OutputFormat, string> = {
  avif: "image/avif",
  webp: "image/webp",
  jpeg: "image/jpeg",
  png: "image/png",
  gif: "image/gif",
};

const EXTENSION: Record<OutputFormat, string> = { avif: "avif", webp: "webp", jpeg: "jpg", png: "png", gif: "gif" };

/**
 * Animations: sharp writes animated WebP and GIF but not animated AVIF, so an animation gets
 * WebP sources (every browser since Safari 14 plays them) and a GIF fallback for the rest. GIF
 * is many times larger than WebP (a grainy, photo-like 12-frame loop, 1200×675, committed as a
 * 9.0 MB GIF: animated WebP 93 KB at 1200 px and 65 KB at 800 px, GIF 505 KB at 800 px), so the
 * fallback stops at 800 px: what phones need, and all that the rare browser without WebP gets.
 */
export const ANIMATED_FORMATS: readonly OutputFormat[] = ["webp", "gif"];
export const ANIMATED_FALLBACK_MAX = 800;
/**
 * The GIF encoder's options (the WebP ones are the stills'). Pixels that change by less than 8
 * (of 255) from one frame to the next are left as they were: a grainy 12-frame loop at 480 px
 * went from 1.2 MB (sharp's default, 0) to 240 KB with no visible change. Part of an animation's id.
 */
export const ANIMATED_GIF = { interFrameMaxError: 8 } as const;

export interface Variant {
  /** Path under the images folder (cache and site), e.g. "3f/3f9a1c2b7d4e5f60-800.avif". */
  name: string;
  format: OutputFormat;
  width: number;
  height: number;
  /** Set on social crops: the aspect they are cut to, e.g. "16x9", and "og" for the Open Graph card. */
  crop?: SocialKind;
  /** Every frame of an animated source, encoded as an animation. */
  animated?: boolean;
}

export type SocialKind = "og" | "16x9" | "4x3" | "1x1";

/** Social crops: the Open Graph card and Google's three NewsArticle aspect ratios. */
export const SOCIAL: Record<SocialKind, { width: number; height: number }> = {
  og: { width: 1200, height: 630 },
  "16x9": { width: 1200, height: 675 },
  "4x3": { width: 1200, height: 900 },
  "1x1": { width: 1200, height: 1200 },
};

/**
 * The id of a source under given settings and encoder options: its names in the cache and on the
 * site start with it. An animation's id differs from a still's (`animated`), so the files an
 * earlier version made of it as a still (same names) are never taken for its animated ones.
 */
export function imageId(sha256: string, settings: ImageSettings, encoder: unknown = null, animated = false): string {
  const options = JSON.stringify({ v: PIPELINE_VERSION, widths: settings.widths, formats: settings.formats, encoder, ...(animated ? { animated: ANIMATED_GIF } : {}) });
  return createHash("sha256").update(sha256).update(options).digest("hex").slice(0, 16);
}

/** Displayed size: EXIF orientations 5–8 turn the stored image by 90°. */
export function orientedSize(info: SourceInfo): { width: number; height: number } {
  return info.orientation >= 5 ? { width: info.height, height: info.width } : { width: info.width, height: info.height };
}

export function fallbackFormat(info: SourceInfo): OutputFormat {
  if (isAnimated(info)) return "gif";
  return info.alpha ? "png" : "jpeg";
}

function variantName(id: string, suffix: string, format: OutputFormat): string {
  return `${id.slice(0, 2)}/${id}-${suffix}.${EXTENSION[format]}`;
}

/** The widths made of a source: the configured ones it can fill, plus its own if it falls between. */
export function widthsFor(sourceWidth: number, settings: ImageSettings): number[] {
  const fit = settings.widths.filter((w) => w <= sourceWidth);
  const largest = settings.widths[settings.widths.length - 1]!;
  if (sourceWidth < largest && !fit.includes(sourceWidth)) fit.push(sourceWidth);
  return fit;
}

export function responsiveVariants(id: string, info: SourceInfo, settings: ImageSettings): Variant[] {
  const { width, height } = orientedSize(info);
  const animated = isAnimated(info);
  const formats: OutputFormat[] = animated ? [...ANIMATED_FORMATS] : [...settings.formats, fallbackFormat(info)];
  const widths = widthsFor(width, settings);
  return formats.flatMap((format) => {
    // The GIF fallback stops at 800 px; a source narrower than every step keeps its own width.
    const fallbackWidths = widths.filter((w) => w <= ANIMATED_FALLBACK_MAX);
    const these = animated && format === "gif" ? (fallbackWidths.length > 0 ? fallbackWidths : [widths[0]!]) : widths;
    return these.map((w) => ({
      name: variantName(id, String(w), format),
      format,
      width: w,
      height: Math.max(1, Math.round((w * height) / width)),
      ...(animated ? { animated } : {}),
    }));
  });
}

/**
 * The largest box of the target's shape that the source can fill without enlarging: a 1600×900
 * photo gives a 1200×630 card but only a 900×900 square.
 */
export function socialSize(kind: SocialKind, info: SourceInfo): { width: number; height: number } {
  const target = SOCIAL[kind];
  const { width, height } = orientedSize(info);
  const ratio = target.width / target.height;
  const regionWidth = Math.min(width, height * ratio);
  const scale = Math.min(1, regionWidth / target.width);
  return { width: Math.max(1, Math.floor(target.width * scale)), height: Math.max(1, Math.floor(target.height * scale)) };
}

/**
 * The social crops of a lead photo that social networks and search engines accept
 * (socialUsable); the pages use the site's own card where one is missing.
 */
export function socialVariants(id: string, info: SourceInfo): Variant[] {
  return (Object.keys(SOCIAL) as SocialKind[])
    .map((kind) => ({ name: variantName(id, kind, "jpeg"), format: "jpeg" as const, crop: kind, ...socialSize(kind, info) }))
    .filter((v) => socialUsable(v.crop, v));
}
