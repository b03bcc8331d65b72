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

/**
 * Empties Eleventy's compile cache (its own "eleventy.compileCacheReset" event) and its layout
 * cache (LayoutCache.js, a process-wide singleton). Both are keyed by the template's path as
 * Eleventy names it ("./layouts/article.njk", relative to the site), not by the site's folder
 * nor by what a template includes: a second build in the same process, of another site or after
 * a partial changed, reused the first build's layouts (a test that broke a partial in a second
 * fixture site got a clean build). buildSite calls this before each build; within one build the
 * caches still save a compile per page.
 */
export async function forgetCompiledLayouts(): Promise<void> {
  const bus = await eleventyModule<{ emit(event: string): Promise<unknown> | unknown }>("EventBus.js");
  await bus?.emit("eleventy.compileCacheReset");
  const layouts = await eleventyModule<{ removeAll(): void }>("LayoutCache.js");
  layouts?.removeAll();
}
