import createDebug from "debug";
import { afterTemplateWrite } from "./eleventy-internals.ts";
import { stagedBuild } from "./staged-build.ts";

const debug = createDebug("Newsroom:Search");

/**
 * Tells the staged build under way (src/build/staged-build.ts) each page Eleventy has written, by
 * its URL, so that the reader search can index a part of the site as soon as its pages are on
 * disk, while Eleventy renders the rest (src/outputs/search-stream.ts). Eleventy 3.1 has no event
 * per written page, so this wraps its private `Template#_write`, as src/build/release-written-pages.ts
 * does (same pinned version, same fallback): if the method is gone, nothing is told, and the
 * search index is made after the last page instead (the build is as correct, only slower).
 *
 * Returns true when the wrapper is (or already was) in place.
 */
export async function announceWrittenPages(): Promise<boolean> {
  const patched = await afterTemplateWrite(Symbol.for("newsroom.announceWrittenPages"), (page) => {
    if (typeof page.url === "string") stagedBuild()?.written?.(page.url);
  });
  if (!patched) debug("Eleventy's Template#_write not found: the search index is made after the last page");
  return patched;
}
