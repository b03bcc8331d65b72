import fs from "node:fs/promises";
import { createHash } from "node:crypto";
import path from "node:path";
import createDebug from "debug";
import type MarkdownIt from "markdown-it";
import type { SiteSettings } from "../settings.ts";
import type { ImageStore } from "../images/image-store.ts";
import { leadImageOf } from "../images/picture.ts";
import { RealFolders, resolveImage } from "../images/resolve-image.ts";
import { leadPhotoWarning } from "../images/social-minimums.ts";
import { recordArticles, recordNotRead, recordWarnings, type BuildWarning } from "../build/build-report.ts";
import { scanArticleFiles, type ListedEntry } from "./article-files.ts";
import { codeFingerprint } from "../build/fingerprint.ts";
import { renderBody } from "../markdown/render-body.ts";
import type { Article, ArticleImage, AuthorRef, LeadImage, TagRef } from "./article.ts";
import { byNewest } from "./article.ts";
import { isoWithOffset } from "./dates.ts";
import { decodeArticle } from "./decode-article.ts";
import { articleDigest, articleFingerprint, type ArticleCache, type FileStat, type LoadFacts, type PrefetchedCache } from "./article-cache.ts";
import { ArticleValidationError, problem, type ArticleProblem } from "./errors.ts";
import { withPositions } from "./problem-position.ts";
import { plausibleFrom } from "./plausible-dates.ts";
import { correctionsOf, latestCorrection } from "./corrections.ts";
import { readFrontMatter } from "./front-matter.ts";
import { publicationStatus } from "./publication.ts";
import { validateFrontMatter } from "./schema.ts";
import { nameKey } from "./name-key.ts";
import { nameTagsAndAuthors } from "./names.ts";
import { nameSlug, slugFromPath } from "./slug.ts";

const debug = createDebug("Newsroom:Content");

/**
 * Articles in: every article file under the articles folder (src/content/article-files.ts) is read, validated and rendered before
 * Eleventy writes anything. All problems in all articles are collected and thrown together.
 * Each article is handled on its own (no step here looks at other articles, except the final
 * duplicate-URL check and the naming of tags and authors, each one pass over a map), so time
 * grows linearly with the archive.
 */

export interface LoadOptions {
  /** Project root: paths in messages are relative to it. */
  root: string;
  /** Articles folder, relative to root. */
  articlesDir: string;
  site: SiteSettings;
  md: MarkdownIt;
  /** Plans (and later encodes) every photo the articles use. */
  images: ImageStore;
  /** URL path images are published under, e.g. "/img/". */
  imageBase: string;
  /** Loaded articles kept between builds (src/content/article-cache.ts); without it every article is read. */
  cache?: ArticleCache;
  /** Ignore what the cache holds (a full build); what is loaded is still saved into it. */
  full?: boolean;
  /** Use the cache without writing it back (the other processes of a shared build; the first one saves). */
  readOnlyCache?: boolean;
  /** Keep the cache's encoded records after saving: the preview, which saves again after every edit. */
  keepCacheRecords?: boolean;
  /**
   * Runs the cache's save (default: at once, and loadArticles waits for it). The preview hands it
   * to its builder, which writes the file after the open tabs were told to reload (src/dev/after-reload.ts).
   */
  saveCache?: (save: () => Promise<void>) => Promise<void>;
  /**
   * Size and modification time of the article files (by absolute path) taken before this build
   * read anything (`npm run build`: src/build/unchanged-build.ts sourcesStamp; the preview's
   * builder: the look after its last save, less what its watcher reported, src/content/article-stats.ts):
   * the cache decides with these instead of a stat per article. A file missing from the map is
   * stat'ed as it is loaded. `plain`: a file's stat when it was a plain file then (its lstat: the
   * articles' photos); `folder`: a folder's real path then; `listing`: what a folder listed then.
   * Each is looked up afresh when absent.
   */
  stats?: {
    get(file: string): FileStat | undefined;
    plain?(file: string): FileStat | undefined;
    folder?(dir: string): string | undefined;
    listing?(dir: string): readonly ListedEntry[] | undefined;
  };
  /** The cache file's bytes, read ahead by `npm run build` (src/content/article-cache.ts PrefetchedCache). */
  prefetchedCache?: PrefetchedCache;
}

// Files read at once: enough to keep the disk busy, few enough to bound memory and open files.
const CONCURRENCY = 16;

