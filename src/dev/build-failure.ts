import path from "node:path";
import { describeBuildError, errorChain } from "../build/error-text.ts";
import { ArticleValidationError, SiteError, formatProblems, type ArticleProblem } from "../content/errors.ts";

/**
 * Why a preview build failed, as plain data: the builder child prints `text` once in the terminal
 * and sends the whole object to the server (over IPC, where Error objects do not survive), which
 * shows it in every open tab (error-page.ts). Article problems keep their catalogue fields
 * (src/content/errors.ts) so the page can lay them out; any other failure (a layout, the settings)
 * is the text `npm run build` prints for it (src/build/error-text.ts describeBuildError), with the
 * template file and line when it can be found.
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
  /** True when the site has no articles folder: the builder waits for it to appear. */
  folderMissing?: boolean;
}

/**
 * The site has no articles folder (`folder`, relative to the site; "articles"): one line, since
 * there is nothing else to say. Also what a build that finds the folder gone (ENOENT) reports.
 */
export function folderMissing(folder: string, root = process.cwd()): BuildFailure {
  const e = new SiteError("ArticlesFolderMissing", { file: folder, other: root });
  return { summary: `No ${folder}/ folder`, problems: [], text: `${e.title}: ${e.message} Fix: ${e.hint}`, folderMissing: true };
}

/** Turns whatever a build threw into a BuildFailure (never throws). `root` is the site folder. */
export function buildFailure(error: unknown, root = process.cwd()): BuildFailure {
  const errors = errorChain(error);
  const missing = errors.find((e): e is SiteError => e instanceof SiteError && e.code === "ArticlesFolderMissing");
  if (missing) return folderMissing(missing.file, root);
  // The articles folder removed while the preview runs (a git checkout of a branch without it).
  const gone = errors.find((e): e is NodeJS.ErrnoException => (e as NodeJS.ErrnoException).code === "ENOENT" && (e as NodeJS.ErrnoException).syscall === "scandir");
  if (gone?.path && path.dirname(path.resolve(gone.path)) === path.resolve(root)) return folderMissing(path.basename(gone.path), root);
  const problems = articleProblems(errors);
  if (problems) {
    const files = new Set(problems.map((p) => p.file)).size;
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
    return { summary: `${plural(problems.length, "problem")} in ${plural(files, "article")}`, problems, text: formatProblems(problems) };
  }
  const described = describeBuildError(error, root);
  if (!described.file) return { summary: "The preview could not be built", problems: [], text: described.text };
  const where = described.line ? `${described.file}, line ${described.line}` : described.file;
  return { summary: `Error in ${where}`, problems: [], text: described.text };
}

function articleProblems(errors: Error[]): ArticleProblem[] | undefined {
  const report = errors.find((e): e is ArticleValidationError => e.name === "ArticleValidationError" && Array.isArray((e as ArticleValidationError).problems));
  return report?.problems;
}
