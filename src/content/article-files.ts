import { readdirSync, type Dirent } from "node:fs";
import path from "node:path";
import { PHOTO_EXTENSIONS } from "../images/resolve-image.ts";
import { SiteError } from "./errors.ts";

/**
 * Which files under the articles folder are articles (issue 10, case 25: a story saved as
 * `.MD`, `.markdown` or `.md.txt` was skipped without a word).
 *
 * - An article is a file ending in `.md` or `.markdown`, in any letter case (`story.MD`,
 *   `story.Markdown`): both are markdown by every editor's convention, so the story is built
 *   rather than refused; its address comes from the name without the extension.
 * - Photos beside articles (PHOTO_EXTENSIONS) are read when an article uses them: not reported.
 * - Names starting with "." (editor swap files, .DS_Store) or "_" (a writer's notes, templates:
 *   `_notes/`, `_template.md`) are skipped without a word, whole folders included.
 * - Everything else is not read and is named in the build report (`notRead`), with the fix when
 *   it looks like an article under another name (`story.md.txt` → rename to `story.md`).
 */

/** A file under the articles folder that the build does not read. */
export interface NotRead {
  /** Project-relative path, e.g. "articles/india/budget.md.txt". */
  file: string;
  /** Why, and what to do: "rename it to budget.md if it is an article". */
  hint: string;
}

export interface ArticleFiles {
  /** Absolute paths of the articles, sorted. */
  articles: string[];
  /** Files neither read as articles nor photos nor kept aside with "_" or ".", sorted by file. */
  notRead: NotRead[];
}

const ARTICLE = /\.(?:md|markdown)$/i;
// What a writer's tools save a markdown story as, when not .md: TextEdit adds .txt, MDX is markdown with components.
const LOOKS_LIKE_ARTICLE = /^(.*?)(?:\.(?:md|markdown|mdown|mkdn|mkd|mdx|txt|text))+$/i;

/** What the scan asks of a folder's entry (fs.Dirent has it). */
export type ListedEntry = Pick<Dirent, "name" | "isFile" | "isDirectory">;

/**
 * Lists the articles under `dir` (absolute) and the files there that are not read. `root` is the
 * project root: `notRead` paths are relative to it. `listing(folder)`: a folder's entries when
 * they were listed already (`npm run build`'s walk, src/build/unchanged-build.ts; the preview's
 * look, src/content/article-stats.ts), else undefined. Throws SiteError ArticlesFolderMissing when
 * `dir` does not exist (an empty folder is fine: a site with no stories yet).
 */
export async function scanArticleFiles(dir: string, root: string, listing?: (folder: string) => readonly ListedEntry[] | undefined): Promise<ArticleFiles> {
  const articles: string[] = [];
  const notRead: NotRead[] = [];
  // Synchronously: an archive of one folder per article (what `npm run new --photo` makes) is
  // 20,000 folders, and awaiting each listing in turn kept the build waiting 1.8 s at 20,000
  // articles, against 0.2 s for the same listings in one go.
  function walk(current: string): void {
    const entries = listing?.(current) ?? readdirSync(current, { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith(".") || entry.name.startsWith("_") || entry.name === "node_modules") continue;
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (!entry.isFile()) continue;
      else if (ARTICLE.test(entry.name)) articles.push(full);
      else if (!PHOTO_EXTENSIONS.has(path.extname(entry.name).toLowerCase())) {
        notRead.push({ file: path.relative(root, full).split(path.sep).join("/"), hint: notReadHint(entry.name) });
      }
    }
  }
  try {
    walk(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT" && (error as NodeJS.ErrnoException).path === dir) {
      const shown = path.relative(root, dir).split(path.sep).join("/") || dir;
      throw new SiteError("ArticlesFolderMissing", { file: shown, other: root });
    }
    throw error;
  }
  notRead.sort((a, b) => a.file.localeCompare(b.file));
  return { articles: articles.sort(), notRead };
}

/** What to do about a file that is not read, by its name. */
export function notReadHint(name: string): string {
  const base = LOOKS_LIKE_ARTICLE.exec(name)?.[1];
  const keep = 'to keep it here without this line, start its name with "_"';
  if (base) return `only files ending in .md are articles: rename it to ${base}.md if it is one; ${keep}.`;
  return `not an article (those end in .md) nor a photo (${[...PHOTO_EXTENSIONS].join(", ")}); ${keep}.`;
}
