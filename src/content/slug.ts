import path from "node:path";
import slugify from "@sindresorhus/slugify";

/** A slug is lowercase ASCII letters and digits joined by single hyphens. */
export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function isSlug(value: string): boolean {
  return SLUG.test(value);
}

/** Turns any name (a tag, an author, a file name) into a URL-safe slug. */
export function toSlug(name: string): string {
  return slugify(name, { decamelize: false });
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
