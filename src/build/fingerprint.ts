import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { codeFolder } from "../package/package-root.ts";

/**
 * What the code that makes a site is: a SHA-256 (hex) of every file under this plugin's own
 * `src/` folder (paths and bytes), the plugin's package.json, the installed version of each of
 * its dependencies (markdown-it, zod, luxon, … render and check articles too) and the Node
 * version (its ICU data formats dates and time zones). Anything kept between builds that was made
 * by the code (the article cache, page keys) is valid only under the same fingerprint, so an
 * upgrade, a local edit of src/ or `npm update` makes the next build a cold one.
 *
 * Found from this module's own location, so it is the code actually running (a fixture site
 * linking to src/ gets the same answer as the project). Computed once per process: the code
 * cannot change under a running process (Node does not reload modules).
 */
export function codeFingerprint(): Promise<string> {
  computed ??= compute();
  return computed;
}

let computed: Promise<string> | undefined;

// src/ (or dist/) and the package root; the launcher's compiled copy hashes the src/ it came
// from, so `npm run build` and `node --import tsx src/build/build.ts` share their caches.
const SRC = codeFolder();
const PACKAGE_ROOT = path.dirname(SRC);

async function compute(): Promise<string> {
  const hash = createHash("sha256");
  hash.update(`node ${process.version}\0`);
  for (const file of await filesUnder(SRC)) {
    hash.update(`${path.relative(SRC, file)}\0`);
    hash.update(await fs.readFile(file));
    hash.update("\0");
  }
  const manifest = await fs.readFile(path.join(PACKAGE_ROOT, "package.json"), "utf8").catch(() => "{}");
  hash.update(manifest);
  const dependencies = Object.keys((JSON.parse(manifest) as { dependencies?: Record<string, string> }).dependencies ?? {}).sort();
  for (const name of dependencies) hash.update(`\0${name}@${await installedVersion(name)}`);
  return hash.digest("hex");
}

/** Every file under `dir`, sorted, so the hash does not depend on the order readdir returns. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/**
 * The version Node would load of `name`: its package.json in the nearest node_modules folder
 * up from the package root (how Node resolves a bare import). "?" when not found.
 */
async function installedVersion(name: string): Promise<string> {
  for (let dir = PACKAGE_ROOT; ; dir = path.dirname(dir)) {
    const manifest = await fs.readFile(path.join(dir, "node_modules", name, "package.json"), "utf8").catch(() => undefined);
    if (manifest !== undefined) return (JSON.parse(manifest) as { version?: string }).version ?? "?";
    if (path.dirname(dir) === dir) return "?";
  }
}
