import fs from "node:fs/promises";
import path from "node:path";
import createDebug from "debug";
import { knownSlugs, learnSlugs } from "./slug.ts";

const debug = createDebug("Newsroom:Content");

/**
 * The slugs of tag and author names, kept between builds. @sindresorhus/slugify costs 1.4–2.8 ms
 * per distinct name (it builds its transliteration patterns on every call), so an archive of 800
 * tags and authors spent over a second of every build, warm or cold, on the same answers.
 * Valid only for the code that made them (`fingerprint`, src/build/fingerprint.ts); anything
 * unreadable is ignored. `slugs.json` in the cache folder.
 */
export class SlugStore {
  readonly #file: string;
  #saved = 0;

  constructor(cacheDir: string) {
    this.#file = path.join(cacheDir, "slugs.json");
  }

  /** Teaches toSlug what an earlier build of the same code worked out. */
  async load(fingerprint: string): Promise<void> {
    try {
      const data = JSON.parse(await fs.readFile(this.#file, "utf8")) as { fingerprint?: string; slugs?: [string, string][] };
      if (data.fingerprint !== fingerprint || !Array.isArray(data.slugs)) return;
      const valid = data.slugs.filter((e): e is [string, string] => Array.isArray(e) && typeof e[0] === "string" && typeof e[1] === "string");
      learnSlugs(valid);
      this.#saved = valid.length;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") debug("%s unreadable: ignored", this.#file);
    }
  }

  /** Writes the slugs down when this build learnt new ones (temp file, then rename). */
  async save(fingerprint: string): Promise<void> {
    const slugs = knownSlugs();
    if (slugs.length <= this.#saved) return;
    try {
      await fs.mkdir(path.dirname(this.#file), { recursive: true });
      // Unique per write: two saves at once (a preview and a build share .cache/) never share a temp file.
      const temp = `${this.#file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      await fs.writeFile(temp, JSON.stringify({ fingerprint, slugs }));
      await fs.rename(temp, this.#file);
      this.#saved = slugs.length;
    } catch (error) {
      // Only a speed-up: a build never fails for it.
      debug("could not save %s: %s", this.#file, (error as Error).message);
    }
  }
}