/** The articles under `dir` (absolute), sorted; see src/content/article-files.ts for which files are. */
export async function findArticleFiles(dir: string): Promise<string[]> {
  return (await scanArticleFiles(dir, dir)).articles;
}

/**
 * One article's load. A valid one comes with what the article cache keeps beside it (`facts`).
 * `warnings` go into the build report (recorded by loadArticles, in file order).
 */
export type Loaded =
  | { ok: true; article: Article; warnings: BuildWarning[]; facts: LoadFacts }
  | { ok: false; problems: ArticleProblem[]; warnings?: BuildWarning[] };

/** Project-relative path with forward slashes, as messages and the cache name a file. */
function projectPath(root: string, absFile: string): string {
  // The files come from walking the articles folder under the root: cut the root off (20,000
  // path.relative calls were 30 ms of every preview save).
  const prefix = root.endsWith(path.sep) ? root : root + path.sep;
  const relative = absFile.startsWith(prefix) ? absFile.slice(prefix.length) : path.relative(root, absFile);
  return path.sep === "/" ? relative : relative.split(path.sep).join("/");
}

/** Loads one article; `bytes` are the file's, when the caller has read it already. */
export async function loadArticle(absFile: string, options: LoadOptions, now: Date, bytes?: Buffer): Promise<Loaded> {
  const { site, root } = options;
  const file = projectPath(root, absFile);
  // Read as bytes: a file that is not UTF-8 is refused, never published with "\uFFFD" in it.
  bytes ??= await fs.readFile(absFile);
  const decoded = decodeArticle(bytes);
  if (!decoded.ok) {
    const details =
      decoded.error === "binary"
        ? { field: "(file)", value: decoded.format }
        : decoded.error === "encoding"
          ? { field: "(file)", value: decoded.encoding, reason: decoded.where }
          : { field: "(file)", reason: `line ${decoded.line} has the byte ${decoded.byte}, which UTF-8 does not allow`, readings: decoded.readings };
    return { ok: false, problems: [problem(decoded.error === "binary" ? "FileNotText" : "FileEncoding", file, details)] };
  }
  const source = decoded.text;

  const fm = readFrontMatter(source);
  if (!fm.ok) {
    if (fm.error === "missing") return { ok: false, problems: [problem("FrontMatterMissing", file, { field: "(front matter)" })] };
    if (fm.error === "language") {
      return { ok: false, problems: [problem("FrontMatterLanguage", file, { field: "(front matter)", value: fm.language })] };
    }
    if (fm.error === "comment") {
      return { ok: false, problems: [problem("TextCutByComment", file, { field: fm.field, value: fm.comment, reason: `line ${fm.line}`, other: fm.kept })] };
    }
    return { ok: false, problems: [problem("FrontMatterSyntax", file, { field: "(front matter)", reason: fm.reason })] };
  }
  const checked = validateFrontMatter(fm.data, file, site, now);
  if (!checked.ok) return { ok: false, problems: [...checked.problems, ...(await photoProblems(absFile, file, fm, options))] };
  const data = checked.value;
  const problems: ArticleProblem[] = [];

  const slug = data.slug ?? slugFromPath(absFile);
  if (!slug) problems.push(problem("SlugInvalid", file, { field: "slug", value: path.basename(absFile) }));
  const sectionSettings = site.sections[data.section]!;
  const url = `/${data.section}/${slug}/`;
  const dir = path.dirname(absFile);
  const { images: store, imageBase } = options;
  const used: ArticleImage[] = [];
  const warnings: BuildWarning[] = [];

  // A site that requires photo credits (images.requireCredit) refuses a photo without one.
  const requireCredit = site.images.requireCredit;
  if (requireCredit && data.image && !data.image.credit) problems.push(problem("PhotoCreditMissing", file, { field: "image.credit", value: data.image.src }));
  const notes = correctionsOf(options.md, data, file);
  problems.push(...notes.problems);

  let image: LeadImage | undefined;
  if (data.image) {
    const result = await resolveImage(data.image.src, dir, { inspect: (f) => store.inspect(f), maxPixels: store.settings.maxPixels });
    if (!result.ok) {
      problems.push(problem(result.error, file, { field: "image.src", value: data.image.src, reason: result.reason }));
    } else {
      const entry = await store.add(result.image.file, { lead: true }, result.image.info);
      image = leadImageOf(data.image, entry, imageBase);
      used.push({ id: entry.id, field: "image.src", value: data.image.src });
      const warning = leadPhotoWarning(file, data.image.src, entry);
      if (warning) warnings.push(warning);
    }
  }

  const body = await renderBody(options.md, fm.body, { file, dir, images: store, imageBase, bodyLine: fm.bodyLine, requireCredit, rights: data.photos, language: data.language });
  problems.push(...body.problems);
  warnings.push(...body.warnings);
  for (const img of body.images) used.push({ id: img.entry.id, field: "body", value: img.src });

  for (const field of ["tags", "authors"] as const) {
    const unusable = (data[field] ?? []).filter((name) => nameSlug(name) === "");
    if (unusable.length > 0) {
      problems.push(problem("FieldType", file, { field, expected: `names with letters or digits (not ${unusable.map((n) => `"${n}"`).join(", ")})` }));
    }
  }
  if (problems.length > 0) return { ok: false, problems, warnings };

  // The article's own spellings for now: nameTagsAndAuthors gives every name its site-wide
  // display name, page and author profile once all articles are read.
  const tags = uniqueNames(data.tags ?? []).map((name): TagRef => ({ name, slug: nameSlug(name), url: `/tags/${nameSlug(name)}/` }));
  const authors = uniqueNames(data.authors ?? []).map((name): AuthorRef => ({ name, slug: nameSlug(name) }));

  const sha256 = createHash("sha256").update(bytes).digest("hex");
  return {
    ok: true,
    warnings,
    facts: {
      sha256,
      draft: data.draft ?? false,
      // A correction, like `updated`, is accepted from its own instant on.
      validFrom: plausibleFrom({ date: data.date.toMillis(), updated: latestOf(data.updated?.toMillis(), latestCorrection(data.corrections)) }, site.embargoLimitDays),
      image: data.image,
    },
    article: {
      digest: articleDigest(file, sha256, used.map((u) => u.id)),
      file,
      slug,
      url,
      section: { key: data.section, label: sectionSettings.label, url: `/${data.section}/` },
      title: data.title,
      description: data.description,
      date: isoWithOffset(data.date),
      updated: data.updated ? isoWithOffset(data.updated) : undefined,
      timestamp: data.date.toMillis(),
      tags,
      authors,
      language: data.language,
      image,
      ...(body.credits.length > 0 ? { inlinePhotos: body.credits } : {}),
      ...(notes.corrections ? { corrections: notes.corrections } : {}),
      ...(notes.note !== undefined ? { note: notes.note } : {}),
      html: body.html,
      status: publicationStatus(data.draft ?? false, data.date, now),
      images: used,
      related: [],
    },
  };
}

