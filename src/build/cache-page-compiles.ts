import createDebug from "debug";
import { eleventyModule } from "./eleventy-internals.ts";

const debug = createDebug("Newsroom:Memory");

/**
 * Eleventy 3.1 compiles a paginated Nunjucks template again for every page it makes: its own
 * compile cache is off for Nunjucks (the engine's `cacheable` is false, "moved to use Nunjucks'
 * internal cache"), but page content is compiled with `new nunjucks.Template(text)`, which Nunjucks
 * does not cache. With one page per article, layouts/article.njk was compiled 20,000 times in a
 * 20,000-article build (a CPU profile at 4,000 articles: 2.5 s of a 4.7 s content pass).
 *
 * `cachePageCompiles()` turns Eleventy's compile cache back on for Nunjucks. Its key is the
 * Eleventy config instance + input path + template text, so two sites (or two builds) in one
 * process never share a compiled template, and a changed template is a new key. Output is
 * byte-identical (checked with `diff -r` on a 4,000-article site). Like releaseWrittenPages, it
 * touches a private part of the pinned Eleventy (~3.1.8); if the engine moves, nothing is patched.
 *
 * Returns true when the patch is in place.
 */
export async function cachePageCompiles(): Promise<boolean> {
  const Nunjucks = await eleventyModule<{ prototype: object }>("Engines/Nunjucks.js");
  if (!Nunjucks || !("cacheable" in Nunjucks.prototype)) {
    debug("Eleventy's Nunjucks engine not found: paginated templates are compiled once per page");
    return false;
  }
  Object.defineProperty(Nunjucks.prototype, "cacheable", { get: () => true, configurable: true });
  return true;
}
