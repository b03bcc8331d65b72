import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import createDebug from "debug";
import type { ImageSettings } from "../settings.ts";
import { isAnimated } from "./animation.ts";
import { ENCODER, encodeVariants, type EncoderOptions } from "./encode.ts";
import { imageId, orientedSize, responsiveVariants, socialVariants, type Variant } from "./plan.ts";
import { SourceIndex, type SourceInfo } from "./source-index.ts";

const debug = createDebug("Newsroom:Images");

/**
 * The image cache and everything made from it. Articles `add` the sources they use (nothing is
 * encoded then: names and sizes follow from the header); `ensure` encodes what the cache lacks,
 * a few sources at a time; `publish` links the finished files into the site.
 *
 * The cache lives outside the output (`.cache/images/` by default) so deleting `_site/` costs
 * nothing: a source is re-encoded only when its content or the image settings change. A source's
 * entry is complete when its record (`<id>.json`, written after all its files) lists every
 * variant needed, so a warm build opens one small file per photo and decodes nothing.
 */

export interface ImageStoreOptions {
  cacheDir: string;
  settings: ImageSettings;
  /** Sources encoded at once. Each holds one decoded photo in memory; sharp threads each. */
  concurrency?: number;
  /** Show done/total while encoding (only on a terminal). */
  progress?: boolean;
  /** Encoder qualities and effort; the default is ENCODER (src/images/encode.ts). */
  encoder?: EncoderOptions;
}

export interface ImageEntry {
  id: string;
  file: string;
  info: SourceInfo;
  /** Displayed size of the source (after EXIF orientation). */
  width: number;
  height: number;
  responsive: Variant[];
  /** Only for lead photos. */
  social?: Variant[];
}

export interface ImageFailure {
  id: string;
  file: string;
  reason: string;
}

export interface ImageReport {
  /** Sources this run needed. */
  total: number;
  /** Sources encoded in this run. */
  encoded: number;
  /** Sources whose files were all in the cache already. */
  reused: number;
  failed: ImageFailure[];
  ms: number;
}

interface Record_ {
  variants: string[];
}

export class ImageStore {
  readonly cacheDir: string;
  readonly settings: ImageSettings;
  readonly encoder: EncoderOptions;
  #concurrency: number;
  #progress: boolean;
  #index: Promise<SourceIndex>;
  /** The index once it is open, for answers that need no promise (`known`). */
  #opened: SourceIndex | undefined;
  #entries = new Map<string, ImageEntry>();
  /** Image id by content hash (and whether an animation): the id is a hash of the settings too, the same for the store's life. */
  #ids = new Map<string, string>();
  /** Sources being encoded now, so two requests for one photo share the work. */
  #running = new Map<string, Promise<boolean>>();

  constructor(options: ImageStoreOptions) {
    this.cacheDir = path.resolve(options.cacheDir);
    this.settings = options.settings;
    this.encoder = options.encoder ?? ENCODER;
    this.#concurrency = options.concurrency ?? Math.max(1, Math.min(4, os.availableParallelism()));
    this.#progress = options.progress ?? false;
    this.#index = SourceIndex.open(this.cacheDir).then((index) => (this.#opened = index));
  }

  /**
   * The header and hash remembered for `file` (absolute, symlink-free) under `stat` (size and
   * modification time, ms), without reading anything; undefined when `inspect` would have to
   * read the file, or before the index has been opened (the first `inspect` opens it).
   */
  known(file: string, stat: { size: number; mtimeMs: number }): SourceInfo | undefined {
    return this.#opened?.known(file, stat);
  }