function latestOf(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.max(a, b);
}

/**
 * The photo problems of an article whose front matter failed validation, so that one run
 * reports them with the rest (a misspelt field, a bad date and a missing photo together): the
 * lead photo, when its `src` is text, and the body's images, checked as for a valid article.
 */
async function photoProblems(absFile: string, file: string, fm: { data: unknown; body: string; bodyLine: number }, options: LoadOptions): Promise<ArticleProblem[]> {
  const dir = path.dirname(absFile);
  const { images: store, imageBase } = options;
  const problems: ArticleProblem[] = [];
  const image = (fm.data as { image?: unknown } | null)?.image;
  const src = typeof image === "object" && image !== null ? (image as { src?: unknown }).src : undefined;
  if (typeof src === "string" && src.trim() !== "") {
    const result = await resolveImage(src.trim(), dir, { inspect: (f) => store.inspect(f), maxPixels: store.settings.maxPixels });
    if (!result.ok) problems.push(problem(result.error, file, { field: "image.src", value: src.trim(), reason: result.reason }));
  }
  const body = await renderBody(options.md, fm.body, { file, dir, images: store, imageBase, bodyLine: fm.bodyLine });
  return [...problems, ...body.problems];
}

/**
 * Each name once, as first written: "AI" and "ai" in one list are one tag. Two different names
 * with one slug ("C", "C++" used to be) both stay, and nameTagsAndAuthors reports a clash.
 */
function uniqueNames(names: string[]): string[] {
  const seen = new Map<string, string>();
  for (const name of names) {
    const key = nameKey(name);
    if (key && !seen.has(key)) seen.set(key, name);
  }
  return [...seen.values()];
}


