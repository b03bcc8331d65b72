import fs from "node:fs/promises";
import path from "node:path";
import createDebug from "debug";

const debug = createDebug("Newsroom:Published");

/**
 * The articles the last successful build published (URL → source file), kept in the cache folder
 * between builds, one file per output folder, so the build report can say which articles are new
 * since then. Comparing is a set difference on URLs: no article file is read for it. Anything
 * unreadable, from another version or for another folder counts as no list (the report then says
 * it has nothing to compare with, rather than calling the whole archive new).
 */

/** A published article as the report names it. */
export interface PublishedArticle {
  /** Root-relative URL path, e.g. "/world/visit/". */
  url: string;
  /** Project-relative path of its source, e.g. "articles/world/visit.md". */
  file: string;
}

/** What changed in the list since the previous build; `previous: false` when there was no list. */
export interface PublishedChanges {
  previous: boolean;
  /** Published now, not by the previous build (empty without a previous list), sorted by URL. */
  added: PublishedArticle[];
  /** Published by the previous build, not now (deleted, made a draft again, moved), sorted by URL. */
  removed: PublishedArticle[];
}

interface ListFile {
  version: typeof VERSION;
  output: string;
  articles: Record<string, string>;
}

const VERSION = 1;

/** Where the list for the output folder `output` lives inside the cache folder `cacheDir` (absolute paths). */
export function publishedListPath(cacheDir: string, output: string): string {
  return path.join(cacheDir, `published-${path.basename(output).replace(/[^\w.-]/g, "_")}.json`);
}

/**
 * Compares `now` with the list the previous build of `output` left in `file`, then keeps `now` as
 * the list for the next build (rewritten only when it changed; temp name, then rename).
 */
export async function comparePublished(file: string, output: string, now: readonly PublishedArticle[]): Promise<PublishedChanges> {
  const previous = await readList(file, output);
  const current = new Map(now.map((a) => [a.url, a.file]));
  const byUrl = (a: PublishedArticle, b: PublishedArticle) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0);
  const changes: PublishedChanges = { previous: previous !== undefined, added: [], removed: [] };
  if (previous) {
    for (const [url, source] of current) if (!Object.hasOwn(previous, url)) changes.added.push({ url, file: source });
    for (const [url, source] of Object.entries(previous)) if (!current.has(url)) changes.removed.push({ url, file: source });
    changes.added.sort(byUrl);
    changes.removed.sort(byUrl);
  }
  const same = previous !== undefined && changes.added.length === 0 && changes.removed.length === 0 && Object.keys(previous).length === current.size;
  if (!same) await writeList(file, { version: VERSION, output, articles: Object.fromEntries(current) });
  return changes;
}

async function readList(file: string, output: string): Promise<Record<string, string> | undefined> {
  try {
    const data = JSON.parse(await fs.readFile(file, "utf8")) as ListFile;
    if (data?.version !== VERSION || data.output !== output || typeof data.articles !== "object" || data.articles === null) {
      debug("%s is for another version or folder: ignored", file);
      return undefined;
    }
    return data.articles;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") debug("%s unreadable (%s): ignored", file, (error as Error).message);
    return undefined;
  }
}

async function writeList(file: string, list: ListFile): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await fs.writeFile(temp, JSON.stringify(list));
  await fs.rename(temp, file);
}
