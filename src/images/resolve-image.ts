import fs from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import type { ArticleErrorName } from "../content/errors.ts";

/**
 * Finds an image an article refers to (lead or inline) and reads its size, refusing anything a
 * writer should not be able to reach: web addresses (a third-party request on our pages), paths
 * out of the article's folder (including through symlinks), and formats that can carry script.
 */

export interface ResolvedImage {
  /** Absolute path of the source file. */
  file: string;
  /** Path relative to the article's folder, with forward slashes: where it goes under the article URL. */
  relative: string;
  width: number;
  height: number;
}

export type ImageResult = { ok: true; image: ResolvedImage } | { ok: false; error: ArticleErrorName; reason?: string };

const FORMATS = new Set([".jpg", ".jpeg", ".png", ".webp", ".avif", ".gif"]);
// What sharp must find inside the file: the extension alone is not trusted (an SVG named .jpg
// would be published as it is, script and all).
const DECODED_FORMATS = new Set(["jpeg", "png", "webp", "gif", "heif"]);
const REMOTE = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;

function inside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel);
}

export async function resolveImage(src: string, articleDir: string): Promise<ImageResult> {
  if (REMOTE.test(src.trim())) return { ok: false, error: "ImageRemote" };
  let decoded: string;
  try {
    decoded = decodeURI(src.trim());
  } catch {
    decoded = src.trim();
  }
  if (path.isAbsolute(decoded) || decoded.includes("\0")) return { ok: false, error: "ImageOutside" };
  const file = path.resolve(articleDir, decoded);
  if (!inside(articleDir, file)) return { ok: false, error: "ImageOutside" };
  if (!FORMATS.has(path.extname(file).toLowerCase())) return { ok: false, error: "ImageFormat" };

  let real: string;
  try {
    real = await fs.realpath(file);
    if (!(await fs.stat(real)).isFile()) return { ok: false, error: "ImageMissing" };
  } catch {
    return { ok: false, error: "ImageMissing" };
  }
  if (!inside(await fs.realpath(articleDir), real)) return { ok: false, error: "ImageOutside" };

  try {
    const meta = await sharp(real).metadata();
    if (!meta.format || !DECODED_FORMATS.has(meta.format)) return { ok: false, error: "ImageFormat" };
    if (!meta.width || !meta.height) return { ok: false, error: "ImageUnreadable", reason: "no dimensions" };
    // EXIF orientations 5–8 are rotated by 90°: the displayed width is the stored height.
    const turned = (meta.orientation ?? 1) >= 5;
    return {
      ok: true,
      image: {
        file: real,
        relative: path.relative(articleDir, file).split(path.sep).join("/"),
        width: turned ? meta.height : meta.width,
        height: turned ? meta.width : meta.height,
      },
    };
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return { ok: false, error: "ImageUnreadable", reason };
  }
}

/** The public URL path of an article image: under the article's own URL. */
export function imageUrl(articleUrl: string, relative: string): string {
  return articleUrl + relative.split("/").map(encodeURIComponent).join("/");
}
