import { readFileSync } from "node:fs";
import path from "node:path";
import { SiteError, type ArticleProblem } from "../content/errors.ts";

/**
 * What a failed build says, once, for whoever reads it: `npm run build` prints `text`, and the
 * preview shows the same in the browser. Eleventy wraps what went wrong in errors of its own
 * ("Having trouble rendering njk template …", as `originalError` or `cause`); this finds the
 * one worth showing in the chain: the articles' report (src/content/errors.ts
 * ArticleValidationError), a site problem from the catalogue (SiteError), a Nunjucks error in a
 * layout (file, line and column from its message), or else the innermost message.
 */
export interface BuildErrorText {
  /** The file it is about, project-relative ("layouts/article.njk"), when there is one. */
  file?: string;
  /** 1-based line and column in `file`, when known. */
  line?: number;
  column?: number;
  /** A catalogue title: "Unknown filter in a layout". */
  title: string;
  /** What is wrong (one or more lines; for articles, every problem in every article). */
  message: string;
  /** The fix (empty when the message already gives one per problem). */
  hint: string;
  /** Everything above as lines for a terminal. */
  text: string;
  /** For articles: every problem, each with its file, field and fix. */
  problems?: ArticleProblem[];
}

/**
 * Describes the error a build threw. `root` is the project root: file names are shown relative
 * to it.
 */
export function describeBuildError(error: unknown, root: string): BuildErrorText {
  const chain = errorChain(error);
  const report = chain.find((e) => e.name === "ArticleValidationError") as (Error & { problems?: ArticleProblem[] }) | undefined;
  if (report) {
    const files = [...new Set((report.problems ?? []).map((p) => p.file))];
    return { file: files.length === 1 ? files[0] : undefined, title: "Problems in articles", message: report.message, hint: "", text: report.message, problems: report.problems };
  }
  const site = chain.find((e): e is SiteError => e instanceof SiteError || e.name === "SiteError") ?? layoutError(chain, root);
  if (site) return fromSiteError(site);
  const innermost = chain.at(-1);
  const message = innermost?.message ?? String(error);
  return { title: "The build failed", message, hint: "", text: message };
}

/**
 * The error a build throws: a Nunjucks error in a layout becomes the SiteError naming its file
 * and line (`cause`: the original), anything else is returned as it is. buildSite calls it while
 * it knows the project root (Eleventy names layouts relative to the working directory of the
 * build, "./layouts/article.njk").
 */
export function withLayoutError(error: unknown, root: string): unknown {
  const chain = errorChain(error);
  if (chain.some((e) => e.name === "ArticleValidationError" || e.name === "SiteError")) return error;
  const layout = layoutError(chain, root);
  return layout ?? error;
}

/** The error and the errors it wraps, outermost first (Eleventy keeps them as `cause` or `originalError`). */
export function errorChain(error: unknown): Error[] {
  const chain: Error[] = [];
  for (let e: unknown = error; e instanceof Error && !chain.includes(e); e = e.cause ?? (e as { originalError?: unknown }).originalError) chain.push(e);
  return chain;
}

/** The layout error among `chain` (Nunjucks' TemplateError: "(./layouts/article.njk) [Line 39, Column 7]\n  unexpected token: %}"). */
function layoutError(chain: Error[], root: string): SiteError | undefined {
  const template = chain.find((e) => e.name === "Template render error" || /^\([^)\n]+\)(?: \[Line \d+, Column \d+\])?\n/.test(e.message));
  if (!template) return undefined;
  // Eleventy names the template it was rendering: "Having trouble rendering njk template ./layouts/article.njk".
  const rendering = chain.map((e) => /template (\S+\.njk)\b/.exec(e.message)?.[1]).filter((f): f is string => Boolean(f));
  return fromTemplateError(template, root, rendering);
}

