import fs from "node:fs/promises";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { siteFiles } from "../../src/build/site-files.ts";

/**
 * The text of every file of a site's search index (`<site>/pagefind/`), each decompressed where
 * Pagefind gzipped it (its index, fragment, filter and meta files), lowercased: file → text.
 * Fragments hold each page's indexed text, so a word of an indexed page is found here.
 */
export async function searchIndexText(site: string): Promise<Map<string, string>> {
  const dir = path.join(site, "pagefind");
  const out = new Map<string, string>();
  // Not fs.readdir's `recursive`: on Node 20 it can hang when the folder changes during the walk
  // (the preview swaps its index in while a test reads it).
  for (const name of await siteFiles(dir)) {
    const file = path.join(dir, name);
    const bytes = await fs.readFile(file).catch(() => undefined);
    if (!bytes) continue;
    const plain = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
    out.set(path.relative(site, file), plain.toString("utf8").toLowerCase());
  }
  return out;
}

/** Whether any file of the index holds `word` (lowercase). */
export async function indexHas(site: string, word: string): Promise<boolean> {
  return [...(await searchIndexText(site)).values()].some((text) => text.includes(word));
}
