import { createHash } from "node:crypto";
import type { Stats } from "node:fs";
import fs from "node:fs/promises";
import { statSync } from "node:fs";
import path from "node:path";
import { crc32 } from "node:zlib";
import createDebug from "debug";
import type { BuildWarning } from "../build/build-report.ts";
import type { ImageEntry, ImageStore } from "../images/image-store.ts";
import { leadImageOf } from "../images/picture.ts";
import { RealFolders, resolveImage, resolveKnownImage } from "../images/resolve-image.ts";
import type { SourceInfo } from "../images/source-index.ts";
import type { Article, PhotoRights } from "./article.ts";
import { publicationStatusAt } from "./publication.ts";

const debug = createDebug("Newsroom:ArticleCache");

/**
 * Loaded articles kept between builds (`.cache/newsroom/articles.cache`), so a warm build does
 * not read, parse, validate or render an article that did not change: at 20,000 articles that
 * work is most of the time before Eleventy starts.
 *
 * An entry is reused only when everything the loaded article was made from is as it was:
 *   - the renderer: the whole file is valid for one `fingerprint` (site settings, image
 *     settings and encoder, the code: articleFingerprint below); any change → every article read;
 *   - the file: same size and modification time (trusted, as git's index and make do), or else
 *     the same SHA-256 of its bytes (a fresh checkout gives new times to the same bytes);
 *   - its photos: each is resolved again from what the writer wrote and registered with the
 *     image store (whose header index is itself keyed by stat), and must give the same image id;
 *   - the clock: an article's dates were checked against the build's clock, and only a later
 *     clock is sure to accept them again (src/content/plausible-dates.ts, plausibleFrom).
 * Only valid articles are stored; an article with problems is read every build, so its errors
 * are always reported in full. What depends on the clock is never stored: the `status` (draft,
 * embargoed, published) is computed again on every reuse. The checks across articles (duplicate
 * URLs, names of tags and authors) run on every article every build (loadArticles).
 *
 * The file: one text header line (format, fingerprint, length and CRC-32 of the rest), then one
 * record per article, sorted by path: two 32-bit lengths, the entry as JSON, the body's HTML as
 * UTF-8. The HTML (most of the size) stays bytes until its article is used, and an unchanged
 * record is written back as the bytes it was read as: a save encodes only what changed, so a
 * warm build with a few edits saves in the time of a copy. Anything unreadable (truncated,
 * damaged, another version or fingerprint) is an empty cache: a cold build, never a wrong site.
 */

/** A lead photo as the writer wrote it in front matter. */
export interface WrittenImage extends PhotoRights {
  src: string;
  alt: string;
  caption?: string;
}

/**
 * An article as stored: what loadArticle made, less what each build makes again (the status,
 * related articles) and what follows from the image store (the lead photo's widths, formats
 * and crops: leadImageOf), which is half the size of an entry otherwise.
 */
export type StoredArticle = Omit<Article, "html" | "status" | "related" | "image"> & { image?: WrittenImage };

/** What loading an article learnt beside the article, for the cache. */
export interface LoadFacts {
  /** SHA-256 of the file's bytes, hex. */
  sha256: string;
  draft: boolean;
  /** Earliest build clock (ms) that accepts the article's dates (plausibleFrom in plausible-dates.ts). */
  validFrom: number;
  /** The lead photo as written, when there is one. */
  image?: WrittenImage;
}

export interface CacheEntry {
  /** Of the source file when it was read (mtimeMs -1: recently written, compare bytes next time). */
  size: number;
  mtimeMs: number;
  /** SHA-256 of the source's bytes, hex. */
  sha256: string;
  draft: boolean;
  /** Earliest build clock (ms) that accepts the article's dates (plausibleFrom). */
  validFrom: number;
  /** What loading it recorded in the build report (replayed on reuse). */
  warnings: BuildWarning[];
  article: StoredArticle;
}

/** What a build needs to decide that an entry holds. */
export interface ReuseContext {
  /** Absolute path of the article file. */
  absFile: string;
  images: ImageStore;
  /** URL path images are published under, e.g. "/img/". */
  imageBase: string;
  now: Date;
  /**
   * The file's stat when the caller took it already: `npm run build` stats every project file
   * once, before it reads anything (src/build/unchanged-build.ts sourcesStamp). Default: a stat now.
   */
  stat?: FileStat;
  /** Real paths of folders, looked up once per build (default: once per article). */
  folders?: RealFolders;
  /** A photo's stat when the caller knows it is a plain file (its lstat: src/build/unchanged-build.ts SourceStats); default an lstat now. */
  plain?: (file: string) => FileStat | undefined;
}

