import { lstatSync, realpathSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import type { ArticleErrorName } from "../content/errors.ts";
import type { SourceInfo } from "./source-index.ts";

/**
 * Finds an image an article refers to (lead or inline) and reads its header, refusing anything
 * a writer should not be able to reach or publish: web addresses (a third-party request on our
 * pages), paths out of the article's folder (including through symlinks), SVG (it can carry
 * script that would run on the site's origin), files that are not images, animations the
 * pipeline could only publish as a still (APNG, AVIF sequences: src/images/animation.ts), and
 * sizes past the pixel limit (a small file can claim a huge size: a decompression bomb; an
 * animation counts all its frames). File names may hold spaces, brackets, `#`, `%` and any
 * script, percent-encoded or not (nameCandidates). No pixels are read here; nothing outside
 * the article's folder is opened.
 */

export interface ResolvedImage {
  /** Absolute, symlink-free path of the source file. */
  file: string;
  info: SourceInfo;
}

export type ImageResult = { ok: true; image: ResolvedImage } | { ok: false; error: ArticleErrorName; reason?: string };

export interface ResolveOptions {
  /** Reads a file's header and hash (the image store's, which remembers them between builds). */
  inspect(file: string): Promise<SourceInfo>;
  maxPixels: number;
}

/** File extensions (lowercase) an article's photo may have. */
export const PHOTO_EXTENSIONS = new Set([".jpg", ".jpeg", ".png", ".webp", ".avif", ".gif"]);
// What the header must say: the extension alone is not trusted (an SVG named .jpg is refused).
const DECODED_FORMATS = new Set(["jpeg", "png", "webp", "gif", "heif"]);
const REMOTE = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;

function inside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel);
}

/**
 * The file names `src` may mean, most likely first. Markdown addresses are percent-encoded
 * (`Crowd%20at%20gate.jpg`, and markdown-it encodes what the writer typed), front matter holds
 * the name as typed, and a file name may itself hold `%`; macOS writes names decomposed (NFD)
 * where the text is usually composed (NFC). Each candidate goes through every check below.
 */
export function nameCandidates(src: string): string[] {
  const raw = src.trim();
  const decode = (f: (s: string) => string) => {
    try {
      return f(raw);
    } catch {
      return raw;
    }
  };
  const names = [decode(decodeURIComponent), decode(decodeURI), raw];
  return [...new Set(names.flatMap((n) => [n, n.normalize("NFC"), n.normalize("NFD")]))];
}

/**
 * Finds and checks the image `src` (as the writer wrote it, or as markdown-it encoded it) names
 * in `articleDir`. The first candidate name (nameCandidates) that passes every check wins; when
 * none does, the problem of the first candidate that names a file (else "missing") is returned.
 */
export async function resolveImage(src: string, articleDir: string, options: ResolveOptions): Promise<ImageResult> {
  if (REMOTE.test(src.trim())) return { ok: false, error: "ImageRemote" };
  let first: ImageResult | undefined;
  for (const name of nameCandidates(src)) {
    const result = await resolveName(name, articleDir, options);
    if (result.ok) return result;
    if (result.error !== "ImageMissing") return result;
    first ??= result;
  }
  return first!;
}

/** The checks of a name alone, before any file is looked at: the file it names (absolute), or the problem. */
function checkName(decoded: string, articleDir: string): { ok: true; file: string } | { ok: false; error: ArticleErrorName } {
  if (path.isAbsolute(decoded) || decoded.includes("\0")) return { ok: false, error: "ImageOutside" };
  const file = path.resolve(articleDir, decoded);
  if (!inside(articleDir, file)) return { ok: false, error: "ImageOutside" };
  const extension = path.extname(file).toLowerCase();
  if (extension === ".svg" || extension === ".svgz") return { ok: false, error: "ImageSvg" };
  if (!PHOTO_EXTENSIONS.has(extension)) return { ok: false, error: "ImageFormat" };
  return { ok: true, file };
}

async function resolveName(decoded: string, articleDir: string, options: ResolveOptions): Promise<ImageResult> {
  const named = checkName(decoded, articleDir);
  if (!named.ok) return named;
  const { file } = named;

  // Where the path really leads is checked before anything about the file is looked at, so an
  // article can neither read a file outside its folder through a symlink nor learn whether one
  // exists (a dangling link out of the folder is "outside", not "missing").
  const folder = await fs.realpath(articleDir);
  let real: string;
  try {
    real = await fs.realpath(file);
  } catch {
    const target = await fs.readlink(file).catch(() => undefined);
    if (target !== undefined && !inside(folder, path.resolve(path.dirname(file), target))) return { ok: false, error: "ImageOutside" };
    return { ok: false, error: "ImageMissing" };
  }
  if (!inside(folder, real)) return { ok: false, error: "ImageOutside" };
  if (!(await fs.stat(real)).isFile()) return { ok: false, error: "ImageMissing" };

  let info: SourceInfo;
  try {
    info = await options.inspect(real);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return { ok: false, error: "ImageUnreadable", reason: reason?.replace(/^Input (file|buffer) /, "") };
  }
  return checkInfo(real, info, options.maxPixels);
}

