import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import createDebug from "debug";

const debug = createDebug("Newsroom:Memory");

/**
 * The default export of one of Eleventy's own source files (e.g. "Template.js"), from the same
 * module instance Eleventy itself uses, or undefined if it cannot be loaded. The package's
 * `exports` hide src/, so the file is found next to the entry point Node resolves for us.
 * Only src/build/ uses this: the patches that make large builds fit, and afterTemplateWrite below.
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

/** A page as Eleventy's private `Template#_write` receives it, and the result it returns. */
export interface WrittenPage {
  url?: unknown;
  template?: { _cacheRenderedTransformsAndLayoutsPromise?: unknown };
}
export interface WriteResult {
  content?: unknown;
}
type Write = ((page: WrittenPage, content: unknown) => Promise<WriteResult | undefined>) & { [mark: symbol]: boolean | undefined };

/**
 * Has `after(page, result)` run each time Eleventy 3.1 has written a page, by wrapping its private
 * `Template#_write` (Eleventy has no event per written page). `mark` names the wrapper, so that
 * it is put in place once per process whatever else wraps the method. Returns false (and
 * changes nothing) when the method is not there: a later Eleventy; the callers' tests fail then.
 */
export async function afterTemplateWrite(mark: symbol, after: (page: WrittenPage, result: WriteResult | undefined) => void): Promise<boolean> {
  const Template = await eleventyModule<{ prototype: unknown }>("Template.js");
  const proto = Template?.prototype as { _write?: Write } | undefined;
  const write = proto?._write;
  if (!proto || typeof write !== "function") return false;
  if (write[mark]) return true;
  const wrapped = async function (this: unknown, page: WrittenPage, content: unknown) {
    const result = await write.call(this, page, content);
    after(page, result);
    return result;
  } as Write;
  // The marks of wrappers already in place go on too, so none of them wraps twice.
  Object.assign(wrapped, write, { [mark]: true });
  proto._write = wrapped;
  return true;
}