/** What the cache compares of a file's stat. */
export type FileStat = Pick<Stats, "size" | "mtimeMs">;

export type Reuse =
  /** `image`: the lead photo as written (for `npm run check`'s editorial rules). */
  | { ok: true; article: Article; warnings: BuildWarning[]; image?: WrittenImage }
  /** `bytes`: the file, when it had to be read to decide (so the caller need not read it again). */
  | { ok: false; bytes?: Buffer; stat: FileStat };

const FILE = "articles.cache";

/** The cache file of the cache folder `dir`. */
export function articleCacheFile(dir: string): string {
  return path.join(path.resolve(dir), FILE);
}

/**
 * The cache file's bytes, read ahead: `npm run build` starts reading it as soon as it knows it
 * will build, so the read overlaps the loading of Eleventy (0.3–0.4 s of 55 MB at 20,000 articles).
 * `data` resolves to undefined when the file could not be read (then it is read again, and why is
 * reported as usual).
 */
export interface PrefetchedCache {
  file: string;
  data: Promise<Buffer | undefined>;
}
const MAGIC = "NEWSROOM-ARTICLES";
// Bump when CacheEntry or the file layout changes. (4: files of format 3 could hold a copy of
// an article given to a build, written by mistake beside its entry.)
const FORMAT_VERSION = 4;
// A file changed within this long of being read may change again without its size or time
// showing it on a file system with coarse times ("racily clean" in git's terms): its bytes are
// compared next time instead of its stat.
const RACY_MS = 3000;

interface Held extends CacheEntry {
  /** The article `reuse` last gave for this entry, with what it was made for. */
  given?: { article: Article; lead: ImageEntry | undefined };
  html?: string;
  /** The body as UTF-8 bytes inside the file last read or written. */
  bytes?: Buffer;
  /** The whole record as last read or written, while the entry is unchanged since. */
  record?: Buffer;
}

export class ArticleCache {
  readonly file: string;
  #fingerprint: string | undefined;
  #entries = new Map<string, Held>();
  #changed = false;
  #opened = false;

  /** `dir`: the cache folder (`.cache/newsroom` under the project root by default). Reads nothing yet. */
  constructor(dir: string) {
    this.file = articleCacheFile(dir);
  }

