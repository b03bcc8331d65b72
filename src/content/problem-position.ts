import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from "yaml";
import type { ArticleProblem } from "./errors.ts";
import { frontMatterText } from "./front-matter.ts";

/**
 * Where in an article's file a problem is, as a 1-based line and column, so editors, terminals
 * and GitHub can point at it (`articles/world/x.md:4:1`):
 *   - a front matter field ("title", "image.src", "tags.2"): the line of its key, found with the
 *     `yaml` package's own parser (parseDocument + LineCounter), so the position is where YAML
 *     read the field, whatever its quoting or indentation;
 *   - the body: the line the problem already carries (src/markdown/render-body.ts sets it);
 *   - the whole file or front matter (encoding, YAML syntax): the line the message names, else 1.
 * A field the writer left out (a missing `title`) points at the front matter's first line.
 */

export interface Position {
  line: number;
  column: number;
}

/** The position of `problem` in `source` (the article's text, or undefined when it could not be decoded). */
export function problemPosition(problem: ArticleProblem, source: string | undefined): Position {
  if (problem.line !== undefined) return { line: problem.line, column: problem.column ?? 1 };
  const named = /\bline (\d+)\b/.exec(problem.message);
  if (problem.field.startsWith("(") || problem.field === "body") {
    return { line: named ? Number(named[1]) : 1, column: 1 };
  }
  const field = source === undefined ? undefined : fieldPosition(source, problem.field);
  if (field) return field;
  return { line: named ? Number(named[1]) : 1, column: 1 };
}

/** `problems` with `line` and `column` filled in where they were missing. */
export function withPositions(problems: readonly ArticleProblem[], source: string | undefined): ArticleProblem[] {
  return problems.map((p) => ({ ...p, ...problemPosition(p, source) }));
}

/**
 * The line and column of the key of front matter field `path` ("image.src"; a number is a list
 * item: "tags.2", from 0), or the deepest part of it that exists ("image" when `src` is absent).
 * Undefined when the file has no readable front matter or not even the first part exists.
 */
export function fieldPosition(source: string, path: string): Position | undefined {
  const fm = frontMatterText(source);
  if (!fm) return undefined;
  const counter = new LineCounter();
  const doc = parseDocument(fm.yaml, { lineCounter: counter, keepSourceTokens: false });
  let node: unknown = doc.contents;
  let offset: number | undefined;
  for (const part of path.split(".")) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === part);
      if (!pair) break;
      offset = (pair.key as Node).range?.[0];
      node = pair.value;
    } else if (isSeq(node) && /^\d+$/.test(part)) {
      const item = node.items[Number(part)] as Node | undefined;
      if (!item?.range) break;
      offset = item.range[0];
      node = item;
    } else break;
  }
  if (offset === undefined) return undefined;
  const { line, col } = counter.linePos(offset);
  return { line: line + fm.firstLine - 1, column: col };
}
