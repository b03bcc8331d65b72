/**
 * Animated images. A radar loop or a goal replay is the story; publishing its first frame alone
 * changes what the photo shows, so an animation either stays animated or is refused, never made
 * still without a word (issue 8, case 05-animated-gif).
 *
 * What sharp (libvips 8.17) can do decides which animations are kept:
 *   GIF, WebP      read frame by frame (`{ animated: true }`) and written as animated WebP and GIF:
 *                  kept animated (src/images/plan.ts makes an animated WebP at each width and an
 *                  animated GIF fallback).
 *   APNG           libpng/libspng give sharp the first frame only: refused (ImageAnimationUnsupported).
 *   AVIF sequence  libheif gives sharp the still primary image only, and sharp cannot write
 *                  animated AVIF: refused too.
 * https://sharp.pixelplumbing.com/api-constructor (the `animated` and `pages` input options).
 */

/** An animation sharp would read as its first frame only. */
export type UnreadableAnimation = "APNG" | "AVIF sequence";

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * Finds an animation in a file's bytes that sharp cannot read as one, from the container alone:
 *   APNG: an `acTL` chunk before the first `IDAT`, declaring more than one frame
 *         (https://www.w3.org/TR/png-3/#apng-frame-based-animation);
 *   AVIF: the brand `avis` (an image sequence) in the `ftyp` box, major or compatible
 *         (AV1 Image File Format, https://aomediacodec.github.io/av1-avif/#image-sequence-brand).
 * Returns undefined for anything else, including still PNG and AVIF files.
 */
export function unreadableAnimation(bytes: Buffer): UnreadableAnimation | undefined {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return apng(bytes) ? "APNG" : undefined;
  return avifSequence(bytes) ? "AVIF sequence" : undefined;
}

function apng(bytes: Buffer): boolean {
  // Chunks: 4-byte length, 4-byte type, data, 4-byte CRC.
  let at = 8;
  while (at + 8 <= bytes.length) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString("latin1", at + 4, at + 8);
    if (type === "IDAT" || type === "IEND") return false;
    // acTL data: num_frames (4 bytes), num_plays (4 bytes). One frame is a still image.
    if (type === "acTL") return at + 12 <= bytes.length && bytes.readUInt32BE(at + 8) > 1;
    at += 12 + length;
  }
  return false;
}

function avifSequence(bytes: Buffer): boolean {
  // ISO BMFF: the first box is `ftyp`: size (4), "ftyp" (4), major brand (4), minor version (4),
  // then compatible brands (4 each) to the end of the box.
  if (bytes.length < 16 || bytes.toString("latin1", 4, 8) !== "ftyp") return false;
  const end = Math.min(bytes.length, bytes.readUInt32BE(0));
  if (bytes.toString("latin1", 8, 12) === "avis") return true;
  for (let at = 16; at + 4 <= end; at += 4) if (bytes.toString("latin1", at, at + 4) === "avis") return true;
  return false;
}

/** True for a GIF or WebP with more than one frame: kept animated (`pages` is set only for those). */
export function isAnimated(info: { pages?: number }): boolean {
  return (info.pages ?? 1) > 1;
}
