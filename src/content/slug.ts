import path from "node:path";
import slugify from "@sindresorhus/slugify";

/** A slug is lowercase ASCII letters and digits joined by single hyphens. */
export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function isSlug(value: string): boolean {
  return SLUG.test(value);
}

// @sindresorhus/slugify (the one Eleventy's `slugify` filter uses, so URLs match) transliterates
// well but costs about 1.4 ms a call; an archive names the same tags and authors over and over.
const memo = new Map<string, string>();
const MEMO_LIMIT = 50_000;

/** Turns any name (a tag, an author, a file name) into a URL-safe slug. */
export function toSlug(name: string): string {
  if (SLUG.test(name)) return name;
  let slug = memo.get(name);
  if (slug === undefined) {
    slug = slugify(name, { decamelize: false });
    // slugify drops scripts it cannot transliterate (Devanagari, Tamil, Chinese…): keep their
    // letters instead, so "चुनाव" becomes /tags/चुनाव/ rather than vanishing.
    if (slug === "") slug = unicodeSlug(name);
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(name, slug);
  }
  return slug;
}

function unicodeSlug(name: string): string {
  return name
    .normalize("NFC")
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "");
}

/**
 * The default slug of an article: its file name, or its folder's name for `…/slug/index.md`,
 * so the URL stays the same when the headline is edited.
 */
export function slugFromPath(file: string): string {
  const base = path.basename(file, path.extname(file));
  const name = base === "index" ? path.basename(path.dirname(file)) : base;
  return toSlug(name);
}
