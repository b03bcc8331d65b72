import type { BuildWarning } from "../build/build-report.ts";
import type { SocialKind, Variant } from "./plan.ts";

/**
 * How large a lead photo must be for the places that show it beside a link (issue 8, case
 * 10-tiny-lead-photo: a 160×120 thumbnail forwarded from a messaging app became a 160×84 card).
 *
 * Hard minimums: below them the image is refused or ignored, so a page is better served by the
 * site's own card (`socialImage` in the settings):
 *   - Facebook (Open Graph): "The minimum allowed image dimension is 200 x 200 pixels."
 *     https://developers.facebook.com/docs/sharing/webmasters/images/
 *   - X, summary_large_image: "minimum dimensions of 300x157".
 *     https://developer.x.com/en/docs/x-for-websites/cards/overview/summary-card-with-large-image
 *   - Google, Article structured data: "Images must be at least 50K pixels when multiplying
 *     width and height." https://developers.google.com/search/docs/appearance/structured-data/article
 *
 * Large previews: Google Discover shows large images "at least 1200 px wide" (with
 * max-image-preview:large, which our pages send): https://developers.google.com/search/docs/appearance/google-discover
 * and Open Graph and X large cards are designed for 1200 px wide (1200×630 is Facebook's
 * recommended size, page above). A narrower lead photo is published but warned about.
 */

/** The Open Graph card must meet Facebook's and X's minimums in both directions. */
export const OG_MIN = { width: Math.max(200, 300), height: Math.max(200, 157) } as const;
/** Google's minimum for each NewsArticle image, in pixels (width × height). */
export const STRUCTURED_DATA_MIN_PIXELS = 50_000;
/** The width large previews need (Google Discover, Open Graph and X large cards). */
export const LARGE_PREVIEW_WIDTH = 1200;

/** Whether a social crop of this size is one the networks accept (see the sources above). */
export function socialUsable(kind: SocialKind, size: { width: number; height: number }): boolean {
  if (kind === "og") return size.width >= OG_MIN.width && size.height >= OG_MIN.height;
  return size.width * size.height >= STRUCTURED_DATA_MIN_PIXELS;
}

/**
 * The warning for a lead photo narrower than LARGE_PREVIEW_WIDTH, for the build report; none
 * for a wide enough one. `photo` is its displayed size and the social crops made of it (those
 * too small for the networks are already left out, and the pages use the site's card instead).
 */
export function leadPhotoWarning(file: string, src: string, photo: { width: number; height: number; social?: Variant[] }): BuildWarning | undefined {
  if (photo.width >= LARGE_PREVIEW_WIDTH) return undefined;
  const made = new Set((photo.social ?? []).map((v) => v.crop));
  const replaced = [
    ...(made.has("og") ? [] : ["the social card (og:image)"]),
    ...(["16x9", "4x3", "1x1"].some((k) => made.has(k as SocialKind)) ? [] : ["the search engine image (JSON-LD)"]),
  ];
  const size = `${photo.width}×${photo.height} pixels`;
  const message =
    replaced.length > 0
      ? `"${src}" is ${size}, below what social networks and search engines accept ` +
        `(Facebook: 200×200, X: 300×157, Google: 50,000 pixels); ${replaced.join(" and ")} use${replaced.length === 1 ? "s" : ""} the site's card instead.`
      : `"${src}" is ${size}, narrower than the ${LARGE_PREVIEW_WIDTH} pixels large previews need ` +
        "(Google Discover, Facebook and X large cards): the link shows a small image or none.";
  return {
    file,
    field: "image.src",
    message,
    hint: `Use a photo at least ${LARGE_PREVIEW_WIDTH} pixels wide: ask for the original file, not a thumbnail or a copy from a messaging app.`,
  };
}
