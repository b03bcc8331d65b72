import fs from "node:fs/promises";
import path from "node:path";
import type { Sharp } from "sharp";
import { ANIMATED_GIF, orientedSize, SOCIAL, type Variant } from "./plan.ts";
import type { SourceInfo } from "./source-index.ts";

/**
 * Encodes the variants of one source into `dir`. The source is decoded once: turned upright by
 * its EXIF orientation, converted to sRGB and scaled to the largest size any variant needs, held
 * as raw pixels, and every variant is cut and encoded from that. Outputs carry no metadata (no
 * GPS, camera or EXIF): sharp writes none unless asked. Each file is written under a temporary
 * name and renamed, so an interrupted build never leaves a half-written image in the cache.
 */

export interface EncoderOptions {
  avif: { quality: number; effort: number };
  webp: { quality: number };
  jpeg: { quality: number; progressive: boolean };
}

/**
 * sharp's default qualities, with two measured changes (bench/images.ts, and the issue note):
 * AVIF effort 3 instead of 4 encodes about three times faster for files 1–3% larger, and
 * progressive JPEG is smaller and no slower. They are part of every image id, so changing them
 * re-encodes the cache under new names.
 */
export const ENCODER: EncoderOptions = {
  avif: { quality: 50, effort: 3 },
  webp: { quality: 80 },
  jpeg: { quality: 80, progressive: true },
};

/** sharp's own defaults (what eleventy-img uses when given no options), for the benchmark. */
export const SHARP_DEFAULTS: EncoderOptions = {
  avif: { quality: 50, effort: 4 },
  webp: { quality: 80 },
  jpeg: { quality: 80, progressive: false },
};

export async function encodeVariants(
  file: string,
  info: SourceInfo,
  variants: Variant[],
  dir: string,
  options: { maxPixels: number; encoder: EncoderOptions },
): Promise<void> {
  const { maxPixels, encoder } = options;
  // Loaded on first use, like everywhere: a build with no photo to encode never needs sharp.
  const { default: sharp } = await import("sharp");
  const animated = variants.filter((v) => v.animated);
  if (animated.length > 0) await encodeAnimated(file, animated, dir, options);
  // The rest are stills: an animated lead photo's social crops are made of its first frame
  // (sharp reads the first frame unless asked for all).
  variants = variants.filter((v) => !v.animated);
  if (variants.length === 0) return;
  const source = orientedSize(info);
  const baseWidth = Math.min(source.width, Math.max(...variants.map((v) => neededWidth(v, source))));
  const baseHeight = Math.max(1, Math.round((baseWidth * source.height) / source.width));

  // failOn "error": a truncated or damaged file stops here with sharp's reason, not halfway
  // through the variants.
  let pipeline = sharp(file, { limitInputPixels: maxPixels, failOn: "error" }).rotate().toColourspace("srgb");
  if (baseWidth !== source.width) pipeline = pipeline.resize(baseWidth, baseHeight, { fit: "fill" });
  const { data, info: raw } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  const input = { raw: { width: raw.width, height: raw.height, channels: raw.channels } } as const;

  await fs.mkdir(dir, { recursive: true });
  await Promise.all(
    variants.map(async (variant) => {
      let image = sharp(data, input);
      image = variant.crop
        ? image.resize(variant.width, variant.height, { fit: "cover", position: sharp.strategy.attention })
        : image.resize(variant.width, variant.height, { fit: "fill" });
      if (variant.format === "avif") image = image.avif(encoder.avif);
      else if (variant.format === "webp") image = image.webp(encoder.webp);
      else if (variant.format === "png") image = image.png();
      else image = image.flatten({ background: "#ffffff" }).jpeg(encoder.jpeg);
      await write(image, path.join(dir, variant.name));
    }),
  );
}

/**
 * Animated variants (WebP and GIF), each decoded from the file with every frame. sharp resizes
 * frame by frame and keeps each frame's delay and the loop count. Animations are few, so they
 * skip the decode-once path of stills; one variant at a time, because each holds every decoded
 * frame in memory (up to maxPixels × 4 bytes). No EXIF rotation: GIF has none, and sharp does not
 * rotate animations.
 */
async function encodeAnimated(file: string, variants: Variant[], dir: string, options: { maxPixels: number; encoder: EncoderOptions }): Promise<void> {
  const { maxPixels, encoder } = options;
  const { default: sharp } = await import("sharp");
  for (const variant of variants) {
    let image = sharp(file, { animated: true, limitInputPixels: maxPixels, failOn: "error" })
      .toColourspace("srgb")
      .resize(variant.width, variant.height, { fit: "fill" });
    image = variant.format === "gif" ? image.gif(ANIMATED_GIF) : image.webp(encoder.webp);
    await write(image, path.join(dir, variant.name));
  }
}

/** Writes under a temporary name and renames, so the cache never holds half a file. */
async function write(image: Sharp, target: string): Promise<void> {
  await fs.mkdir(path.dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    await image.toFile(temp);
    await fs.rename(temp, target);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}

/** Width the decoded source must keep for a variant to be made without enlarging. */
function neededWidth(variant: Variant, source: { width: number; height: number }): number {
  if (!variant.crop) return variant.width;
  // A crop uses a region of the source: the decoded image must be wide enough that the region
  // still holds the variant's pixels.
  const target = SOCIAL[variant.crop];
  const regionWidth = Math.min(source.width, source.height * (target.width / target.height));
  return Math.ceil((variant.width * source.width) / regionWidth);
}