  /** Header and content hash of a source (remembered between builds). */
  async inspect(file: string): Promise<SourceInfo> {
    return (await this.#index).inspect(file);
  }

  /** Registers a source; `lead` adds the social crops. Encodes nothing. */
  async add(file: string, use: { lead: boolean }, known?: SourceInfo): Promise<ImageEntry> {
    return this.addInspected(file, use, known ?? (await this.inspect(file)));
  }

  /** `add` for a source whose header and hash (`info`) are known already: no promise. */
  addInspected(file: string, use: { lead: boolean }, info: SourceInfo): ImageEntry {
    const animated = isAnimated(info);
    const key = `${info.sha256}${animated ? " animated" : ""}`;
    let id = this.#ids.get(key);
    if (id === undefined) {
      id = imageId(info.sha256, this.settings, this.encoder, animated);
      this.#ids.set(key, id);
    }
    let entry = this.#entries.get(id);
    if (!entry) {
      entry = { id, file, info, ...orientedSize(info), responsive: responsiveVariants(id, info, this.settings) };
      this.#entries.set(id, entry);
    }
    // The same content may move (a renamed file): encode from where it is now.
    entry.file = file;
    if (use.lead && !entry.social) entry.social = socialVariants(id, info);
    return entry;
  }

  /** Keeps what was learnt of the sources for the next build (ensure() does this itself). */
  async saveIndex(): Promise<void> {
    await (await this.#index).save();
  }

  get(id: string): ImageEntry | undefined {
    return this.#entries.get(id);
  }

  /** Encodes every source in `ids` (default: all added) whose files are not all in the cache. */
  async ensure(ids: Iterable<string> = this.#entries.keys()): Promise<ImageReport> {
    const started = performance.now();
    const queue = [...new Set(ids)].map((id) => this.#entries.get(id)).filter((e): e is ImageEntry => e !== undefined);
    const report: ImageReport = { total: queue.length, encoded: 0, reused: 0, failed: [], ms: 0 };
    let done = 0;
    const show = this.#progress && process.stderr.isTTY;
    const tick = () => {
      if (show) process.stderr.write(`\rImages: ${done}/${queue.length}${report.encoded ? ` (${report.encoded} encoded)` : ""}`);
    };
    let next = 0;
    tick();
    const worker = async () => {
      while (next < queue.length) {
        const entry = queue[next++]!;
        try {
          if (await this.#ensureOne(entry)) report.encoded++;
          else report.reused++;
        } catch (error) {
          report.failed.push({ id: entry.id, file: entry.file, reason: reasonOf(error) });
        }
        done++;
        tick();
      }
    };
    await Promise.all(Array.from({ length: this.#concurrency }, worker));
    if (show && queue.length > 0) process.stderr.write("\r\x1b[K");
    await (await this.#index).save();
    report.ms = Math.round(performance.now() - started);
    debug("ensured %d sources: %d encoded, %d reused, %d failed in %d ms", queue.length, report.encoded, report.reused, report.failed.length, report.ms);
    return report;
  }

  /** Encodes one source if needed; true when it encoded. Concurrent calls share one run. */
  #ensureOne(entry: ImageEntry): Promise<boolean> {
    const running = this.#running.get(entry.id);
    if (running) return running;
    const job = (async () => {
      const needed = [...entry.responsive, ...(entry.social ?? [])];
      const recorded = await this.#readRecord(entry.id);
      const missing = needed.filter((v) => !recorded.has(v.name));
      if (missing.length === 0) return false;
      // The names say "this content": a file changed since it was read would store other pixels
      // under them, for good. Checked only when encoding, which reads the whole file anyway.
      if ((await sha256Of(entry.file)) !== entry.info.sha256) {
        throw new Error(`the file changed while the site was being built; build again`);
      }
      debug("encoding %s (%d files)", entry.file, missing.length);
      await encodeVariants(entry.file, entry.info, missing, this.cacheDir, { maxPixels: this.settings.maxPixels, encoder: this.encoder });
      await this.#writeRecord(entry.id, missing.map((v) => v.name));
      return true;
    })().finally(() => this.#running.delete(entry.id));
    this.#running.set(entry.id, job);
    return job;
  }

  #recordFile(id: string): string {
    return path.join(this.cacheDir, id.slice(0, 2), `${id}.json`);
  }

  async #readRecord(id: string): Promise<Set<string>> {
    try {
      const record = JSON.parse(await fs.readFile(this.#recordFile(id), "utf8")) as Record_;
      return new Set(record.variants);
    } catch {
      return new Set();
    }
  }

  /**
   * Records finished files. By default adds to what the record lists now (re-read, since another
   * process may have finished other files of the same photo meanwhile); `replace` sets the list.
   */
  async #writeRecord(id: string, variants: string[], replace = false): Promise<void> {
    if (!replace) variants = [...(await this.#readRecord(id)), ...variants];
    const file = this.#recordFile(id);
    const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await fs.writeFile(temp, JSON.stringify({ variants: [...new Set(variants)].sort() } satisfies Record_));
    await fs.rename(temp, file);
  }

  /**
   * Puts the files of `ids` (default: all added) into `<outputDir>/<folder>/`: hard links where
   * the cache and the site share a disk (no copy, no extra space), copies otherwise. Files
   * already there are left alone (names are content hashes: same name, same bytes).
   * Files missing from the cache are encoded first; returns how many files were placed.
   * `alreadyIn`: another site folder (the live one, while a build stages its changes beside it);
   * a file it has already is not placed again.
   */
  async publish(outputDir: string, folder: string, ids: Iterable<string> = this.#entries.keys(), alreadyIn?: string): Promise<number> {
    const wanted = [...new Set(ids)].filter((id) => this.#entries.has(id));
    // Every file the entries need, whatever the records say: cache files are written whole (temp
    // name, then rename), so a file that is there is finished. Two processes adding to one record
    // at once can lose one's names (read, merge, rename is not atomic); trusting the record here
    // would then leave crops unpublished. A file that is not there is made again below.
    const names = (list: string[]) =>
      list.flatMap((id) => {
        const entry = this.#entries.get(id)!;
        return [...entry.responsive, ...(entry.social ?? [])].map((v) => ({ id, name: v.name }));
      });
    const first = await this.#place(names(wanted), path.join(outputDir, folder), alreadyIn && path.join(alreadyIn, folder));
    if (first.missing.size === 0) return first.placed;
    // Files deleted from the cache behind its records (a clean-up by age, say): forget those
    // files, encode them again, and place them.
    const heal = [...first.missing.keys()];
    for (const id of heal) await this.#writeRecord(id, [...(await this.#readRecord(id))].filter((n) => !first.missing.get(id)!.has(n)), true);
    const report = await this.ensure(heal);
    if (report.failed.length > 0) throw new Error(`Newsroom: image cache files are missing and could not be made again (${report.failed[0]!.reason}).`);
    const second = await this.#place(names(heal), path.join(outputDir, folder), alreadyIn && path.join(alreadyIn, folder));
    if (second.missing.size > 0) throw new Error(`Newsroom: image cache files under ${this.cacheDir} keep disappearing; delete that folder and build again.`);
    return first.placed + second.placed;
  }

  /** Every file `publish` puts in the site for `ids`, as "<folder>/<name>" paths. */
  fileNames(folder: string, ids: Iterable<string> = this.#entries.keys()): string[] {
    return [...new Set(ids)].flatMap((id) => {
      const entry = this.#entries.get(id);
      return entry ? [...entry.responsive, ...(entry.social ?? [])].map((v) => `${folder}/${v.name}`) : [];
    });
  }

  /** Hard-links (or copies) cache files into `target`; reports the ones missing from the cache. */
  async #place(list: { id: string; name: string }[], target: string, skipIn?: string): Promise<{ placed: number; missing: Map<string, Set<string>> }> {
    let placed = 0;
    const missing = new Map<string, Set<string>>();
    let next = 0;
    const worker = async () => {
      while (next < list.length) {
        const { id, name } = list[next++]!;
        const from = path.join(this.cacheDir, name);
        const to = path.join(target, name);
        if (await exists(to)) continue;
        if (skipIn && (await exists(path.join(skipIn, name)))) continue;
        await fs.mkdir(path.dirname(to), { recursive: true });
        try {
          await fs.link(from, to);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === "EEXIST") continue;
          if (code === "ENOENT" && !(await exists(from))) {
            missing.set(id, (missing.get(id) ?? new Set()).add(name));
            continue;
          }
          await fs.copyFile(from, to);
        }
        placed++;
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    return { placed, missing };
  }
}

async function sha256Of(file: string): Promise<string> {
  return createHash("sha256").update(await fs.readFile(file)).digest("hex");
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(() => true, () => false);
}

function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n")[0]!.replace(/^Input (file|buffer) /, "");
}
