import path from "node:path";
import slugify from "@sindresorhus/slugify";
import { nameKey } from "./name-key.ts";

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

/** Every name toSlug has turned into a slug so far: kept between builds by src/content/slug-store.ts. */
export function knownSlugs(): [string, string][] {
  return [...memo];
}

/** Slugs worked out by an earlier build of the same code (src/content/slug-store.ts). */
export function learnSlugs(entries: Iterable<[string, string]>): void {
  for (const [name, slug] of entries) if (memo.size < MEMO_LIMIT && !memo.has(name)) memo.set(name, slug);
}

// "C++", "C#" and "F#" are names of their own, but slugify drops "+" and "#", so "C++", "C#" and
// "C" all became /tags/c/. A "+" or "#" that ends a word is spelt out instead. Not done with
// slugify's customReplacements (plain substrings): "#MeToo" and "1+1" keep their old addresses.
const WORD_PLUSES = /(?<=[\p{L}\p{N}])(?:\+{2,}|\+(?![\p{L}\p{N}]))/gu;
const WORD_SHARP = /(?<=[\p{L}\p{N}])#(?![\p{L}\p{N}])/gu;

const nameMemo = new Map<string, string>();

/**
 * The page address of a tag or author name (the part after /tags/ or /authors/). Names that are
 * the same to a reader (same nameKey) get the same slug; "+" and "#" at the end of a word are
 * spelt out: "C++" → "c-plus-plus", "C#" → "c-sharp", "Notepad++" → "notepad-plus-plus", while
 * "C" → "c" and "UK-China relations" → "uk-china-relations" as before. Returns "" when the
 * name has no letters or digits. Different names can still share a slug ("Côte", "Cote"):
 * src/content/names.ts reports those.
 */
export function nameSlug(name: string): string {
  let slug = nameMemo.get(name);
  if (slug === undefined) {
    const spelt = nameKey(name)
      .replace(WORD_PLUSES, (pluses) => " plus".repeat(pluses.length) + " ")
      .replace(WORD_SHARP, " sharp ");
    slug = toSlug(spelt);
    if (nameMemo.size >= MEMO_LIMIT) nameMemo.clear();
    nameMemo.set(name, slug);
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