function fromSiteError(e: SiteError): BuildErrorText {
  const where = [e.file, e.line ? `line ${e.line}` : "", e.column ? `column ${e.column}` : ""].filter(Boolean).join(", ");
  const text = [`${e.title}: ${where}`, `  ${e.message}`, `  fix: ${e.hint}`].join("\n");
  return { file: e.file, line: e.line, column: e.column, title: e.title, message: e.message, hint: e.hint, text };
}

/**
 * A layout error from Nunjucks' message. Nunjucks gives the line and column of syntax errors
 * but not of an unknown filter (its compiled code tracks positions only at calls and outputs,
 * and the filter is looked up before), so that one's line is the first `| name` in the file.
 */
function fromTemplateError(error: Error, root: string, rendering: string[] = []): SiteError | undefined {
  // An error in an included layout comes wrapped in each includer's name, outermost first:
  // "(./layouts/article.njk)\n (/…/layouts/partials/byline.njk) [Line 3, Column 1]\n  unexpected …".
  const lines = error.message.split("\n");
  let where: RegExpExecArray | undefined;
  const named: string[] = [];
  let at = 0;
  for (; at < lines.length; at++) {
    const name = /^\s*\(([^)]+)\)(?: \[Line (\d+), Column (\d+)\])?\s*$/.exec(lines[at]!);
    if (!name) break;
    where = name;
    named.unshift(name[1]!);
  }
  if (!where) return undefined;
  const absolute = path.resolve(root, where[1]!);
  const file = relative(root, absolute);
  let line = where[2] ? Number(where[2]) : undefined;
  let column = where[3] ? Number(where[3]) : undefined;
  const reason = lines.slice(at).join("\n").replace(/^\s*(?:Error: )?/, "").trim().replace(/\.$/, "");
  const filter = /^filter not found: (\S+)/.exec(reason);
  if (filter) {
    const name = filter[1]!;
    // Nunjucks may name the last partial it read rather than the file with the filter: look in
    // every file the error names, innermost first, then the template Eleventy was rendering.
    for (const candidate of [...named, ...rendering]) {
      const candidatePath = path.resolve(root, candidate);
      const found = findFilterUse(candidatePath, name);
      if (!found) continue;
      ({ line, column } = found);
      return new SiteError("LayoutFilterUnknown", { file: relative(root, candidatePath), value: name, line, column }, { cause: error });
    }
    return new SiteError("LayoutFilterUnknown", { file, value: name, line, column }, { cause: error });
  }
  // A position of 0 is Nunjucks' "unknown". Nunjucks counts lines from the end of the front
  // matter, which Eleventy has cut off before it compiles the layout.
  if (!line) line = column = undefined;
  else line += frontMatterLines(absolute);
  // A tag left open: the parser ran to the end of the file, which is where it says so.
  if (!line && /^unexpected end of file/.test(reason)) line = lastLine(absolute);
  const syntax = /^(?:unexpected token|expected |unknown block tag|parseAggregate|unexpected end of file|invalid )/i.test(reason);
  return new SiteError(syntax ? "LayoutSyntax" : "LayoutError", { file, reason, line, column }, { cause: error });
}

/** The number of the last line of `file` with any text on it. */
function lastLine(file: string): number | undefined {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").length;
  } catch {
    return undefined;
  }
}

/** How many lines the front matter of `file` takes ("---" to "---"), 0 without one. */
function frontMatterLines(file: string): number {
  let lines: string[];
  try {
    lines = readFileSync(file, "utf8").split("\n");
  } catch {
    return 0;
  }
  if (lines[0]?.trim() !== "---") return 0;
  const end = lines.findIndex((l, i) => i > 0 && l.trim() === "---");
  return end > 0 ? end + 1 : 0;
}

/** The 1-based line and column of the first `| name` (a filter use) in `file`. */
function findFilterUse(file: string, name: string): { line: number; column: number } | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const use = new RegExp(`\\|\\s*${escaped}(?![\\w$])`);
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const at = use.exec(lines[i]!);
    if (at) return { line: i + 1, column: at.index + 1 };
  }
  return undefined;
}

/** `file` relative to `root`, with forward slashes ("layouts/article.njk"). */
function relative(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join("/");
}
