import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { unreadableAnimation, type UnreadableAnimation } from "./animation.ts";

/**
 * What we know of each source image: its content hash and header (format, size, orientation,
 * transparency). Kept between builds in the cache folder and trusted while a file's size and
 * modification time are unchanged (as make and git's index do), so a warm build neither reads
 * nor decodes an unchanged photo. A fresh checkout (new times) re-reads headers and hashes,
 * which is cheap next to encoding; the encoded images stay valid because they are keyed by hash.
 */

export interface SourceInfo {
  /** SHA-256 of the file's bytes, hex. */
  sha256: string;
  /** As sharp names it: "jpeg", "png", "webp", "gif", "heif", "svg", … */
  format: string;
  /** Stored size, before EXIF orientation. */
  width: number;
  height: number;
  /** EXIF orientation, 1–8 (1 when absent). */
  orientation: number;
  alpha: boolean;
  /** Frames sharp reads (GIF and WebP animations); absent or 1 for a still image. */
  pages?: number;
  /** An animation sharp would read as its first frame only (src/images/animation.ts). */
  unreadableAnimation?: UnreadableAnimation;
}

interface Remembered {
  size: number;
  mtimeMs: number;
  info: SourceInfo;
}

const FILE = "sources.json";
// 2: frames (`pages`) and unreadable animations are recorded; older entries lack them.
const FORMAT_VERSION = 2;

export class SourceIndex {
  #file: string;
  #entries: Map<string, Remembered>;
  #changed = false;
  /** The save in progress: saves run one at a time (the preview server saves after each request). */
  #saving: Promise<void> = Promise.resolve();

  private constructor(file: string, entries: Map<string, Remembered>) {
    this.#file = file;
    this.#entries = entries;
  }

  /** Opens the index in `cacheDir`; a missing or unreadable index starts empty (it is only a cache). */
  static async open(cacheDir: string): Promise<SourceIndex> {
    const file = path.join(cacheDir, FILE);
    try {
      const saved = JSON.parse(await fs.readFile(file, "utf8")) as { version: number; entries: [string, Remembered][] };
      if (saved.version === FORMAT_VERSION) return new SourceIndex(file, new Map(saved.entries));
    } catch {
      // Absent or damaged: rebuilt as files are inspected.
    }
    return new SourceIndex(file, new Map());
  }

  /**
   * What `inspect` would answer from memory alone: the header and hash remembered for `file`
   * (absolute, symlink-free) when `stat` (its size and modification time, ms) is the one they were
   * read under; otherwise undefined. Reads nothing.
   */
  known(file: string, stat: { size: number; mtimeMs: number }): SourceInfo | undefined {
    const known = this.#entries.get(file);
    return known && known.size === stat.size && known.mtimeMs === stat.mtimeMs ? known.info : undefined;
  }

  /** Header and hash of a file. Throws sharp's error when the file is not an image it can read. */
  async inspect(file: string): Promise<SourceInfo> {
    const stat = await fs.stat(file);
    const known = this.known(file, stat);
    if (known) return known;

    const bytes = await fs.readFile(file);
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    // Found from the container, before sharp: an animation sharp cannot read frame by frame is
    // reported as such even when sharp cannot read the file at all.
    const animation = unreadableAnimation(bytes);
    let info: SourceInfo;
    try {
      // Header only: sharp reads no pixels for metadata(). Dimensions beyond the limit are reported
      // by the caller from these numbers, not by a decoder running out of memory.
      // sharp is loaded on first use: a warm build whose photos are all known never needs it.
      const { default: sharp } = await import("sharp");
      const meta = await sharp(bytes, { limitInputPixels: false }).metadata();
      info = {
        sha256,
        format: meta.format ?? "unknown",
        width: meta.width ?? 0,
        height: meta.height ?? 0,
        orientation: meta.orientation ?? 1,
        alpha: meta.hasAlpha ?? false,
      };
      // Only GIF and WebP frames are an animation to sharp; a HEIF file's "pages" are other images.
      if ((info.format === "gif" || info.format === "webp") && (meta.pages ?? 1) > 1) info.pages = meta.pages;
    } catch (error) {
      if (!animation) throw error;
      info = { sha256, format: animation === "APNG" ? "png" : "heif", width: 0, height: 0, orientation: 1, alpha: false };
    }
    if (animation) info.unreadableAnimation = animation;
    this.#entries.set(file, { size: stat.size, mtimeMs: stat.mtimeMs, info });
    this.#changed = true;
    return info;
  }

  /**
   * Writes the index if anything changed, atomically (a crash leaves the old one; another process
   * writing at the same time leaves one whole index or the other). Saves in one process queue up.
   */
  save(): Promise<void> {
    this.#saving = this.#saving.then(async () => {
      if (!this.#changed) return;
      this.#changed = false;
      try {
        await fs.mkdir(path.dirname(this.#file), { recursive: true });
        const temp = `${this.#file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
        await fs.writeFile(temp, JSON.stringify({ version: FORMAT_VERSION, entries: [...this.#entries] }));
        await fs.rename(temp, this.#file);
      } catch (error) {
        this.#changed = true;
        throw error;
      }
    });
    return this.#saving;
  }
}
