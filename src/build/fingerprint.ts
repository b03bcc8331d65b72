import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * A hash of Newsroom's own code: every source file of the plugin (this folder's parent, src/ in
 * the repository) and its package.json. Anything cached from a build (articles, page keys) is
 * valid only for the code that made it. Computed once per process (Eleventy does not reload the
 * plugin's modules, so the code cannot change under a running process).
 */
export function codeFingerprint(): Promise<string> {
  code ??= hashCode();
  return code;
}

let code: Promise<string> | undefined;

async function hashCode(): Promise<string> {
  const srcDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  const hash = createHash("sha1");
  const files = (await fs.readdir(srcDir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile() && /\.(?:[cm]?[jt]s|njk|json)$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
  files.push(path.join(srcDir, "..", "package.json"));
  for (const file of files) {
    hash.update(`\n${path.relative(srcDir, file)}\n`);
    hash.update(await fs.readFile(file).catch(() => Buffer.alloc(0)));
  }
  return hash.digest("hex");
}
