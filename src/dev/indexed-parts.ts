import fs from "node:fs";
import path from "node:path";

/**
 * What the preview's reader search index was last made from, kept between runs of `npm start`:
 * each part's folder and the signature of its pages' files (refreshSearchParts in
 * src/outputs/search-index.ts: sizes and modification times). Without it every start indexed the
 * whole archive again (about 30 s of a core at 20,000 articles, while the writer's first saves were
 * being built), though the pages in `_preview/` were the ones indexed last time.
 *
 * The file: `.cache/newsroom/preview-search.json`, `{ version: 1, output, parts: [[folder, signature]] }`.
 * Anything unreadable, another version or another output folder reads as nothing indexed (a full
 * index, as before). A part whose pages changed since, or whose index files are gone, is indexed
 * again by refreshSearchParts itself.
 */
export const INDEXED_FILE = ".cache/newsroom/preview-search.json";

/** The signatures stored for `output` (absolute or relative to the working folder); empty when there are none. */
export function readIndexed(output: string, file = INDEXED_FILE): Map<string, string> {
  try {
    const data = JSON.parse(fs.readFileSync(file, "utf8")) as { version?: unknown; output?: unknown; parts?: unknown };
    if (data.version !== 1 || data.output !== path.resolve(output) || !Array.isArray(data.parts)) return new Map();
    const parts = data.parts.filter((p): p is [string, string] => Array.isArray(p) && typeof p[0] === "string" && typeof p[1] === "string");
    return new Map(parts);
  } catch {
    return new Map();
  }
}

/**
 * Stores `seen` for `output`, whole or not at all (a temporary file renamed into place). Never
 * throws: a cache that cannot be written only means a full index at the next start.
 */
export function writeIndexed(output: string, seen: ReadonlyMap<string, string>, file = INDEXED_FILE): void {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(temp, `${JSON.stringify({ version: 1, output: path.resolve(output), parts: [...seen] })}\n`);
    fs.renameSync(temp, file);
  } catch {
    fs.rmSync(temp, { force: true });
  }
}
