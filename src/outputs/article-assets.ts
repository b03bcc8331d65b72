import fs from "node:fs/promises";
import path from "node:path";
import type { ArticleAsset } from "../content/article.ts";

/**
 * Publishes the files articles refer to (their images) beside their pages. Only files the
 * articles name are copied, never the whole articles folder, and a file already in place with
 * the same size and age is left alone so preview rebuilds stay quick.
 */
export async function copyArticleAssets(assets: ArticleAsset[], outputDir: string): Promise<number> {
  let copied = 0;
  for (const asset of assets) {
    const target = path.join(outputDir, asset.to);
    const source = await fs.stat(asset.from);
    const existing = await fs.stat(target).catch(() => undefined);
    if (existing && existing.size === source.size && existing.mtimeMs >= source.mtimeMs) continue;
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.copyFile(asset.from, target);
    copied++;
  }
  return copied;
}
