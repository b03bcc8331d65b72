import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The folder of the Newsroom package itself: the repository when it runs from TypeScript
 * (src/package/package-root.ts), or `node_modules/newsroom` when a site runs the compiled
 * package (dist/package/package-root.js). Both are two folders up from this module, so the
 * default layouts and public files are found the same way from either.
 */
export const PACKAGE_ROOT = path.resolve(codeFolder(), "..");

/**
 * Set (by esbuild's `define`) only in the JavaScript the repository's launcher compiles from
 * src/ into .cache/newsroom/compiled/<key>/ (scripts/run.mjs): the absolute path of that src/.
 * Undefined everywhere else (tsx, dist/).
 */
declare const NEWSROOM_COMPILED_FROM: string | undefined;

/**
 * The folder of the code as written: src/ (from TypeScript, or from the launcher's compiled copy
 * of it, which lives elsewhere) or the package's dist/. One folder up from this module's own.
 */
export function codeFolder(): string {
  if (typeof NEWSROOM_COMPILED_FROM === "string") return NEWSROOM_COMPILED_FROM;
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
}

/** The default page templates (home, article, section, …): one page each, paginated where needed. */
export const DEFAULT_LAYOUTS = path.join(PACKAGE_ROOT, "layouts");

/** The default partials (base page, byline, share bar, macros, …), found after the site's own. */
export const DEFAULT_PARTIALS = path.join(DEFAULT_LAYOUTS, "partials");

/** The default static files (CSS, share script, favicon), copied when the site has none of the same name. */
export const DEFAULT_PUBLIC = path.join(PACKAGE_ROOT, "public");

/**
 * The sample site's own images in public/: its logo and social card (settings `logo`,
 * `socialImage`). Every site has its own; the package does not ship these (package.json `files`).
 */
export const SAMPLE_PUBLIC_FILES = ["assets/logo.png", "assets/social-card.png"];

/**
 * The public files a site gets from the package unless it has its own: every file under the
 * package's public/ (the CSS, the share script, the favicon, and whatever the layouts come to
 * need) but the sample's images. Paths under public/, with "/".
 */
export function defaultPublicFiles(): string[] {
  return (fs.readdirSync(DEFAULT_PUBLIC, { recursive: true }) as string[])
    .map((file) => file.split(path.sep).join("/"))
    .filter((file) => !SAMPLE_PUBLIC_FILES.includes(file) && fs.statSync(path.join(DEFAULT_PUBLIC, file)).isFile())
    .sort();
}

/**
 * The folder of the launcher's compiled copy of src/ this code runs from (`npm run build`,
 * `check` and `new` in this repository: scripts/run.mjs), or undefined (tsx, dist/).
 */
export const COMPILED_COPY = typeof NEWSROOM_COMPILED_FROM === "string" ? path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..") : undefined;

/** True when this code runs from the TypeScript sources (the repository), not from dist/ or the launcher's copy. */
export const FROM_SOURCE = import.meta.url.endsWith(".ts");
