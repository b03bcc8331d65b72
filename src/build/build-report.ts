import fs from "node:fs/promises";
import path from "node:path";
import type { ImageReport } from "../images/image-store.ts";
import type { NotRead } from "../content/article-files.ts";
import { comparePublished, publishedListPath, type PublishedArticle, type PublishedChanges } from "./published-list.ts";

/**
 * What a build has to tell the person who ran it, besides "done": articles published and which are
 * new since the previous build, every article it held back (and why, and when each embargo lifts),
 * the next embargo to lift, the image run, the pages written, and editorial warnings that do not
 * stop the build (a lead photo too small for large previews, …). The plugin records into it while
 * building; `npm run build` prints it (formatReport, short at any archive size: lists are cut at
 * LIST_LIMIT names) and keeps it as JSON for tools in the cache folder (finishReport,
 * BuildReportJson), never in the site: it names drafts and embargoed stories. `buildSite` returns
 * it (tests read it).
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
  /** An embargo's end: ISO 8601 with the site's offset ("2203-09-22T09:00:00+05:30") and as the site words it. */
  lifts?: { at: string; text: string };
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

/** What the plugin knows of the published site once articles are loaded (a production build only). */
export interface PublishedRecord {
  /** Every published article (URL and file): the next build compares its own list with this one. */
  articles: PublishedArticle[];
  /** The build's clock, ISO 8601: embargoes lift relative to it. */
  now: string;
  /** Absolute path of the build cache folder (.cache/newsroom), where the report and the list are kept. */
  cacheDir: string;
  /** The site's IANA timezone. */
  timezone: string;
}

export interface BuildReport {
  articles?: ArticleCounts;
  /** Files under articles/ that are neither articles nor photos (src/content/article-files.ts). */
  notRead?: NotRead[];
  images?: ImageReport;
  heldBack: HeldBack[];
  warnings: BuildWarning[];
  published?: PublishedRecord;
  /** Set by finishReport, after the site is committed: new and removed since the previous build. */
  changes?: PublishedChanges;
  /** Set by finishReport: pages rendered, and the site's files written, unchanged and deleted. */
  pages?: { rendered: number; written: number; unchanged: number; deleted: number };
  /** Set by finishReport: where the JSON report was written (absolute path). */
  file?: string;
  /** Set by finishReport when it wrote no JSON report: why. */
  notWritten?: string;
}

/**
 * `.cache/newsroom/build-report.json`, for tools (a dashboard, a chat bot that announces the next
 * embargo). `version` changes whenever a field changes meaning or goes away; fields may be added.
 */
export interface BuildReportJson {
  version: 1;
  /** The build's clock (ISO 8601, UTC): what embargoes were compared with. */
  builtFor: string;
  /** The site's IANA timezone: every `lifts.at` carries its offset. */
  timezone: string;
  /** The output folder, as given (usually "_site"). */
  output: string;
  articles: {
    /** Article files loaded: published + held back. */
    files: number;
    read: number;
    unchanged: number;
    published: number;
  };
  /** Published now but not by the previous build, sorted by URL; null when there was no previous build to compare with. */
  newSincePreviousBuild: PublishedArticle[] | null;
  /** Published by the previous build but not now; null as above. */
  noLongerPublished: PublishedArticle[] | null;
  /** Embargoes first, soonest first; then drafts by file. */
  heldBack: HeldBack[];
  /** The embargo that lifts first, and how many minutes after `builtFor`; null when none. */
  nextEmbargo: { file: string; lifts: { at: string; text: string }; inMinutes: number } | null;
  images: { photos: number; encoded: number; reused: number; failed: number; seconds: number } | null;
  pages: { rendered: number; written: number; unchanged: number; deleted: number } | null;
  notRead: NotRead[];
  warnings: BuildWarning[];
}

/** How many names the printed report lists under a heading before "… and N more". */
export const LIST_LIMIT = 10;

/** The JSON report's file name inside the build cache folder. */
export const REPORT_FILE = "build-report.json";

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

export function recordPublished(record: PublishedRecord): void {
  current().published = record;
}

/** The files under articles/ the build under way does not read (the preview prints them: src/index.ts). */
export function notReadSoFar(): NotRead[] {
  return current().notRead ?? [];
}

