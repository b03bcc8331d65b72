import { isPair, parseDocument, visit } from "yaml";

/**
 * Splits an article into its front matter and body, and reads the front matter as YAML.
 *
 * Written here rather than taken from gray-matter because gray-matter runs `---js` front matter as
 * code, and YAML 1.1 turns `2023-08-30` into a UTC Date (which shows as the 29th east of London).
 * We read YAML 1.2's core schema: dates stay strings and src/content/dates.ts reads them in the
 * site's timezone.
 *
 * Every scalar comes out as the text the writer typed: YAML reads `title: 1984` as a number,
 * `1.50` as 1.5, `0x1F` as 31 and `true` as a boolean, but a headline, tag or caption means the
 * characters on the line ("1984", "1.50", "0x1F", "true"). The schema converts the one field that
 * is not text (`draft`) itself. Empty values, `~` and `null` stay null ("no value").
 */

export type FrontMatterResult =
  | { ok: true; data: unknown; body: string; bodyLine: number }
  | { ok: false; error: "missing" }
  | { ok: false; error: "language"; language: string }
  | { ok: false; error: "syntax"; reason: string }
  | { ok: false; error: "comment"; field: string; comment: string; kept: string; line: number };

// "---" then an optional language word, the YAML, and a closing "---" (or "...") on its own line.
const FENCE = /^\uFEFF?---([^\n]*)\n(?:([\s\S]*?)\n)?(?:---|\.\.\.)[ \t]*(?:\n|$)/;

/**
 * The front matter's YAML as written (line endings made "\n") and the file line it starts on
 * (1-based: 2, after the opening "---"), or undefined when the file has no front matter block.
 * For tools that point at a field's line (src/content/problem-position.ts).
 */
export function frontMatterText(source: string): { yaml: string; firstLine: number } | undefined {
  const match = FENCE.exec(source.replace(/\r\n?/g, "\n"));
  return match ? { yaml: match[2] ?? "", firstLine: 2 } : undefined;
}

export function readFrontMatter(source: string): FrontMatterResult {
  const text = source.replace(/\r\n?/g, "\n");
  const match = FENCE.exec(text);
  if (!match) return { ok: false, error: "missing" };
  const language = (match[1] ?? "").trim();
  if (language !== "" && language !== "yaml" && language !== "yml") {
    return { ok: false, error: "language", language };
  }
  const yaml = match[2] ?? "";
  const doc = parseDocument(yaml, { schema: "core", uniqueKeys: true, prettyErrors: true });
  const first = doc.errors[0];
  if (first) {
    // linePos is relative to the YAML; the opening fence is line 1 of the file.
    const line = first.linePos?.[0]?.line;
    const where = line ? ` (line ${line + 1} of the file)` : "";
    const message = (first.message.split("\n")[0] ?? "").replace(/ at line \d+, column \d+:?$/, "");
    return { ok: false, error: "syntax", reason: `${message}${where}` };
  }
  let cut: Extract<FrontMatterResult, { error: "comment" }> | undefined;
  visit(doc, {
    Scalar(_key, node, path) {
      if (typeof node.value === "number" || typeof node.value === "boolean") node.value = node.source ?? String(node.value);
      // " #" starts a comment, so `title: Fans celebrate #WorldCup win` would silently become
      // "Fans celebrate". A comment written as one ("# note") is left alone; one glued to its
      // "#" like a hashtag or "#1" is taken for text the writer meant.
      if (!cut && node.type === "PLAIN" && node.comment && /^\S/.test(node.comment) && node.range) {
        const field = path.filter(isPair).map((pair) => String((pair.key as { value?: unknown } | null)?.value ?? "")).join(".");
        const line = yaml.slice(0, node.range[0]).split("\n").length + 1;
        cut = { ok: false, error: "comment", field: field || "(front matter)", comment: `#${node.comment}`, kept: node.source ?? String(node.value ?? ""), line };
      }
    },
  });
  if (cut) return cut;
  const data = doc.toJS({ maxAliasCount: 50 }) ?? {};
  const bodyLine = match[0].split("\n").length;
  return { ok: true, data, body: text.slice(match[0].length), bodyLine };
}
