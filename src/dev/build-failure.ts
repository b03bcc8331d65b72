import fs from "node:fs";
import path from "node:path";
import { describe } from "../build/build.ts";
import { ArticleValidationError, formatProblems, problem, type ArticleProblem } from "../content/errors.ts";

/**
 * Why a preview build failed, as plain data: the builder child prints `text` once in the terminal
 * and sends the whole object to the server (over IPC, where Error objects do not survive), which
 * shows it in every open tab (error-page.ts). Article problems keep their catalogue fields
 * (src/content/errors.ts) so the page can lay them out; any other failure (a layout, the settings)
 * is one message, with the template file and line when the chain of errors names them.
 *
 * All of it may quote article text: it is untrusted and must be escaped wherever it is shown.
 */
export interface BuildFailure {
  /** One line: "2 problems in 1 article", "Error in layouts/article.njk, line 12". */
  summary: string;
  /** The catalogue's problems (file, field, message, fix), grouped as the build report is. */
  problems: ArticleProblem[];
  /** Exactly what the terminal shows (formatProblems' report for articles, else the message). */
  text: string;
}

// Nunjucks names the template and the position: "(./layouts/article.njk) [Line 12, Column 5]".
const TEMPLATE_POSITION = /\(([^()\n]+\.njk)\)\s*\[Line (\d+), Column (\d+)\]/;
// Eleventy names the template it was rendering: "Having trouble rendering njk template ./layouts/article.njk".
const TEMPLATE_FILE = /template (\S+\.njk)\b/;

/**
 * The site has no articles folder (`folder`, relative to the site; "articles"): one line, since
 * there is nothing else to say. Also what a build that finds the folder gone (ENOENT) reports.
 */
export function folderMissing(folder: string): BuildFailure {
  const p = problem("ArticlesFolderMissing", `${folder}/`, { field: "folder", value: folder });
  return { summary: `No ${folder}/ folder`, problems: [p], text: `${p.file}: ${p.message} Fix: ${p.hint}` };
}

/** Turns whatever a build threw into a BuildFailure (never throws). `root` is the site folder. */
export function buildFailure(error: unknown, root = process.cwd()): BuildFailure {
  // The articles folder removed while the preview runs (a git checkout of a branch without it).
  const gone = chain(error).find((e): e is NodeJS.ErrnoException => (e as NodeJS.ErrnoException).code === "ENOENT" && (e as NodeJS.ErrnoException).syscall === "scandir");
  if (gone?.path && path.dirname(path.resolve(gone.path)) === path.resolve(root)) return folderMissing(path.basename(gone.path));
  const problems = articleProblems(error);
  if (problems) {
    const files = new Set(problems.map((p) => p.file)).size;
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
    return { summary: `${plural(problems.length, "problem")} in ${plural(files, "article")}`, problems, text: formatProblems(problems) };
  }
  const messages = chain(error).map((e) => e.message);
  const inner = describe(error).replace(TEMPLATE_POSITION, "").trim();
  const position = messages.map((m) => TEMPLATE_POSITION.exec(m)).find(Boolean);
  const file = (position?.[1] ?? messages.map((m) => TEMPLATE_FILE.exec(m)?.[1]).find(Boolean))?.replace(/^\.\//, "");
  if (!file) return { summary: "The preview could not be built", problems: [], text: inner };
  const line = position ? Number(position[2]) : filterLine(path.resolve(root, file), inner);
  const where = line ? `${file}, line ${line}` : file;
  return { summary: `Error in ${where}`, problems: [], text: `${where}: ${inner}` };
}

/**
 * Nunjucks reports an unknown filter when it compiles the template, without a line (and may name
 * the wrong file, the last partial it read): the line is found by looking for "| name" in the
 * template Eleventy was rendering. Undefined when the message is another one or nothing matches.
 */
function filterLine(file: string, message: string): number | undefined {
  const name = /filter not found: ([\w$]+)/.exec(message)?.[1];
  if (!name) return undefined;
  let lines: string[];
  try {
    lines = fs.readFileSync(file, "utf8").split("\n");
  } catch {
    return undefined;
  }
  const index = lines.findIndex((l) => new RegExp(`\\|\\s*${name}\\b`).test(l));
  return index < 0 ? undefined : index + 1;
}

function articleProblems(error: unknown): ArticleProblem[] | undefined {
  const report = chain(error).find((e): e is ArticleValidationError => e.name === "ArticleValidationError" && Array.isArray((e as ArticleValidationError).problems));
  return report?.problems;
}

/** The error and the errors it wraps (Eleventy keeps them as `originalError` or `cause`). */
function chain(error: unknown): Error[] {
  const out: Error[] = [];
  let current: unknown = error;
  while (current instanceof Error && !out.includes(current)) {
    out.push(current);
    current = (current as { originalError?: unknown }).originalError ?? current.cause;
  }
  return out;
}
