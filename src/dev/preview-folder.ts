import fs from "node:fs/promises";
import path from "node:path";
import { manifestPath, readManifest } from "../build/page-manifest.ts";
import { fileOfUrl } from "../build/site-files.ts";
import { SEARCH_ROOT } from "../outputs/search-parts.ts";

/** The cache folder the plugin uses unless a site sets another (`cache` option of src/index.ts). */
const DEFAULT_CACHE = ".cache/newsroom";

/**
 * Readies the preview's folder when `npm start` starts. The pages the last preview wrote are
 * kept, with its search index: its builder renders again only the pages whose keys changed and
 * removes those of articles that are gone (src/index.ts, the page manifest), and indexes again only
 * the parts whose pages changed (src/dev/indexed-parts.ts). Emptying the folder instead, as the
 * preview did, made every start render and index the whole archive (about 60 s and 30 s at
 * 20,000 articles). Everything else is removed, as the builder writes it again at once: copies of
 * public/ (one deleted meanwhile must not linger), feeds, sitemaps, photos (made on request).
 *
 * Without a manifest for this folder that can be read (a first start, a build stopped half-way,
 * a site that keeps its cache elsewhere), the folder is emptied, as before. `root`: the project;
 * `output`: the preview's folder (absolute). Returns how many page files were kept.
 */
export async function readyPreviewFolder(root: string, output: string): Promise<number> {
  const manifest = await readManifest(manifestPath(path.resolve(root, DEFAULT_CACHE), output), output);
  if (!manifest) {
    await fs.rm(output, { recursive: true, force: true });
    await fs.mkdir(output, { recursive: true });
    return 0;
  }
  const pages = new Set(Object.keys(manifest.pages).map((url) => path.join(output, fileOfUrl(url))));
  const index = path.join(output, SEARCH_ROOT) + path.sep;
  let kept = 0;
  const entries = await fs.readdir(output, { withFileTypes: true, recursive: true }).catch(() => []);
  for (const entry of entries) {
    if (entry.isDirectory()) continue;
    const file = path.join(entry.parentPath, entry.name);
    if (file.startsWith(index)) continue;
    if (entry.isFile() && pages.has(file)) kept++;
    else await fs.rm(file, { force: true });
  }
  await fs.mkdir(output, { recursive: true });
  return kept;
}
