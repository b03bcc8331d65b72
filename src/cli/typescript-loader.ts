import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { COMPILED_COPY, FROM_SOURCE, PACKAGE_ROOT } from "../package/package-root.ts";

/**
 * Lets the installed command (`npx newsroom …`, compiled JavaScript) load a site written in
 * TypeScript (`eleventy.config.ts`, `site.config.ts`). Node runs TypeScript itself from 22.18
 * (and 22.6+ with `--experimental-strip-types`); Node 20 cannot, so the site's own `tsx`
 * (a devDependency of the site, `npm install --save-dev tsx`) is registered in this process and
 * passed to the processes it starts (the preview's builder, a shared build's helpers) through
 * process.execArgv. A site in plain JavaScript needs none of this.
 *
 * Throws an Error naming the file and the two fixes when Node cannot run TypeScript and the site
 * has no tsx. Does nothing when running from this repository's sources (already under tsx).
 */
export async function loadTypeScriptFor(root: string, files: string[]): Promise<void> {
  const typescript = files.filter((f) => /\.[cm]?ts$/.test(f) && existsSync(path.join(root, f)));
  if (typescript.length === 0 || FROM_SOURCE) return;
  if (COMPILED_COPY) return register(launcherLoader(COMPILED_COPY));
  if (nodeRunsTypeScript()) return;
  const require = createRequire(path.join(root, "package.json"));
  let loader: string;
  try {
    loader = require.resolve("tsx");
  } catch {
    throw new Error(
      `Newsroom: ${typescript.join(" and ")} ${typescript.length > 1 ? "are" : "is"} TypeScript, which Node ${process.version} cannot run by itself.\n` +
        "fix: install tsx in this site (npm install --save-dev tsx), or use Node 22.18 or newer (22.6+ with NODE_OPTIONS=--experimental-strip-types).",
    );
  }
  await register(pathToFileURL(loader).href);
}

/** Imports the loader `url` (which registers its module hooks) and passes it on to child processes; once per process. */
async function register(url: string): Promise<void> {
  if (process.execArgv.includes(url)) return;
  await import(url);
  process.execArgv.push("--import", url);
}

/**
 * The repository's launcher (scripts/run.mjs) runs commands from a compiled copy of src/, and
 * this is called only when a site file is about to be imported, so that the command's own
 * modules, loaded before, never pass through module hooks. Its loader
 * (scripts/launcher/register.mjs) compiles the site's TypeScript with esbuild, kept between
 * runs, and gives the site's imports of src/*.ts the compiled copy, so that the plugin the
 * sample's .eleventy.ts imports is the build's own module, on any Node version. Not tsx, whose
 * registration alone cost 0.35-0.5 s of a 1.1 s `npm run check` (NEWSROOM_TSX=1 still runs
 * everything through tsx).
 */
function launcherLoader(copy: string): string {
  return `${pathToFileURL(path.join(PACKAGE_ROOT, "scripts", "launcher", "register.mjs")).href}?compiled=${encodeURIComponent(copy)}`;
}

/** Node strips TypeScript types itself: 22.18+ and 23.6+ by default (process.features.typescript), 22.6+ with the flag. */
function nodeRunsTypeScript(): boolean {
  const features = process.features as { typescript?: string | false };
  if (features.typescript) return true;
  const flags = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? "").split(/\s+/)];
  return flags.includes("--experimental-strip-types") || flags.includes("--experimental-transform-types");
}
