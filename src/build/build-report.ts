import type { ImageReport } from "../images/image-store.ts";
import type { NotRead } from "../content/article-files.ts";

/**
 * What a build has to tell the person who ran it, besides "done": the image run, every article
 * it held back (and why), and editorial warnings that do not stop the build (a lead photo too
 * small for large previews, …). The plugin records into it while building; `npm run build`
 * prints it and `buildSite` returns it (tests read it).
 *
 * Kept on globalThis because Eleventy may load the config, and so this module, more than once.
 */

/** An article the build did not publish. */
export interface HeldBack {
  /** Project-relative path, e.g. "articles/world/visit.md". */
  file: string;
  status: "draft" | "embargoed";
  /** For a writer: "draft: true", or "embargoed until 22 September 2203, 09:00 IST". */
  reason: string;
}

/** Something worth fixing that does not stop the build. */
export interface BuildWarning {
  file: string;
  /** Front matter path ("image.src") or "body". */
  field: string;
  message: string;
  hint: string;
}

/** How many articles the build loaded: read from their files, or reused unchanged from the article cache. */
export interface ArticleCounts {
  total: number;
  read: number;
  reused: number;
}

export interface BuildReport {
  articles?: ArticleCounts;
  /** Files under articles/ that are neither articles nor photos (src/content/article-files.ts). */
  notRead?: NotRead[];
  images?: ImageReport;
  heldBack: HeldBack[];
  warnings: BuildWarning[];
}

const KEY = Symbol.for("newsroom.build.report");

function current(): BuildReport {
  const g = globalThis as Record<symbol, unknown>;
  let report = g[KEY] as BuildReport | undefined;
  if (!report) g[KEY] = report = { heldBack: [], warnings: [] };
  return report;
}

/** Starts a new report (a build calls this before Eleventy runs). */
export function resetReport(): void {
  delete (globalThis as Record<symbol, unknown>)[KEY];
}

export function recordArticles(counts: ArticleCounts): void {
  current().articles = counts;
}

export function recordNotRead(items: readonly NotRead[]): void {
  current().notRead = [...items];
}

export function recordImages(report: ImageReport): void {
  current().images = report;
}

export function recordHeldBack(items: readonly HeldBack[]): void {
  current().heldBack.push(...items);
}

export function recordWarnings(items: readonly BuildWarning[]): void {
  current().warnings.push(...items);
}

/** The files under articles/ the build under way does not read (the preview prints them: src/index.ts). */
export function notReadSoFar(): NotRead[] {
  return current().notRead ?? [];
}

/** The report's lines for files not read: a heading and one line per file; "" when there are none. */
export function formatNotRead(items: readonly NotRead[]): string {
  if (items.length === 0) return "";
  return [`Not read (not articles): ${items.length}`, ...items.map((item) => `  ${item.file}: ${item.hint}`)].join("\n");
}

/** The report of the latest build in this process, and clears it. */
export function takeReport(): BuildReport {
  const report = current();
  resetReport();
  return report;
}

/** The lines `npm run build` prints: articles, images, files not read, held-back articles, then warnings by file. */
export function formatReport(report: BuildReport): string {
  const out: string[] = [];
  const articles = report.articles;
  if (articles) {
    const n = (count: number) => count.toLocaleString("en-US");
    out.push(`Articles: ${n(articles.total)} (${n(articles.read)} read, ${n(articles.reused)} unchanged)`);
  }
  const images = report.images;
  if (images) {
    const seconds = (images.ms / 1000).toFixed(1);
    out.push(`Images: ${images.total} photos, ${images.encoded} encoded, ${images.reused} reused from cache, ${images.failed.length} failed (${seconds} s)`);
  }
  const notRead = formatNotRead(report.notRead ?? []);
  if (notRead) out.push(notRead);
  if (report.heldBack.length > 0) {
    out.push(`Held back (not published): ${report.heldBack.length}`);
    for (const h of [...report.heldBack].sort((a, b) => a.file.localeCompare(b.file))) out.push(`  ${h.file}: ${h.reason}`);
  }
  if (report.warnings.length > 0) {
    out.push(`Warnings: ${report.warnings.length}`);
    for (const w of [...report.warnings].sort((a, b) => a.file.localeCompare(b.file) || a.field.localeCompare(b.field))) {
      out.push(`  ${w.file}`, `    ${w.field}: ${w.message}`, `      fix: ${w.hint}`);
    }
  }
  return out.join("\n");
}
