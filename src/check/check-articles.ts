import fs from "node:fs";
import path from "node:path";
import type { SiteSettings } from "../settings.ts";
import type { Article } from "../content/article.ts";
import { decodeArticle } from "../content/decode-article.ts";
import { problem, ArticleErrors, type ArticleProblem } from "../content/errors.ts";
import { findArticleFiles, loadArticle, type Loaded, type LoadOptions } from "../content/load-articles.ts";
import { nameTagsAndAuthors } from "../content/names.ts";
import { fieldPosition, problemPosition } from "../content/problem-position.ts";
import type MarkdownIt from "markdown-it";
import { ImageStore } from "../images/image-store.ts";
import { IMAGE_FOLDER } from "../images/preview-plan.ts";
import { ArticleCache, articleFingerprint, type Reuse } from "../content/article-cache.ts";
import { codeFingerprint } from "../build/fingerprint.ts";
import { editorialFindings } from "./editorial-rules.ts";
import { findAddressHolders } from "./archive-addresses.ts";

/**
 * `npm run check`: everything the build would refuse, for all articles or the files named,
 * without building or writing anything. One source of truth: each file goes through the build's
 * own loadArticle (src/content/load-articles.ts: decoding, front matter, schema, dates, sections,
 * slugs, images, body), and the checks across the archive are the build's too (duplicate
 * addresses; with all articles, the names of tags and authors). Each problem gets its line and
 * column (src/content/problem-position.ts). Editorial warnings follow (src/check/editorial-rules.ts).
 *
 * Nothing is written: no output folder, and the caches are only read. The image store opens
 * the header index of `.cache/images/` (trusted per file while size and modification time are
 * the same, as in the build) and registers photos in memory; it is never saved or encoded.
 * When a build has saved the article cache (`.cache/newsroom/articles.cache`) under the same
 * settings and code, an article it still holds for (same file, photos, and a clock that accepts
 * its dates: src/content/article-cache.ts decides, as for a warm build) is taken from it instead
 * of being parsed and validated again: it was valid then and nothing it was made from changed.
 * Staged text (`contents`) is always checked itself.
 */

export type Severity = "error" | "warning";

/** One finding, as every output format prints it. */
export interface Finding {
  /** Project-relative path with forward slashes, e.g. "articles/world/visit.md". */
  file: string;
  line: number;
  column: number;
  severity: Severity;
  /** Catalogue name: an ArticleErrors key, an editorial rule, or "BuildWarning". */
  name: string;
  title: string;
  /** Front matter path ("image.src"), "body", "(file)" or "(front matter)". */
  field: string;
  message: string;
  hint: string;
}

export interface CheckOptions {
  /** Project root: paths are reported relative to it. */
  root: string;
  /** Articles folder, relative to root. */
  articlesDir: string;
  site: SiteSettings;
  /** Absolute paths of the articles to check; every article when absent. */
  files?: readonly string[];
  /** Bytes to check instead of a file's on disk (the staged version), by absolute path. */
  contents?: ReadonlyMap<string, Buffer>;
  /** The build's clock, for embargoes and `updated`. */
  now: Date;
  /** Image header index folder, relative to root (default ".cache/images", as the build's). */
  imageCache?: string;
  /** The build's article cache folder, relative to root (default ".cache/newsroom"); false: every article is read. */
  articleCache?: string | false;
}

export interface CheckResult {
  /** How many articles were checked, and how many the archive has. */
  checked: number;
  archive: number;
  findings: Finding[];
}

// Articles loaded at once (as loadArticles does).
const CONCURRENCY = 16;

interface Checked {
  absFile: string;
  file: string;
  /** The file's text, for positions (read when first asked). */
  source: () => string | undefined;
  problems: ArticleProblem[];
  warnings: Finding[];
  article?: Article;
}

export async function checkArticles(options: CheckOptions): Promise<CheckResult> {
  const { root, site } = options;
  const all = await findArticleFiles(path.resolve(root, options.articlesDir));
  const targets = options.files ? [...new Set(options.files.map((f) => path.resolve(f)))].sort() : all;
  const images = new ImageStore({ cacheDir: path.resolve(root, options.imageCache ?? ".cache/images"), settings: site.images });
  // markdown-it is loaded when the first article has to be read: none is when the article cache holds them all.
  let md: Promise<MarkdownIt> | undefined;
  const markdown = () => (md ??= import("../markdown/create-markdown.ts").then((m) => m.createMarkdown({ ...site.markdown, language: site.language })));
  const load: Omit<LoadOptions, "md"> = { root, articlesDir: options.articlesDir, site, images, imageBase: `/${IMAGE_FOLDER}/` };
  const cache = await openArticleCache(options, load);

  const results: Checked[] = new Array(targets.length);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < targets.length) {
      const index = next++;
      results[index] = await checkOne(targets[index]!, load, markdown, options, cache);
    }
  }
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, targets.length) }, worker));

  // Across the archive, as the build does (loadArticles): duplicate addresses…
  const valid = results.filter((r) => r.article);
  const byUrl = new Map<string, Checked>();
  for (const r of valid) {
    const first = byUrl.get(r.article!.url);
    if (!first) byUrl.set(r.article!.url, r);
    else {
      r.problems.push(problem("UrlDuplicate", r.file, { field: "slug", value: r.article!.url, other: first.file }));
      first.problems.push(problem("UrlDuplicate", first.file, { field: "slug", value: r.article!.url, other: r.file }));
    }
  }
  if (options.files) {
    // …against the articles not named, found without loading them (src/check/archive-addresses.ts).
    const named = new Set(targets);
    const others = all.filter((f) => !named.has(f));
    for (const holder of await findAddressHolders(others, new Set(byUrl.keys()), site.sections)) {
      const r = byUrl.get(holder.url)!;
      r.problems.push(problem("UrlDuplicate", r.file, { field: "slug", value: holder.url, other: projectPath(root, holder.absFile) }));
    }
  } else {
    // …and, with every article loaded, two names that would share a tag or author page.
    const articles = valid.map((r) => r.article!);
    const byFile = new Map(results.map((r) => [r.file, r]));
    for (const p of nameTagsAndAuthors(articles, site)) byFile.get(p.file)?.problems.push(p);
  }

  const findings: Finding[] = [];
  for (const r of results) {
    for (const p of r.problems) {
      const { line, column } = problemPosition(p, r.source());
      // The line is in the position: a message starting "line 14:" would say it twice.
      const message = p.line !== undefined ? p.message.replace(/^line \d+: /, "") : p.message;
      findings.push({ file: p.file, line, column, severity: "error", name: p.name, title: ArticleErrors[p.name].title, field: p.field, message, hint: p.hint });
    }
    findings.push(...r.warnings);
  }
  return { checked: targets.length, archive: all.length, findings };
}

