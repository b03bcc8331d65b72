import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import createDebug from "debug";

const debug = createDebug("Newsroom:Memory");

/**
 * The default export of one of Eleventy's own source files (e.g. "Template.js"), from the same
 * module instance Eleventy itself uses, or undefined if it cannot be loaded. The package's
 * `exports` hide src/, so the file is found next to the entry point Node resolves for us.
 * Only src/build/ uses this, for the two patches that make large builds fit (see there).
 */
export async function eleventyModule<T>(file: string): Promise<T | undefined> {
  try {
    const require = createRequire(import.meta.url);
    const entry = require.resolve("@11ty/eleventy");
    const module = (await import(pathToFileURL(path.join(path.dirname(entry), file)).href)) as { default?: T };
    return module.default;
  } catch (error) {
    debug("could not load Eleventy's %s: %s", file, (error as Error).message);
    return undefined;
  }
}
