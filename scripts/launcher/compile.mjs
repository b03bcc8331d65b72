// The launcher's compiler (scripts/run.mjs): src/**/*.ts as JavaScript, one file for each, in
// .cache/newsroom/compiled/<key>/ (tree as in src/, ".ts" imports rewritten to ".js"), where
// <key> names exactly the sources it was made from. Types are removed, not checked
// (`npm run typecheck` checks them).
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The repository: two folders up from scripts/launcher/. */
export const REPOSITORY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const SOURCE = path.join(REPOSITORY, "src");
const require = createRequire(import.meta.url);

/** Where compiled copies go (never dist/, which `npm run build:package` owns). */
export const COMPILED_ROOT = path.join(REPOSITORY, ".cache", "newsroom", "compiled");

// Raise when the compiled output changes for the same sources (other options, another rewrite).
const FORMAT = 1;

/**
 * The compiled copy of the current sources: `{ folder, made }`, made now (`made: true`) if there
 * is none yet. Throws when
 * the sources do not compile (a syntax error) or the folder cannot be written.
 *
 * The key is a SHA-256 of every file under src/ (relative path, size, modification time to the
 * nanosecond), this file's own, the esbuild version and FORMAT: any edit, added, removed or
 * renamed file, or a new compiler, gives a new key and so a new compile; nothing is ever run
 * from a copy of other sources. Reading the key costs one stat per source file (about 1 ms).
 *
 * Two commands started at once may both compile: each writes into its own temporary folder and
 * renames it to the key's name, which only one rename can take (a folder is renamed onto a
 * missing name only), so no command ever sees a half-written copy.
 */
export async function compiledSources() {
  const files = sourceFiles();
  const esbuildVersion = JSON.parse(fs.readFileSync(require.resolve("esbuild/package.json"), "utf8")).version;
  const hash = crypto.createHash("sha256").update(`format ${FORMAT}\0esbuild ${esbuildVersion}\0`);
  for (const file of [...files, fileURLToPath(import.meta.url)]) {
    const stat = fs.statSync(file, { bigint: true });
    hash.update(`${path.relative(REPOSITORY, file)}\0${stat.size}\0${stat.mtimeNs}\0`);
  }
  const key = hash.digest("hex").slice(0, 20);
  const folder = path.join(COMPILED_ROOT, key);
  if (fs.existsSync(folder)) return { folder, made: false };

  const temporary = `${folder}.tmp-${process.pid}-${crypto.randomBytes(4).toString("hex")}`;
  try {
    await compile(files, temporary);
    try {
      fs.renameSync(temporary, folder);
    } catch (error) {
      // Another command made the same copy first: use theirs.
      if (!fs.existsSync(folder)) throw error;
    }
  } finally {
    fs.rmSync(temporary, { recursive: true, force: true });
  }
  removeOldCopies(key);
  return { folder, made: true };
}

/** Every .ts file under src/ but type declarations, sorted (readdir's order is the file system's). */
function sourceFiles() {
  return fs
    .readdirSync(SOURCE, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts"))
    .map((entry) => path.join(entry.parentPath ?? entry.path, entry.name))
    .sort();
}

/**
 * esbuild (a devDependency of its own, not tsx's copy) compiles each file alone: "bundle" only so
 * that a plugin sees every import, and every import stays one (external): relative ".ts" becomes
 * ".js", as tsc's rewriteRelativeImportExtensions does for dist/. NEWSROOM_COMPILED_FROM tells
 * src/package/package-root.ts where the sources are, since the copy is not two folders below
 * the repository as src/ and dist/ are.
 */
async function compile(files, outdir) {
  const esbuild = await import("esbuild");
  await esbuild.build({
    entryPoints: files,
    outdir,
    outbase: SOURCE,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    charset: "utf8",
    logLevel: "silent",
    define: { NEWSROOM_COMPILED_FROM: JSON.stringify(SOURCE) },
    plugins: [
      {
        name: "newsroom-imports-stay",
        setup(build) {
          build.onResolve({ filter: /.*/ }, (args) => {
            if (args.kind === "entry-point") return undefined;
            if (!/^\.\.?\//.test(args.path)) return { path: args.path, external: true };
            if (/\.[cm]?ts$/.test(args.path)) return { path: args.path.replace(/\.([cm]?)ts$/, ".$1js"), external: true };
            // Anything else (a JSON file, say) is not in the copy: imported from src/ itself.
            return { path: pathToFileURL(path.resolve(args.resolveDir, args.path)).href, external: true };
          });
        },
      },
    ],
  });
}

/**
 * Copies of older sources, left by earlier edits, and the site's compiled files
 * (./site-hooks.mjs): removed when more than a day old, so a command still running from one (a
 * long build started before the edit) keeps its files. A site file still in use is compiled
 * again by the next command that needs it.
 */
function removeOldCopies(current) {
  const dayAgo = Date.now() - 24 * 3600 * 1000;
  const siteFiles = path.join(COMPILED_ROOT, "site-files");
  const entries = [
    ...fs.readdirSync(COMPILED_ROOT).filter((name) => name !== current && /^[0-9a-f]{20}(\.tmp-|$)/.test(name)).map((name) => path.join(COMPILED_ROOT, name)),
    ...(fs.existsSync(siteFiles) ? fs.readdirSync(siteFiles).map((name) => path.join(siteFiles, name)) : []),
  ];
  for (const entry of entries) {
    const stat = fs.statSync(entry, { throwIfNoEntry: false });
    if (stat && stat.mtimeMs < dayAgo) fs.rmSync(entry, { recursive: true, force: true });
  }
}