/**
 * The build's article cache, opened read-only under the fingerprint the build would use, or
 * undefined when there is none (no file: the code is not even hashed) or it is not wanted.
 */
async function openArticleCache(options: CheckOptions, load: Omit<LoadOptions, "md">): Promise<ArticleCache | undefined> {
  if (options.articleCache === false) return undefined;
  const cache = new ArticleCache(path.resolve(options.root, options.articleCache ?? ".cache/newsroom"));
  if (!fs.existsSync(cache.file)) return undefined;
  await cache.open(articleFingerprint({ site: options.site, encoder: load.images.encoder, imageBase: load.imageBase, code: await codeFingerprint() }));
  return cache.size > 0 ? cache : undefined;
}

type Outcome = Loaded | Extract<Reuse, { ok: true }>;

/**
 * Checks one article: taken from the article cache when it holds, else the build's loadArticle;
 * then positions, and the editorial rules when it is valid.
 */
async function checkOne(
  absFile: string,
  load: Omit<LoadOptions, "md">,
  markdown: () => Promise<MarkdownIt>,
  options: CheckOptions,
  cache: ArticleCache | undefined,
): Promise<Checked> {
  const file = projectPath(options.root, absFile);
  const staged = options.contents?.get(absFile);
  const kept = cache && !staged ? await cache.reuse(file, { absFile, images: load.images, imageBase: load.imageBase, now: options.now }) : undefined;
  let bytes = staged ?? (kept && !kept.ok ? kept.bytes : undefined);
  let loaded: Outcome;
  if (kept?.ok) loaded = kept;
  else {
    // Synchronously: for a thousand small files, promises cost more than the reads.
    bytes ??= fs.readFileSync(absFile);
    loaded = await loadArticle(absFile, { ...load, md: await markdown() }, options.now, bytes);
  }
  // The text, for positions: read only when there is something to place.
  let text: string | undefined | null = null;
  const sourceText = (): string | undefined => {
    if (text === null) {
      const decoded = decodeArticle(bytes ?? fs.readFileSync(absFile));
      text = decoded.ok ? decoded.text : undefined;
    }
    return text;
  };
  const warnings: Finding[] = [];
  const at = (field: string, message: string) => {
    const named = field === "body" ? /^line (\d+): /.exec(message) : null;
    if (named) return { line: Number(named[1]), column: 1 };
    const source = sourceText();
    return (source !== undefined ? fieldPosition(source, field) : undefined) ?? { line: 1, column: 1 };
  };
  // The build report's warnings (sanitized HTML, links without text). The lead photo's width
  // is the editorial rule leadPhotoWidth below, which a site may turn off or make an error.
  for (const w of loaded.warnings ?? []) {
    if (w.field === "image.src") continue;
    const { line, column } = at(w.field, w.message);
    warnings.push({ file, line, column, severity: "warning", name: "BuildWarning", title: "Build warning", field: w.field, message: w.message.replace(/^line \d+: /, ""), hint: w.hint });
  }
  if (!loaded.ok) return { absFile, file, source: sourceText, problems: loaded.problems, warnings };

  const lead = loaded.article.images.find((i) => i.field === "image.src");
  const photo = lead && load.images.get(lead.id);
  const problems: ArticleProblem[] = [];
  const image = "facts" in loaded ? loaded.facts.image : loaded.image;
  for (const f of editorialFindings({ article: loaded.article, image, photo }, options.site.check)) {
    const { line, column } = at(f.field, f.message);
    warnings.push({ file, line, column, severity: f.level === "error" ? "error" : "warning", name: f.name, title: f.title, field: f.field, message: f.message, hint: f.hint });
  }
  return { absFile, file, source: sourceText, problems, warnings, article: loaded.article };
}

/** Project-relative path with forward slashes (as loadArticle names files). */
function projectPath(root: string, absFile: string): string {
  return path.relative(root, absFile).split(path.sep).join("/");
}