  /**
   * Readies the cache for a build under `fingerprint`: reads the file the first time (later
   * builds in the same process, the preview's, use what is in memory). `full`: ignore what is
   * stored (`npm run build -- --full`); the build still saves what it loads.
   */
  async open(fingerprint: string, options: { full?: boolean; prefetched?: PrefetchedCache } = {}): Promise<void> {
    if (options.full) {
      this.#reset(fingerprint);
      this.#opened = true;
      debug("full build: stored articles ignored");
      return;
    }
    if (this.#opened && this.#fingerprint === fingerprint) return;
    this.#reset(fingerprint);
    this.#opened = true;
    const started = performance.now();
    // The file as a build started reading it before Eleventy loaded (src/build/build.ts), when it is this one.
    const data = options.prefetched?.file === this.file ? await options.prefetched.data : undefined;
    const read = await readCacheFile(this.file, fingerprint, data);
    if (!read.ok) {
      debug("no stored articles used (%s): a cold load", read.reason);
      return;
    }
    this.#entries = read.entries;
    this.#changed = false;
    debug("opened %d stored articles in %d ms", this.#entries.size, Math.round(performance.now() - started));
  }

  get size(): number {
    return this.#entries.size;
  }

  /**
   * The stored article for `file` (project-relative), when it still holds (see the module note),
   * with its status for `ctx.now`, and the warnings its load recorded. Otherwise what was learnt
   * (the stat, and the bytes if they were read). A file whose bytes are unchanged under a new
   * stat has its stat updated. Throws only what fs.stat throws.
   */
  async reuse(file: string, ctx: ReuseContext): Promise<Reuse> {
    // Synchronously: one stat per article, 20,000 of them, costs a quarter of the time of promises.
    // A stat taken earlier is as good: should the file change after it, the bytes read below (or
    // the article stored) are the older ones or newer ones, never mixed, and the next build sees
    // another stat (an entry remembered with the older stat and newer bytes is checked by its
    // SHA-256 then).
    const stat = ctx.stat ?? statSync(ctx.absFile);
    const held = this.#entries.get(file);
    if (!held) return { ok: false, stat };
    let bytes: Buffer | undefined;
    if (held.size !== stat.size || held.mtimeMs !== stat.mtimeMs) {
      bytes = await fs.readFile(ctx.absFile);
      if (sha256(bytes) !== held.sha256) return { ok: false, bytes, stat };
      Object.assign(held, trustedStat(stat));
      held.record = undefined;
      this.#changed = true;
    }
    if (ctx.now.getTime() < held.validFrom) return { ok: false, bytes, stat };
    // (Most articles have no photo: no promise for them.)
    const photos = held.article.images.length === 0 ? NO_PHOTOS : (knownPhotos(held.article, ctx) ?? (await samePhotos(held.article, ctx)));
    if (!photos) return { ok: false, bytes, stat };
    const status = publicationStatusAt(held.draft, held.article.timestamp, ctx.now);
    // The preview's builder asks for every article on every save. The object it was given last
    // time is given again while it holds (same status, same lead photo entry; a changed file is a
    // new entry): a new one for each of 20,000 articles was a quarter of a save's loading, mostly
    // garbage collection. What each build sets on it again starts afresh.
    const given = held.given;
    if (given && given.article.status === status && given.lead === photos.lead) {
      given.article.tags = [...held.article.tags];
      given.article.authors = [...held.article.authors];
      given.article.related = [];
      return { ok: true, article: given.article, warnings: held.warnings, ...(held.article.image ? { image: held.article.image } : {}) };
    }
    const { image, ...stored } = held.article;
    const lead = photos.lead;
    let leadImage: Article["image"] | null = null;
    const article: Article = {
      ...stored,
      // Made when something reads it, as the body: a warm build shows a few of 20,000 lead photos
      // (the page keys need none of it: src/pages/page-keys.ts), and making each one (its
      // picture's widths and formats, its social crops) cost 0.13 s a build.
      get image(): Article["image"] {
        if (leadImage === null) leadImage = image && lead ? leadImageOf(image, lead, ctx.imageBase) : undefined;
        return leadImage;
      },
      // The naming step replaces these arrays on the article it is given: the stored ones stay as loaded.
      tags: [...held.article.tags],
      authors: [...held.article.authors],
      // The body is decoded from the cache's bytes when something reads it: a warm build renders
      // a few pages and feeds of the 20,000 articles it reuses, and decoding every body (tens of
      // MB of strings) cost a second of decoding and garbage collection.
      get html(): string {
        return (held.html ??= held.bytes?.toString("utf8") ?? "");
      },
      status,
      related: [],
    };
    held.given = { article, lead: photos.lead };
    return { ok: true, article, warnings: held.warnings, ...(image ? { image } : {}) };
  }

  /** Stores a freshly loaded, valid article (its status and related list are not kept). */
  remember(file: string, loaded: { article: Article; stat: FileStat; facts: LoadFacts; warnings: BuildWarning[] }): void {
    const { html, status: _status, related: _related, image: _image, ...article } = loaded.article;
    const { sha256, draft, validFrom, image } = loaded.facts;
    this.#entries.set(file, {
      ...trustedStat(loaded.stat),
      sha256,
      draft,
      validFrom,
      warnings: loaded.warnings,
      article: { ...article, ...(image ? { image } : {}), tags: [...article.tags], authors: [...article.authors] },
      html,
    });
    this.#changed = true;
  }