/**
 * Reads every article. Throws ArticleValidationError listing every problem in every file, so
 * nothing is written when any article is bad. Returns all valid articles, newest first,
 * whatever their status: the caller decides what the build shows.
 *
 * With `options.cache`, an article whose file, photos, settings and code are unchanged is taken
 * from the cache instead of being read (src/content/article-cache.ts), and the cache is saved
 * with what was read. The site-wide steps (duplicate URLs, naming of tags and authors) and the
 * status always run on every article. The build report gets the counts (recordArticles).
 */
export async function loadArticles(options: LoadOptions, now: Date): Promise<Article[]> {
  const started = Date.now();
  const scan = await scanArticleFiles(path.resolve(options.root, options.articlesDir), options.root, options.stats?.listing?.bind(options.stats));
  const files = scan.articles;
  recordNotRead(scan.notRead);
  const { cache, images, site, imageBase } = options;
  if (cache) await cache.open(articleFingerprint({ site, encoder: images.encoder, imageBase, code: await codeFingerprint() }), { full: options.full, prefetched: options.prefetchedCache });
  const results: (Loaded | { ok: true; article: Article; warnings: BuildWarning[] })[] = new Array(files.length);
  let reused = 0;
  let walked = 0;
  // The photos' folders, each looked up once in this build (src/images/resolve-image.ts).
  const folders = new RealFolders(options.stats?.folder?.bind(options.stats));
  // Their files' stats from the build's walk, when it saw them as plain files (no lstat each).
  const plain = options.stats?.plain?.bind(options.stats);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < files.length) {
      const index = next++;
      const absFile = files[index]!;
      if (!cache) {
        results[index] = await loadArticle(absFile, options, now);
        continue;
      }
      const file = projectPath(options.root, absFile);
      const stat = options.stats?.get(absFile);
      if (stat) walked++;
      const kept = await cache.reuse(file, { absFile, images, imageBase, now, stat, folders, plain });
      if (kept.ok) {
        results[index] = kept;
        reused++;
        continue;
      }
      const loaded = await loadArticle(absFile, options, now, kept.bytes);
      // The stat from before the file was read: a change while reading shows next time.
      if (loaded.ok) cache.remember(file, { ...loaded, stat: kept.stat });
      else cache.forget(file);
      results[index] = loaded;
    }
  }
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, files.length) }, worker));
  recordArticles({ total: files.length, read: files.length - reused, reused });

  const problems: ArticleProblem[] = [];
  const articles: Article[] = [];
  for (const r of results) {
    // In file order, so a warm build reports exactly what a cold one does.
    if (r.warnings && r.warnings.length > 0) recordWarnings(r.warnings);
    if (r.ok) articles.push(r.article);
    else problems.push(...r.problems);
  }
  // Every valid article is kept, even when others have problems: the build after the fix reads
  // only the fixed files. Entries of deleted files are dropped.
  // A second process of a shared build (src/build/render-shards.ts) leaves the saving to the first.
  if (cache && !options.readOnlyCache) {
    const save = () => cache.save(files.map((f) => projectPath(options.root, f)), { keepRecords: options.keepCacheRecords });
    await (options.saveCache ? options.saveCache(save) : save());
  }

  const byUrl = new Map<string, Article>();
  for (const article of articles) {
    const first = byUrl.get(article.url);
    if (!first) {
      byUrl.set(article.url, article);
      continue;
    }
    problems.push(problem("UrlDuplicate", article.file, { field: "slug", value: article.url, other: first.file }));
    problems.push(problem("UrlDuplicate", first.file, { field: "slug", value: article.url, other: article.file }));
  }

  problems.push(...nameTagsAndAuthors(articles, options.site));

  if (problems.length > 0) throw new ArticleValidationError(await located(problems, options.root));
  debug("loaded %d articles (%d reused; %d stats taken before, by the build's walk or the preview's look) in %d ms", articles.length, reused, walked, Date.now() - started);
  return articles.sort(byNewest);
}

/**
 * `problems` with the line and column of each in its file (src/content/problem-position.ts), as
 * `npm run check` reports them. Only failing files are read again, once each; a file that
 * cannot be read or decoded keeps the positions its problems already carry.
 */
async function located(problems: ArticleProblem[], root: string): Promise<ArticleProblem[]> {
  const sources = new Map<string, string | undefined>();
  for (const file of new Set(problems.map((p) => p.file))) {
    let source: string | undefined;
    try {
      source = new TextDecoder("utf-8", { fatal: true }).decode(await fs.readFile(path.resolve(root, file)));
    } catch {
      source = undefined;
    }
    sources.set(file, source);
  }
  return problems.map((p) => withPositions([p], sources.get(p.file))[0]!);
}
