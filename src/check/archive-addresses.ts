import fs from "node:fs";
import { decodeArticle } from "../content/decode-article.ts";
import { frontMatterText, readFrontMatter } from "../content/front-matter.ts";
import { SLUG, slugFromPath } from "../content/slug.ts";

/**
 * The articles of the archive that have one of the given addresses, found without loading them:
 * what lets `npm run check some-file.md` still catch a duplicate address anywhere in a 20,000
 * article archive in well under a second.
 *
 * An article's address is /{section}/{slug}/, its slug the `slug:` field or else its file name
 * (src/content/slug.ts). A file can only have the slug S if its name gives S or its front matter
 * holds the characters of S (a `slug:` must match SLUG, plain ASCII, so YAML can only spell it
 * literally or through a backslash escape). Every other file is ruled out by a substring test;
 * the few left are read with the build's own front matter reader (src/content/front-matter.ts).
 * Files the build would refuse (not UTF-8, no front matter, an unknown section, a bad slug) have
 * no address here, as in the build, which reports their own problems first.
 */

/** One file found at an address that is wanted. */
export interface AddressHolder {
  /** Absolute path of the article. */
  absFile: string;
  url: string;
}

// A front matter longer than this is read again whole (articles' are a few hundred bytes).
const HEAD = 8192;
const BACKSLASH = 0x5c;

/**
 * Which of `files` (absolute paths) have one of the addresses in `wanted` ("/world/visit/"),
 * for a site with `sections`. Reads each file once; parses front matter only of candidates.
 * Synchronous reads: for 20,000 small files, promises cost more than the reads (as the article
 * cache found for its stats).
 */
export async function findAddressHolders(files: readonly string[], wanted: ReadonlySet<string>, sections: Record<string, unknown>): Promise<AddressHolder[]> {
  if (wanted.size === 0 || files.length === 0) return [];
  const slugs = [...new Set([...wanted].map((url) => url.split("/")[2]!))];
  const slugSet = new Set(slugs);
  const needles = slugs.map((s) => Buffer.from(s, "latin1"));
  const found: AddressHolder[] = [];
  const head = Buffer.alloc(HEAD);
  for (const absFile of files) {
    let bytes: Buffer;
    try {
      const fd = fs.openSync(absFile, "r");
      try {
        bytes = head.subarray(0, fs.readSync(fd, head, 0, HEAD, 0));
      } finally {
        fs.closeSync(fd);
      }
    } catch {
      continue;
    }
    const pathSlug = slugFromPath(absFile);
    // Most files hold none of the slugs anywhere in their first bytes: ruled out on the bytes,
    // without making a string of them (which was most of the time and garbage at 20,000 files).
    // A file longer than the head is looked at whole below.
    if (bytes.length < HEAD && !slugSet.has(pathSlug) && !bytes.includes(BACKSLASH) && !needles.some((n) => bytes.includes(n))) continue;
    // latin1 keeps every byte as one character: the ASCII of a slug is found whatever the encoding.
    // (A UTF-8 byte order mark is skipped: as latin1 it would hide the opening "---".)
    const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    let fm = frontMatterText(bytes.toString("latin1", start));
    if (!fm && bytes.length === HEAD) fm = frontMatterText(fs.readFileSync(absFile).toString("latin1", start));
    if (!fm) continue;
    const candidate = slugSet.has(pathSlug) || fm.yaml.includes("\\") || slugs.some((s) => fm.yaml.includes(s));
    if (!candidate) continue;
    const url = addressOf(absFile, fs.readFileSync(absFile), sections);
    if (url && wanted.has(url)) found.push({ absFile, url });
  }
  return found.sort((a, b) => a.absFile.localeCompare(b.absFile));
}

/** The address the build gives the article in `bytes`, or undefined when the build would refuse what decides it. */
export function addressOf(absFile: string, bytes: Buffer, sections: Record<string, unknown>): string | undefined {
  const decoded = decodeArticle(bytes);
  if (!decoded.ok) return undefined;
  const fm = readFrontMatter(decoded.text);
  if (!fm.ok || typeof fm.data !== "object" || fm.data === null) return undefined;
  const data = fm.data as Record<string, unknown>;
  const section = typeof data.section === "string" ? data.section.trim() : undefined;
  if (!section || !Object.hasOwn(sections, section)) return undefined;
  // An empty `slug:` is "not given" (src/content/schema.ts), so the file name gives it.
  const slug = data.slug === null || data.slug === undefined ? slugFromPath(absFile) : typeof data.slug === "string" && SLUG.test(data.slug) ? data.slug : undefined;
  return slug ? `/${section}/${slug}/` : undefined;
}
