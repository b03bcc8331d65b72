import fs from "node:fs";
import path from "node:path";

/**
 * The Eleventy config files a Newsroom site may have, in the order they are looked for: this
 * repository's `.eleventy.ts` first, then the TypeScript names, then Eleventy 3.1's own list
 * (`.eleventy.js`, `eleventy.config.js`, `.mjs`, `.cjs`: TemplateConfig.js). Eleventy itself
 * does not look for a TypeScript config; `npx newsroom build` does, and needs Node to run
 * TypeScript for it (src/cli/typescript-loader.ts).
 */
export const CONFIG_FILES = [".eleventy.ts", "eleventy.config.ts", "eleventy.config.mts", ".eleventy.js", "eleventy.config.js", "eleventy.config.mjs", "eleventy.config.cjs"];

/** The site's settings file, as `npm run new`, `npm run check` and `newsroom init` name it. */
export const SETTINGS_FILES = ["site.config.ts", "site.config.mts", "site.config.js", "site.config.mjs"];

/** The first of CONFIG_FILES in `root` (relative, as Eleventy's `configPath` takes it), or ".eleventy.ts" when there is none (Eleventy then says it is missing). */
export function findConfigFile(root: string): string {
  return firstIn(root, CONFIG_FILES) ?? CONFIG_FILES[0]!;
}

/** The first of SETTINGS_FILES in `root`, or undefined. */
export function findSettingsFile(root: string): string | undefined {
  return firstIn(root, SETTINGS_FILES);
}

function firstIn(root: string, names: string[]): string | undefined {
  return names.find((name) => fs.existsSync(path.join(root, name)));
}
