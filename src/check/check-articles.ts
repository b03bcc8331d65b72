import fs from "node:fs";
import path from "node:path";
import type { SiteSettings } from "../settings.ts";
import type { Article } from "../content/article.ts";
import { decodeArticle } from "../content/decode-article.ts";
import { problem, ArticleErrors, type ArticleProblem } from "../content/errors.ts";
import { findArticleFiles, loadArticle, type LoadOptions } from "../content/load-articles.ts";
import { nameTagsAndAuthors } from "../content/names.ts";
import { fieldPosition, problemPosition } from "../content/problem-position.ts";
import { createMarkdown } from "../markdown/create-markdown.ts";
import { ImageStore } from "../images/image-store.ts";
import { IMAGE_FOLDER } from "../images/preview-plan.ts";
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
  source?: string;
  problems: ArticleProblem[];
  warnings: Finding[];
  article?: Article;
}

export async function checkArticles(options: CheckOptions): Promise<CheckResult> {
  const { root, site } = options;
  const all = await findArticleFiles(path.resolve(root, options.articlesDir));
  const targets = options.files ? [...new Set(options.files.map((f) => path.resolve(f)))].sort() : all;
  const images = new ImageStore({ cacheDir: path.resolve(root, options.imageCache ?? ".cache/images"), settings: site.images });
  const load: LoadOptions = { root, articlesDir: options.articlesDir, site, md: createMarkdown(site.markdown), images, imageBase: `/${IMAGE_FOLDER}/` };

  const results: Checked[] = new Array(targets.length);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < targets.length) {
      const index = next++;
      results[index] = await checkOne(targets[index]!, load, options);
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
      const { line, column } = problemPosition(p, r.source);
      // The line is in the position: a message starting "line 14:" would say it twice.
      const message = p.line !== undefined ? p.message.replace(/^line \d+: /, "") : p.message;
      findings.push({ file: p.file, line, column, severity: "error", name: p.name, title: ArticleErrors[p.name].title, field: p.field, message, hint: p.hint });
    }
    findings.push(...r.warnings);
  }
  return { checked: targets.length, archive: all.length, findings };
}

/** Checks one article: the build's loadArticle, positions, and the editorial rules when it is valid. */
async function checkOne(absFile: string, load: LoadOptions, options: CheckOptions): Promise<Checked> {
  const file = projectPath(options.root, absFile);
  // Synchronously: for a thousand small files, promises cost more than the reads.
  const bytes = options.contents?.get(absFile) ?? fs.readFileSync(absFile);
  const decoded = decodeArticle(bytes);
  const source = decoded.ok ? decoded.text : undefined;
  const loaded = await loadArticle(absFile, load, options.now, bytes);
  const warnings: Finding[] = [];
  const at = (field: string, message: string) => {
    const named = field === "body" ? /^line (\d+): /.exec(message) : null;
    return named ? { line: Number(named[1]), column: 1 } : ((source !== undefined ? fieldPosition(source, field) : undefined) ?? { line: 1, column: 1 });
  };
  // The build report's warnings (sanitized HTML, links without text). The lead photo's width
  // is the editorial rule leadPhotoWidth below, which a site may turn off or make an error.
  for (const w of loaded.warnings ?? []) {
    if (w.field === "image.src") continue;
    const { line, column } = at(w.field, w.message);
    warnings.push({ file, line, column, severity: "warning", name: "BuildWarning", title: "Build warning", field: w.field, message: w.message.replace(/^line \d+: /, ""), hint: w.hint });
  }
  if (!loaded.ok) return { absFile, file, source, problems: loaded.problems, warnings };

  const lead = loaded.article.images.find((i) => i.field === "image.src");
  const photo = lead && load.images.get(lead.id);
  const problems: ArticleProblem[] = [];
  for (const f of editorialFindings({ article: loaded.article, image: loaded.facts.image, photo }, options.site.check)) {
    const { line, column } = at(f.field, f.message);
    warnings.push({ file, line, column, severity: f.level === "error" ? "error" : "warning", name: f.name, title: f.title, field: f.field, message: f.message, hint: f.hint });
  }
  return { absFile, file, source, problems, warnings, article: loaded.article };
}

/** Project-relative path with forward slashes (as loadArticle names files). */
function projectPath(root: string, absFile: string): string {
  return path.relative(root, absFile).split(path.sep).join("/");
}