/** The report of the latest build in this process, and clears it. */
export function takeReport(): BuildReport {
  const report = current();
  resetReport();
  return report;
}

/**
 * Completes the report of a build whose site is now committed into `output` (absolute): compares
 * the published articles with the previous build's (src/build/published-list.ts), adds the page
 * counts, and writes BuildReportJson to `<cacheDir>/build-report.json`. Writes nothing when the
 * plugin recorded no published list (the preview), nor when the cache folder is inside the output
 * folder, where the report would publish drafts' and embargoes' names (`notWritten` says so).
 */
export async function finishReport(
  report: BuildReport,
  site: { output: string; shown: string; pages: number; files?: { written: number; unchanged: number; deleted: number } },
): Promise<void> {
  if (site.files) report.pages = { rendered: site.pages, ...site.files };
  const published = report.published;
  if (!published) return;
  const file = path.join(published.cacheDir, REPORT_FILE);
  const inside = path.relative(site.output, file);
  if (!inside.startsWith("..") && !path.isAbsolute(inside)) {
    // The site is committed by now: say so, rather than fail a build that has published.
    report.notWritten = `the build cache folder is inside the output folder ${site.shown}/, where the report would publish drafts and embargoes: set the plugin's "cache" option to a folder outside it`;
    return;
  }
  report.changes = await comparePublished(publishedListPath(published.cacheDir, site.output), site.output, published.articles);
  await fs.mkdir(published.cacheDir, { recursive: true });
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await fs.writeFile(temp, `${JSON.stringify(reportJson(report, site.shown), null, 2)}\n`);
  await fs.rename(temp, file);
  report.file = file;
}

/** The report as BuildReportJson. */
export function reportJson(report: BuildReport, output: string): BuildReportJson {
  const published = report.published;
  const now = published ? Date.parse(published.now) : Date.now();
  const next = nextEmbargo(report.heldBack);
  const changes = report.changes?.previous ? report.changes : undefined;
  const images = report.images;
  return {
    version: 1,
    builtFor: new Date(now).toISOString(),
    timezone: published?.timezone ?? "",
    output,
    articles: {
      files: report.articles?.total ?? 0,
      read: report.articles?.read ?? 0,
      unchanged: report.articles?.reused ?? 0,
      published: published?.articles.length ?? 0,
    },
    newSincePreviousBuild: changes ? changes.added : null,
    noLongerPublished: changes ? changes.removed : null,
    heldBack: sortedHeldBack(report.heldBack),
    nextEmbargo: next ? { file: next.file, lifts: next.lifts!, inMinutes: Math.max(0, Math.round((Date.parse(next.lifts!.at) - now) / 60_000)) } : null,
    images: images ? { photos: images.total, encoded: images.encoded, reused: images.reused, failed: images.failed.length, seconds: +(images.ms / 1000).toFixed(1) } : null,
    pages: report.pages ?? null,
    notRead: report.notRead ?? [],
    warnings: report.warnings,
  };
}

/** The embargo that lifts first, or undefined. */
export function nextEmbargo(heldBack: readonly HeldBack[]): HeldBack | undefined {
  let next: HeldBack | undefined;
  for (const h of heldBack) if (h.lifts && (!next || Date.parse(h.lifts.at) < Date.parse(next.lifts!.at))) next = h;
  return next;
}

/** Embargoes soonest first, then drafts, each group by file. */
function sortedHeldBack(heldBack: readonly HeldBack[]): HeldBack[] {
  const time = (h: HeldBack) => (h.lifts ? Date.parse(h.lifts.at) : Infinity);
  return [...heldBack].sort((a, b) => time(a) - time(b) || a.file.localeCompare(b.file));
}

/** "3 h 20 min", "45 min", "2 days 4 h", "less than a minute": a wait as a writer reads it. */
export function waitText(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return "less than a minute";
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  if (days >= 2) return `${days.toLocaleString("en-US")} days${hours ? ` ${hours} h` : ""}`;
  const totalHours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (totalHours === 0) return `${rest} min`;
  return `${totalHours} h${rest ? ` ${rest} min` : ""}`;
}