  /** Forgets `file` (it has problems now, or cannot be read). */
  forget(file: string): void {
    if (this.#entries.delete(file)) this.#changed = true;
  }

  /**
   * Writes the cache if anything changed, keeping only the entries of `files` (the articles that
   * exist now), atomically: a temp file renamed over the old one, so a crash or a second process
   * saving at the same time leaves one whole cache or the other. Never throws: a cache that
   * cannot be written is reported on the debug channel (DEBUG=Newsroom:ArticleCache).
   */
  async save(files: Iterable<string>, options: { keepRecords?: boolean } = {}): Promise<void> {
    const keep = new Set(files);
    for (const file of this.#entries.keys()) {
      if (!keep.has(file)) {
        this.#entries.delete(file);
        this.#changed = true;
      }
    }
    if (!this.#changed || this.#fingerprint === undefined) return;
    const started = performance.now();
    try {
      const written = await writeCacheFile(this.file, this.#fingerprint, this.#entries);
      this.#changed = false;
      // The encoded records make the next save of the same process cheap (the preview saves after
      // every edit), but a one-off build never saves again and they are a second copy of every
      // article: about 400 MB at 100,000 articles. An entry whose body is held as text can be
      // encoded again when needed.
      if (!options.keepRecords) {
        for (const held of this.#entries.values()) {
          if (held.html !== undefined) {
            held.record = undefined;
            held.bytes = undefined;
          }
        }
      }
      debug("saved %d articles (%d bytes) in %d ms", this.#entries.size, written, Math.round(performance.now() - started));
    } catch (error) {
      // Only a cache: a folder that cannot be written (read-only checkout, disk full) slows the
      // next build down but must not fail this one.
      debug("could not save the article cache in %s: %s", this.file, error instanceof Error ? error.message : String(error));
    }
  }

  #reset(fingerprint: string): void {
    this.#fingerprint = fingerprint;
    this.#entries = new Map();
    this.#changed = true;
  }
}

/**
 * The fingerprint of what loads articles besides their files: the resolved site settings
 * (markdown, images, sections, timezone, … all of `site`), the image encoder and the URL images
 * are published under, and the code (src/build/fingerprint.ts). A SHA-256, hex.
 */
export function articleFingerprint(parts: { site: unknown; encoder: unknown; imageBase: string; code: string }): string {
  return sha256(JSON.stringify([parts.code, parts.site, parts.encoder, parts.imageBase]));
}

/**
 * What a loaded article is made from, besides the fingerprint: its path, its bytes and the
 * image ids of its photos, in order. Equal digests mean the same loaded article (before the
 * archive-wide naming of tags and authors, and the status, which depends on the clock).
 */
export function articleDigest(file: string, sourceSha256: string, imageIds: readonly string[]): string {
  return sha256(`${file}\0${sourceSha256}\0${imageIds.join("\0")}`);
}

export function sha256(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

function trustedStat(stat: FileStat): { size: number; mtimeMs: number } {
  return { size: stat.size, mtimeMs: Date.now() - stat.mtimeMs < RACY_MS ? -1 : stat.mtimeMs };
}

/**
 * Each photo resolves, as loadArticle would resolve it, to a source with the same image id, and
 * is registered again (lead photos with their social crops). Any difference (moved, changed,
 * deleted, now refused) means the article is loaded again, which reports any problem.
 */
async function samePhotos(article: StoredArticle, ctx: ReuseContext): Promise<{ lead?: ImageEntry } | undefined> {
  const dir = path.dirname(ctx.absFile);
  const store = ctx.images;
  let lead: ImageEntry | undefined;
  for (const image of article.images) {
    const result = await resolveImage(image.value, dir, { inspect: (f) => store.inspect(f), maxPixels: store.settings.maxPixels });
    if (!result.ok) return undefined;
    const isLead = image.field === "image.src";
    const entry = await store.add(result.image.file, { lead: isLead }, result.image.info);
    if (entry.id !== image.id) return undefined;
    if (isLead) lead = entry;
  }
  return { lead };
}

/**
 * samePhotos' answer when every photo is a file the image store has seen as it is now
 * (resolveKnownImage): no promise, at most one lstat a photo. Undefined when any photo needs
 * samePhotos to tell (or differs: samePhotos then says so).
 */
function knownPhotos(article: StoredArticle, ctx: ReuseContext): { lead?: ImageEntry } | undefined {
  const dir = path.dirname(ctx.absFile);
  const store = ctx.images;
  const options = { known: (file: string, stat: FileStat) => store.known(file, stat), maxPixels: store.settings.maxPixels, folders: ctx.folders ?? new RealFolders(), lstat: ctx.plain };
  const found: { file: string; info: SourceInfo; lead: boolean }[] = [];
  for (const image of article.images) {
    const result = resolveKnownImage(image.value, dir, options);
    if (!result?.ok) return undefined;
    found.push({ file: result.image.file, info: result.image.info, lead: image.field === "image.src" });
  }
  let lead: ImageEntry | undefined;
  for (const [i, { file, info, lead: isLead }] of found.entries()) {
    const entry = store.addInspected(file, { lead: isLead }, info);
    if (entry.id !== article.images[i]!.id) return undefined;
    if (isLead) lead = entry;
  }
  return { lead };
}

const NO_PHOTOS: { lead?: ImageEntry } = {};

type ReadResult = { ok: true; entries: Map<string, Held> } | { ok: false; reason: string };

// Each record starts with the byte lengths of its JSON and its HTML (unsigned 32-bit, little-endian).
const RECORD_HEAD = 8;

/**
 * Reads and checks the cache file (or `prefetched`, its bytes read earlier); never throws (a cache
 * that cannot be used is empty).
 */
export async function readCacheFile(file: string, fingerprint: string, prefetched?: Buffer): Promise<ReadResult> {
  let data: Buffer;
  try {
    data = prefetched ?? (await fs.readFile(file));
  } catch (error) {
    return { ok: false, reason: (error as NodeJS.ErrnoException).code === "ENOENT" ? "none saved" : String(error) };
  }
  const newline = data.indexOf(0x0a);
  if (newline < 0 || newline > 400) return { ok: false, reason: "not an article cache" };
  const [magic, version, print, bodyLength, checksum] = data.subarray(0, newline).toString("latin1").split(" ");
  if (magic !== MAGIC) return { ok: false, reason: "not an article cache" };
  if (version !== String(FORMAT_VERSION)) return { ok: false, reason: `format ${version}, not ${FORMAT_VERSION}` };
  if (print !== fingerprint) return { ok: false, reason: "settings or code changed" };
  const body = data.subarray(newline + 1);
  if (body.length !== Number(bodyLength)) return { ok: false, reason: "truncated" };
  if (String(crc32(body)) !== checksum) return { ok: false, reason: "damaged (checksum)" };
  try {
    const entries = new Map<string, Held>();
    for (let at = 0; at < body.length; ) {
      if (at + RECORD_HEAD > body.length) return { ok: false, reason: "damaged (record)" };
      const jsonLength = body.readUInt32LE(at);
      const htmlLength = body.readUInt32LE(at + 4);
      const end = at + RECORD_HEAD + jsonLength + htmlLength;
      if (end > body.length) return { ok: false, reason: "damaged (record)" };
      const [name, entry] = JSON.parse(body.toString("utf8", at + RECORD_HEAD, at + RECORD_HEAD + jsonLength)) as [string, CacheEntry];
      entries.set(name, { ...entry, bytes: body.subarray(end - htmlLength, end), record: body.subarray(at, end) });
      at = end;
    }
    return { ok: true, entries };
  } catch (error) {
    return { ok: false, reason: `damaged (${String(error)})` };
  }
}

/**
 * One record: lengths, `[file, entry]` as JSON, the HTML; written straight into one buffer. What
 * is held only in memory stays out: above all the article last given (`given`), which a build
 * has linked to its related articles, and they to theirs.
 */
function encodeRecord(name: string, held: Held): Buffer {
  const { html = "", bytes, record: _record, given: _given, ...entry } = held;
  const json = JSON.stringify([name, entry]);
  const jsonLength = Buffer.byteLength(json, "utf8");
  const htmlLength = bytes ? bytes.length : Buffer.byteLength(html, "utf8");
  const record = Buffer.allocUnsafe(RECORD_HEAD + jsonLength + htmlLength);
  record.writeUInt32LE(jsonLength, 0);
  record.writeUInt32LE(htmlLength, 4);
  record.write(json, RECORD_HEAD, "utf8");
  if (bytes) bytes.copy(record, RECORD_HEAD + jsonLength);
  else record.write(html, RECORD_HEAD + jsonLength, "utf8");
  return record;
}

/**
 * Writes the entries (sorted by file) and returns the file's size in bytes. Unchanged records
 * are written from the buffer they were read from, in runs (unchanged neighbours were
 * neighbours there too), with no copy in memory; only changed records are encoded.
 */
async function writeCacheFile(file: string, fingerprint: string, entries: Map<string, Held>): Promise<number> {
  const parts: Buffer[] = [];
  let length = 0;
  let checksum = 0;
  for (const name of [...entries.keys()].sort()) {
    const held = entries.get(name)!;
    held.record ??= encodeRecord(name, held);
    // From here on the body is read from the record (so the buffer a fresh load held can go).
    held.bytes = held.record.subarray(held.record.length - held.record.readUInt32LE(4));
    const record = held.record;
    length += record.length;
    checksum = crc32(record, checksum);
    const last = parts.at(-1);
    // The next slice of the same buffer: widen the run instead of adding a part.
    if (last && last.buffer === record.buffer && last.byteOffset + last.length === record.byteOffset) {
      parts[parts.length - 1] = Buffer.from(last.buffer, last.byteOffset, last.length + record.length);
    } else {
      parts.push(record);
    }
  }
  const header = Buffer.from(`${MAGIC} ${FORMAT_VERSION} ${fingerprint} ${length} ${checksum}\n`, "latin1");
  await fs.mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    const handle = await fs.open(temp, "w");
    try {
      // In batches: one writev takes at most IOV_MAX (1024 on Linux) buffers.
      const all = [header, ...parts];
      for (let i = 0; i < all.length; i += 1024) {
        const batch = all.slice(i, i + 1024);
        const { bytesWritten } = await handle.writev(batch);
        if (bytesWritten !== batch.reduce((sum, b) => sum + b.length, 0)) throw new Error(`short write to ${temp}`);
      }
    } finally {
      await handle.close();
    }
    await fs.rename(temp, file);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
  return header.length + length;
}