/** The checks of a source's header (`info`) for the symlink-free file `real`. */
function checkInfo(real: string, info: SourceInfo, maxPixels: number): ImageResult {
  if (info.unreadableAnimation) return { ok: false, error: "ImageAnimationUnsupported", reason: info.unreadableAnimation };
  if (info.format === "svg") return { ok: false, error: "ImageSvg" };
  if (!DECODED_FORMATS.has(info.format)) return { ok: false, error: "ImageFormat", reason: info.format };
  if (!info.width || !info.height) return { ok: false, error: "ImageUnreadable", reason: "no dimensions" };
  // An animation is decoded whole (every frame), so its frames count against the limit together.
  const frames = info.pages ?? 1;
  if (info.width * info.height * frames > maxPixels) {
    const size = frames > 1 ? `${info.width}×${info.height} pixels in ${frames} frames` : `${info.width}×${info.height} pixels`;
    return { ok: false, error: "ImageTooLarge", reason: `${size}, more than ${maxPixels.toLocaleString("en")}` };
  }
  return { ok: true, image: { file: real, info } };
}

/**
 * Folders' real paths (fs.realpath), each looked up once: one build's memory of them, so that
 * 20,000 articles in five section folders cost five lookups, not 40,000. Make one per build: a
 * folder moved or relinked between builds must be looked up again.
 */
export class RealFolders {
  readonly #known = new Map<string, string | null>();
  readonly #found: ((dir: string) => string | undefined) | undefined;

  /** `found`: real paths someone looked up already this build (the build's walk), asked first. */
  constructor(found?: (dir: string) => string | undefined) {
    this.#found = found;
  }

  /** The real path of the folder `dir` (absolute), or undefined when it cannot be found. */
  of(dir: string): string | undefined {
    let real = this.#known.get(dir);
    if (real === undefined) {
      const found = this.#found?.(dir);
      if (found !== undefined) return found;
      try {
        real = realpathSync.native(dir);
      } catch {
        real = null;
      }
      this.#known.set(dir, real);
    }
    return real ?? undefined;
  }
}

// Letters, digits, ".", "-" and "_", not starting with a dot: a file right in the article's folder.
const SIMPLE_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

export interface KnownOptions {
  /** The header and hash of a symlink-free file remembered under this size and time (ImageStore#known), without reading it. */
  known(file: string, stat: { size: number; mtimeMs: number }): SourceInfo | undefined;
  maxPixels: number;
  folders: RealFolders;
  /** The file's lstat when the caller knows it is a plain file (no symbolic link), else undefined; default: an lstat now. */
  lstat?: (file: string) => { size: number; mtimeMs: number } | undefined;
}

/**
 * resolveImage for a photo whose file the image store has seen as it is, answered without a
 * promise and with at most one lstat (none when the caller knows the stat): a build reusing
 * 20,000 articles with a photo each checked them in 2.2 s through resolveImage (two realpaths,
 * two stats and an inspect each), which was most of the build. Gives resolveImage's answer, or undefined whenever it could differ from it or cannot be
 * had this way: `src` with more than one candidate name (nameCandidates: only the first that
 * resolves counts), a file that is a symlink or not a plain file, a real path outside the
 * article's folder, or a header the store would have to read. The caller asks resolveImage then.
 * The real path is the folder's real path (RealFolders) joined with the file's name, which is
 * fs.realpath's answer when the name itself is no symlink (lstat says so).
 */
export function resolveKnownImage(src: string, articleDir: string, options: KnownOptions): ImageResult | undefined {
  let file: string;
  let real: string;
  if (SIMPLE_NAME.test(src)) {
    // The usual "photo.jpg": its one candidate is itself, in the article's folder (no "..", no
    // "/"), so its real path is in the folder's real path; only the extension is left to check
    // (anything else is refused by resolveImage, which says why).
    if (!PHOTO_EXTENSIONS.has(path.extname(src).toLowerCase())) return undefined;
    const folder = options.folders.of(articleDir);
    if (folder === undefined) return undefined;
    file = path.join(articleDir, src);
    real = path.join(folder, src);
  } else {
    if (REMOTE.test(src.trim())) return { ok: false, error: "ImageRemote" };
    const names = nameCandidates(src);
    if (names.length !== 1) return undefined;
    const named = checkName(names[0]!, articleDir);
    if (!named.ok) return named;
    file = named.file;
    const folder = options.folders.of(articleDir);
    const parent = options.folders.of(path.dirname(file));
    if (folder === undefined || parent === undefined) return undefined;
    real = path.join(parent, path.basename(file));
    if (!inside(folder, real)) return undefined;
  }
  const stat = options.lstat?.(file) ?? plainStat(file);
  if (!stat) return undefined;
  const info = options.known(real, stat);
  return info && checkInfo(real, info, options.maxPixels);
}

/** The lstat of `file` when it is a plain file (not a symbolic link, folder or missing). */
function plainStat(file: string): { size: number; mtimeMs: number } | undefined {
  const stat = lstatSync(file, { throwIfNoEntry: false });
  return stat?.isFile() ? stat : undefined;
}
