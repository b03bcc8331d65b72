import type MarkdownIt from "markdown-it";
import type StateCore from "markdown-it/lib/rules_core/state_core.mjs";
import type StateInline from "markdown-it/lib/rules_inline/state_inline.mjs";
import type Token from "markdown-it/lib/token.mjs";

/**
 * Image references written with the file names cameras, phones and photographers give
 * (issue 8, case 15-image-filename-with-spaces): `![The crowd](Crowd at gate (2).jpg "Caption")`.
 * CommonMark ends a destination at the first space (https://spec.commonmark.org/0.31.2/#link-destination),
 * so markdown-it reads none of that as an image and the page would print it as typed. Two rules:
 *
 *   inline "image_file_name" (after "image", so it runs only where the strict rule failed): reads
 *       `![alt](dest "title")` where `dest` is a file name with spaces, brackets, parentheses,
 *       `#`, `%` or any script, provided it ends in an extension (`.jpg`) and the reference
 *       closes on its line. `<Crowd at gate (2).jpg>` (CommonMark's own form) is read by
 *       markdown-it itself. The name is percent-encoded like any markdown address
 *       (src/images/resolve-image.ts decodes it); published names are content hashes, so no
 *       space reaches a URL.
 *   core "image_unread" (after "inline"): any `![…](` left as text is recorded in
 *       `env.unreadImages` with its line, and render-body.ts makes it an error
 *       (ImageNotRead): a reference the rules cannot read is never published as raw markdown.
 */

/** Where the core rule records references left as text. Lines count from 0 at the body's start. */
export interface ImageSyntaxEnv {
  unreadImages?: { line: number; text: string }[];
}

// A file name ends in an extension: "photo.jpg", "Crowd at gate (2).JPEG".
const FILE_NAME = /\.[a-z0-9]{2,5}$/i;
// What is between the parentheses is read up to this length (a long caption included) and up to
// this many ")" (a name and a caption hold a few), so a line full of "![" and ")" costs little.
const MAX_INNER = 2000;
const MAX_CANDIDATES = 16;
const CLOSER: Record<string, string> = { '"': '"', "'": "'", ")": "(" };

/**
 * Splits what is between the parentheses into a file name and a title, or undefined when it does
 * not end in a file name. The title is what CommonMark allows after the destination: "…", '…' or
 * (…) at the end, after a space; found by scanning back from the end (no backtracking).
 */
export function splitDestination(inner: string): { dest: string; title?: string } | undefined {
  const text = inner.trim();
  const asFile = (dest: string) => {
    const name = dest.startsWith("<") && dest.endsWith(">") ? dest.slice(1, -1) : dest;
    return name !== "" && FILE_NAME.test(name) ? name : undefined;
  };
  const opener = CLOSER[text.at(-1) ?? ""];
  if (opener && text.length >= 2) {
    let at = text.length - 2;
    // Back to the unescaped opening mark (a "(" title cannot hold another unescaped "(").
    while (at >= 0 && !(text[at] === opener && text[at - 1] !== "\\")) at--;
    if (at > 0 && /\s/.test(text[at - 1]!)) {
      const dest = asFile(text.slice(0, at).trimEnd());
      if (dest) return { dest, title: text.slice(at + 1, -1) };
    }
  }
  const dest = asFile(text);
  return dest ? { dest } : undefined;
}

