import fs from "node:fs/promises";
import path from "node:path";

/**
 * Every file under `dir`, as paths relative to it with "/" separators, sorted. A missing folder
 * has no files. Symbolic links are listed as files (they are the site's to keep or delete), never
 * followed, so a link cannot lead the walk outside the folder.
 */
export async function siteFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  async function walk(current: string, prefix: string): Promise<void> {
    let entries;
    try {
      entries = await fs.readdir(current, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
      throw error;
    }
    await Promise.all(
      entries.map(async (entry) => {
        const rel = prefix + entry.name;
        if (entry.isDirectory()) await walk(path.join(current, entry.name), `${rel}/`);
        else found.push(rel);
      }),
    );
  }
  await walk(dir, "");
  return found.sort();
}

/** The file a page URL is written to: "/world/x/" → "world/x/index.html", "/404.html" → "404.html". */
export function fileOfUrl(url: string): string {
  const clean = decodeURIComponent(url).replace(/^\/+/, "");
  return clean === "" || clean.endsWith("/") ? `${clean}index.html` : clean;
}
