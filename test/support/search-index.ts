import fs from "node:fs/promises";
import path from "node:path";
import { gunzipSync } from "node:zlib";

/**
 * The text of every file of a site's search index (`<site>/pagefind/`), each decompressed where
 * Pagefind gzipped it (its index, fragment, filter and meta files), lowercased: file → text.
 * Fragments hold each page's indexed text, so a word of an indexed page is found here.
 */
export async function searchIndexText(site: string): Promise<Map<string, string>> {
  const dir = path.join(site, "pagefind");
  const out = new Map<string, string>();
  for (const entry of await fs.readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const bytes = await fs.readFile(file);
    const plain = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
    out.set(path.relative(site, file), plain.toString("utf8").toLowerCase());
  }
  return out;
}

/** Whether any file of the index holds `word` (lowercase). */
export async function indexHas(site: string, word: string): Promise<boolean> {
  return [...(await searchIndexText(site)).values()].some((text) => text.includes(word));
}