/** The first LIST_LIMIT lines, then "… and N more" when there are more. */
function capped(lines: string[], indent = "  "): string[] {
  if (lines.length <= LIST_LIMIT) return lines;
  return [...lines.slice(0, LIST_LIMIT), `${indent}… and ${(lines.length - LIST_LIMIT).toLocaleString("en-US")} more`];
}

/** The report's lines for files not read: a heading and one line per file; "" when there are none. */
export function formatNotRead(items: readonly NotRead[]): string {
  if (items.length === 0) return "";
  return [`Not read (not articles): ${items.length}`, ...capped(items.map((item) => `  ${item.file}: ${item.hint}`))].join("\n");
}

/**
 * The lines `npm run build` prints: articles, published and new, images, files not read, held-back
 * articles and the next embargo, then warnings by file. Every list stops at LIST_LIMIT names.
 */
export function formatReport(report: BuildReport): string {
  const out: string[] = [];
  const n = (count: number) => count.toLocaleString("en-US");
  const articles = report.articles;
  if (articles) out.push(`Articles: ${n(articles.total)} (${n(articles.read)} read, ${n(articles.reused)} unchanged)`);
  const published = report.published;
  if (published) {
    const count = `Published: ${n(published.articles.length)}`;
    const changes = report.changes;
    if (!changes) out.push(count);
    else if (!changes.previous) out.push(`${count} (no list from an earlier build to compare with: none named as new)`);
    else {
      out.push(`${count}, ${changes.added.length ? n(changes.added.length) : "none"} new since the previous build`);
      out.push(...capped(changes.added.map((a) => `  ${a.url} (${a.file})`)));
      if (changes.removed.length) {
        out.push(`No longer published: ${n(changes.removed.length)}`);
        out.push(...capped(changes.removed.map((a) => `  ${a.url} (${a.file})`)));
      }
    }
  }
  const images = report.images;
  if (images) {
    const seconds = (images.ms / 1000).toFixed(1);
    out.push(`Images: ${images.total} photos, ${images.encoded} encoded, ${images.reused} reused from cache, ${images.failed.length} failed (${seconds} s)`);
  }
  const notRead = formatNotRead(report.notRead ?? []);
  if (notRead) out.push(notRead);
  if (report.heldBack.length > 0) {
    const embargoed = report.heldBack.filter((h) => h.status === "embargoed").length;
    const drafts = report.heldBack.length - embargoed;
    out.push(`Held back (not published): ${report.heldBack.length} (${drafts} ${drafts === 1 ? "draft" : "drafts"}, ${embargoed} embargoed)`);
    out.push(...capped(sortedHeldBack(report.heldBack).map((h) => `  ${h.file}: ${h.reason}${h.lifts ? ` (${h.lifts.at})` : ""}`)));
    const next = nextEmbargo(report.heldBack);
    if (next?.lifts) {
      const now = published ? Date.parse(published.now) : Date.now();
      out.push(`Next embargo: ${next.file} lifts ${next.lifts.text} (${next.lifts.at}), in ${waitText(Date.parse(next.lifts.at) - now)}; a build after that time publishes it`);
    }
  }
  if (report.warnings.length > 0) {
    const byFile = new Map<string, BuildWarning[]>();
    for (const w of [...report.warnings].sort((a, b) => a.file.localeCompare(b.file) || a.field.localeCompare(b.field))) {
      byFile.set(w.file, [...(byFile.get(w.file) ?? []), w]);
    }
    out.push(`Warnings: ${report.warnings.length}${byFile.size > LIST_LIMIT ? ` in ${n(byFile.size)} files` : ""}`);
    for (const [file, warnings] of [...byFile].slice(0, LIST_LIMIT)) {
      out.push(`  ${file}`);
      for (const w of warnings) out.push(`    ${w.field}: ${w.message}`, `      fix: ${w.hint}`);
    }
    if (byFile.size > LIST_LIMIT) out.push(`  … and ${n(byFile.size - LIST_LIMIT)} more files`);
  }
  if (report.file) out.push(`Report for tools: ${path.relative(process.cwd(), report.file) || report.file}`);
  if (report.notWritten) out.push(`Report for tools not written: ${report.notWritten}`);
  return out.join("\n");
}
