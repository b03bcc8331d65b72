import createDebug from "debug";
import type { SiteSettings } from "../settings.ts";
import type { Article, AuthorRef, TagRef } from "./article.ts";
import { problem, type ArticleProblem } from "./errors.ts";
import { nameKey, tidyName } from "./name-key.ts";
import { nameSlug } from "./slug.ts";

/**
 * Tag and author names across the whole site, in one pass over every article's names (never
 * article against article, so the work grows with the archive, not its square):
 *
 * - Spellings a reader sees as one name (same nameKey: "Elections", "elections", "ELECTIONS")
 *   become one tag with one page and one display name: the spelling most articles use, ties
 *   broken by Unicode code point order (so "Elections" beats "elections"). The choice depends
 *   only on the set of articles, never on which file was read first, and a new article renames
 *   a tag only when it changes the majority. An author name that matches a profile in
 *   site.config.ts (by the same key) is shown as the profile spells it and links to its page.
 * - Different names that would still share a page address ("Côte" and "Cote" → /tags/cote/)
 *   are a NameShared problem naming both names and where each is used. For authors only names
 *   with a page (a profile) can clash: two bylines without profiles have no address to share.
 *
 * Drafts and embargoed articles count too, so the preview and the published site name tags the
 * same way and a clash is caught before the article goes out.
 */

const debug = createDebug("Newsroom:Names");

// How many files a clash message names for each name before "and N more".
const FILES_NAMED = 3;

interface NameUse {
  key: string;
  slug: string;
  /** Tidy spelling → number of articles that write the name this way. */
  spellings: Map<string, number>;
  /** The first few files using the name, in the order articles were read (sorted paths). */
  files: string[];
  /** Articles using the name. */
  count: number;
  /** The author profile's own spelling, when the name has one. */
  profile?: string;
}

class NameTally {
  readonly uses = new Map<string, NameUse>();

  #use(name: string): NameUse {
    const key = nameKey(name);
    let use = this.uses.get(key);
    if (!use) {
      use = { key, slug: nameSlug(name), spellings: new Map(), files: [], count: 0 };
      this.uses.set(key, use);
    }
    return use;
  }

  /** One article's use of a name (each article lists a name once: loadArticle removes repeats). */
  add(name: string, file: string): void {
    const use = this.#use(name);
    const spelling = tidyName(name);
    use.spellings.set(spelling, (use.spellings.get(spelling) ?? 0) + 1);
    if (use.files.length < FILES_NAMED) use.files.push(file);
    use.count++;
  }

  /** An author profile: its spelling wins, and it has a page even with no article yet. */
  addProfile(name: string): void {
    this.#use(name).profile = name;
  }
}

/** The display name of a name: the profile's spelling, else the most used, ties by code points. */
function displayName(use: NameUse): string {
  if (use.profile !== undefined) return tidyName(use.profile);
  let best = "";
  let most = 0;
  for (const [spelling, count] of use.spellings) {
    if (count > most || (count === most && compareCodePoints(spelling, best) < 0)) {
      best = spelling;
      most = count;
    }
  }
  return best;
}

/**
 * Orders strings by Unicode code point (not by UTF-16 unit, which puts U+10000 and above before
 * U+E000; not by locale, which differs between machines).
 */
export function compareCodePoints(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

function where(use: NameUse): string {
  if (use.count === 0) return "the author profiles in site.config.ts";
  const more = use.count - use.files.length;
  const files = use.files.join(", ");
  return more > 0 ? `${files} and ${more} other article${more === 1 ? "" : "s"}` : files;
}

/**
 * One pass over a map from slug to the first name given it: each later name with that slug is a
 * clash. `canClash` says whether two names may not share (for authors: when one has a page).
 */
function clashes(
  tally: NameTally,
  field: "tags" | "authors",
  canClash: (a: NameUse, b: NameUse) => boolean,
): ArticleProblem[] {
  const problems: ArticleProblem[] = [];
  const bySlug = new Map<string, NameUse>();
  for (const use of tally.uses.values()) {
    const first = bySlug.get(use.slug);
    if (!first) {
      bySlug.set(use.slug, use);
      continue;
    }
    if (!canClash(first, use)) {
      // Keep the one with a page as the slug's owner, so later names are checked against it.
      if (use.profile !== undefined) bySlug.set(use.slug, use);
      continue;
    }
    const url = `/${field}/${use.slug}/`;
    const [a, b] = [displayName(first), displayName(use)];
    // Report on a file that uses each name, except on a profile's own spelling, which is right.
    if (use.count > 0 && use.profile === undefined) {
      problems.push(problem("NameShared", use.files[0]!, { field, value: b, otherName: a, reason: url, other: where(first) }));
    }
    if (first.count > 0 && first.profile === undefined) {
      problems.push(problem("NameShared", first.files[0]!, { field, value: a, otherName: b, reason: url, other: where(use) }));
    }
  }
  return problems;
}

/**
 * Gives every article's tags and authors their site-wide names and pages (see the top of this
 * file), replacing `article.tags` and `article.authors` with shared refs. Returns a NameShared
 * problem for each pair of different names that would share a page; the caller reports them with
 * the other article problems, and nothing is written.
 *
 * `articles` must be in a fixed order (loadArticles reads files in sorted order): it decides
 * which files the messages name, never which name is shown.
 */
export function nameTagsAndAuthors(articles: Article[], site: SiteSettings): ArticleProblem[] {
  const tags = new NameTally();
  const authors = new NameTally();
  for (const name of Object.keys(site.authors)) authors.addProfile(name);
  for (const article of articles) {
    for (const tag of article.tags) tags.add(tag.name, article.file);
    for (const author of article.authors) authors.add(author.name, article.file);
  }

  const problems = [
    ...clashes(tags, "tags", () => true),
    ...clashes(authors, "authors", (a, b) => a.profile !== undefined || b.profile !== undefined),
  ];

  const tagRefs = new Map<string, TagRef>();
  for (const use of tags.uses.values()) {
    tagRefs.set(use.key, { name: displayName(use), slug: use.slug, url: `/tags/${use.slug}/` });
  }
  const authorRefs = new Map<string, AuthorRef>();
  for (const use of authors.uses.values()) {
    const name = displayName(use);
    const profile = use.profile !== undefined ? site.authors[use.profile] : undefined;
    authorRefs.set(
      use.key,
      profile ? { name, slug: use.slug, url: `/authors/${use.slug}/`, role: profile.role } : { name, slug: use.slug },
    );
  }
  for (const article of articles) {
    article.tags = article.tags.map((t) => tagRefs.get(nameKey(t.name))!);
    article.authors = article.authors.map((a) => authorRefs.get(nameKey(a.name))!);
  }
  const merged = (tally: NameTally) => [...tally.uses.values()].filter((u) => u.spellings.size > 1).length;
  if (debug.enabled) debug("%d tags (%d written more than one way), %d authors (%d), %d clashes", tags.uses.size, merged(tags), authors.uses.size, merged(authors), problems.length);
  return problems;
}
