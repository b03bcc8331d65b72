import createDebug from "debug";
import { afterTemplateWrite } from "./eleventy-internals.ts";

const debug = createDebug("Newsroom:Memory");

/**
 * Eleventy 3.1 keeps every page's finished HTML until the whole build ends, twice over: the page's
 * template caches its render promise (`_cacheRenderedTransformsAndLayoutsPromise`) and the
 * result `write()` returns carries `content`. Nothing reads either after the page is written
 * (our `eleventy.after` reads only `url` and `outputPath`), but with both kept the rendered site
 * lives in the heap: measured with a heap snapshot at the end of a 20,000-article build, 870 MB of
 * 1.4 GB (about 43 MB per 1,000 articles), which is what runs a 100,000-article build out of memory.
 *
 * `releaseWrittenPages()` wraps Eleventy's private `Template#_write` so that once a page is on disk
 * its HTML is dropped from both places. A private method of a pinned Eleventy (~3.1.8): if a
 * later version renames it, nothing is patched (a debug line says so) and the build is as before,
 * only heavier; test/unit/release-written-pages.test.ts fails so that someone looks.
 * Only `npm run build` (src/build/build.ts) installs it: Eleventy's own dev server would need the
 * content, and our preview renders one site at a time and is small.
 *
 * Returns true when the patch is (or already was) in place.
 */
export async function releaseWrittenPages(): Promise<boolean> {
  const patched = await afterTemplateWrite(Symbol.for("newsroom.releaseWrittenPages"), (page, result) => {
    // The render promise is cached per template clone, i.e. per page: drop it once written.
    delete page.template?._cacheRenderedTransformsAndLayoutsPromise;
    if (result && typeof result === "object") result.content = undefined;
  });
  if (!patched) debug("Eleventy's Template#_write not found: rendered pages stay in memory until the build ends");
  return patched;
}