function imageFileName(state: StateInline, silent: boolean): boolean {
  const { src, pos, posMax } = state;
  if (src.charCodeAt(pos) !== 0x21 /* ! */ || src.charCodeAt(pos + 1) !== 0x5b /* [ */) return false;
  const labelEnd = state.md.helpers.parseLinkLabel(state, pos + 1, false);
  if (labelEnd < 0 || src.charCodeAt(labelEnd + 1) !== 0x28 /* ( */) return false;
  const start = labelEnd + 2;
  // The file name may hold ")" (Crowd at gate (2).jpg): try each ")" on the line, nearest first.
  const newline = src.indexOf("\n", start);
  const end = Math.min(posMax, newline === -1 ? posMax : newline, start + MAX_INNER);
  let tries = 0;
  for (let close = src.indexOf(")", start); close !== -1 && close < end && tries++ < MAX_CANDIDATES; close = src.indexOf(")", close + 1)) {
    const inner = src.slice(start, close);
    const parsed = splitDestination(inner);
    if (!parsed) continue;
    const href = state.md.normalizeLink(parsed.dest);
    if (!state.md.validateLink(href)) return false;
    if (!silent) {
      const content = src.slice(pos + 2, labelEnd);
      const children: Token[] = [];
      state.md.inline.parse(content, state.md, state.env, children);
      const token = state.push("image", "img", 0);
      token.attrs = [["src", href], ["alt", ""]];
      if (parsed.title !== undefined) token.attrs.push(["title", state.md.utils.unescapeAll(parsed.title)]);
      token.children = children;
      token.content = content;
    }
    state.pos = close + 1;
    return true;
  }
  return false;
}

// "![" then a label and "](" or "][": the start of an image reference (inline or by reference,
// `![alt][crowd]`), wherever it stands in text.
const LEFT_AS_TEXT = /!\[[^\n]*?\][(\[]/g;

function imageUnread(state: StateCore): void {
  const env = state.env as ImageSyntaxEnv;
  if (!Array.isArray(env.unreadImages)) return;
  for (const block of state.tokens) {
    if (block.type !== "inline" || !block.children) continue;
    // Runs of text, through emphasis and links. An escape (`\![`) is a "text_special" token
    // here and code is "code_inline": both end a run, so an escaped reference, or one in code,
    // that the writer wants printed is not taken for one.
    const runs: string[] = [];
    let run = "";
    for (const child of block.children) {
      if (child.type === "text") run += child.content;
      else if (child.type === "softbreak" || child.type === "hardbreak") run += "\n";
      else if (child.type === "text_special" || child.type === "code_inline" || child.type === "html_inline") {
        runs.push(run);
        run = "";
      }
    }
    runs.push(run);
    for (const text of runs) {
      for (const match of text.matchAll(LEFT_AS_TEXT)) {
        // Enough of the line to show the reference (a caption included), not the whole paragraph.
        const line = text.slice(match.index, match.index + 300).split("\n")[0]!;
        // Up to the last ")" on the line: the reference as the writer typed it, or near enough.
        const snippet = line.includes(")") ? line.slice(0, line.lastIndexOf(")") + 1) : line;
        const at = block.content.indexOf(snippet.slice(0, 12));
        const offset = at === -1 ? 0 : block.content.slice(0, at).split("\n").length - 1;
        env.unreadImages.push({ line: (block.map?.[0] ?? 0) + offset, text: snippet.length > 120 ? `${snippet.slice(0, 119)}…` : snippet });
      }
    }
  }
}

/**
 * Why a reference left as text was not read, and the form that would be, for the error message
 * (ImageNotRead in src/content/errors.ts).
 */
export function describeUnread(text: string): { reason: string; example: string } {
  if (/^!\[[^\n]*?\]\[/.test(text)) {
    return {
      reason: "its reference is not defined, or the definition's file name has spaces",
      example: "[crowd]: <Crowd at gate (2).jpg> \"Caption | Credit\" (the definition, on a line of its own)",
    };
  }
  const named = /\]\(\s*<?([^"'<>]*?\.[a-z0-9]{2,5})/i.exec(text)?.[1]?.trim();
  return {
    reason: named ? "where its file name, caption or closing ) ends could not be told" : "no file name ending in an extension such as .jpg was found",
    example: `![What it shows](<${named ?? "file name.jpg"}> "Caption | Credit")`,
  };
}

export function imageFileNamesPlugin(md: MarkdownIt): void {
  md.inline.ruler.after("image", "image_file_name", imageFileName);
  md.core.ruler.after("inline", "image_unread", imageUnread);
}
