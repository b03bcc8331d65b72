import fs from "node:fs/promises";
import path from "node:path";
import createDebug from "debug";
import type { BuildStamp } from "./unchanged-build.ts";

const debug = createDebug("Newsroom:Manifest");

/**
 * What the last successful build left in the output folder: each page Newsroom renders (URL → the
 * key it was rendered from, src/pages/page-keys.ts) and every file of the site. The next build
 * renders only pages whose key changed and deletes files the site no longer has. Kept in the cache
 * folder, one file per output folder, written whole (temp name, then rename). Anything unreadable,
 * from another version or for another folder counts as no manifest: a cold build, never a wrong site.
 */
export interface PageManifest {
  version: typeof VERSION;
  /** Absolute path of the output folder it describes. */
  output: string;
  /** URL → page key. */
  pages: Record<string, string>;
  /** Feeds and sitemaps: file (relative) → the key it was written from (src/outputs/output-keys.ts); absent in the preview. */
  outputs?: Record<string, string>;
  /** Every file of the site, relative to the output folder; absent when Eleventy wrote the folder itself (the preview). */
  files?: string[];
  /** What the build was made from, so that a build with nothing changed can stop at once (src/build/unchanged-build.ts); absent in the preview. */
  stamp?: BuildStamp;
}

const VERSION = 1;

/** Where the manifest of `output` lives inside the cache folder `cacheDir` (absolute paths). */
export function manifestPath(cacheDir: string, output: string): string {
  // One per output folder: the preview (_preview) and the build (_site) keep their own.
  return path.join(cacheDir, `pages-${path.basename(output).replace(/[^\w.-]/g, "_")}.json`);
}

export async function readManifest(file: string, output: string): Promise<PageManifest | undefined> {
  try {
    const data = JSON.parse(await fs.readFile(file, "utf8")) as PageManifest;
    if (data?.version !== VERSION || data.output !== output || typeof data.pages !== "object" || (data.files !== undefined && !Array.isArray(data.files)) || (data.outputs !== undefined && typeof data.outputs !== "object") || (data.stamp !== undefined && (typeof data.stamp?.sources !== "string" || typeof data.stamp.cache !== "string"))) {
      debug("%s is for another version or folder: ignored", file);
      return undefined;
    }
    return data;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") debug("%s unreadable (%s): ignored", file, (error as Error).message);
    return undefined;
  }
}

/** The manifest of this version made of `manifest`'s fields. */
export function pageManifest(manifest: Omit<PageManifest, "version">): PageManifest {
  return { version: VERSION, ...manifest };
}

export async function writeManifest(file: string, manifest: Omit<PageManifest, "version">): Promise<PageManifest> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  // Unique per write, like every file under .cache/ (a preview and a build may write at once).
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  const written = pageManifest(manifest);
  await fs.writeFile(temp, JSON.stringify(written));
  await fs.rename(temp, file);
  return written;
}

/** Forgets the manifest (before the output folder changes, so a crash mid-way means a cold build). */
export async function dropManifest(file: string): Promise<void> {
  await fs.rm(file, { force: true });
}
