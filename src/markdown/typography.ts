import type MarkdownIt from "markdown-it";
import type StateCore from "markdown-it/lib/rules_core/state_core.mjs";
import type Token from "markdown-it/lib/token.mjs";
import { quotesFor } from "./quotes.ts";

/**
 * Typography the way the text's language sets it: quotation marks (“…” in English, «…» in French,
 * „…“ in German: src/markdown/quotes.ts), apostrophes (’) and dashes (-- → –, --- → —, ... → …).
 * markdown-it's own `typographer` does the work (its `replacements` and `smartquotes` rules);
 * these named core rules around them say what it may touch and in which language:
 *
 *   typography_keep     before `replacements`: bare web addresses (https://a--b.example/) and
 *                       the letters in brackets markdown-it would turn into symbols — (c), (r),
 *                       (tm), a clause "(c)" in a law or a list, not © — are set aside as
 *                       `text_special` tokens, which neither rule changes and `text_join`
 *                       turns back into text at the end;
 *   typography_straight after `replacements`: double quotes already curly are made straight
 *                       again, so a writer's mix of “ and " (a word processor's opening quote,
 *                       a closing one typed by hand) is paired afresh and comes out consistent;
 *   typography_language before `smartquotes`: the marks of the text's language for it to use:
 *                       `env.language` (an article's own `language:`) or else the site's;
 *   smartquotes         markdown-it's: pairs straight quotes, and makes apostrophes;
 *   typography_lone     after it: a quote markdown-it found no partner for (the opening quote
 *                       of a paragraph in a quotation running over several) is set by its side:
 *                       after a space it opens, else it closes; a lone ' is an apostrophe.
 *
 * Only `text` tokens change: code spans, code blocks, raw HTML, link and image addresses, image
 * alt text and titles (attributes) are left as written.
 */
export interface TypographyOptions {
  /** The site's language (BCP 47): the marks of a text without a language of its own. */
  language: string;
}

/** markdown-it's env for one render: `language` is the text's own, when not the site's. */
export interface TypographyEnv {
  language?: string;
}

// A web address typed as text (no <…>, no link): its hyphens, dots and quotes are the address's.
// Letters in brackets markdown-it's replacements would turn into ©, ® and ™.
const KEEP = /\b(?:https?:\/\/|www\.)[^\s<>"“”«»]+|\((?:c|r|tm)\)/gi;
const CURLY_DOUBLE = /[\u201C\u201D]/g; // “ ”
const APOSTROPHE = "\u2019"; // ’

export function typographyPlugin(md: MarkdownIt, options: TypographyOptions): void {
  md.set({ typographer: true });
  const quotesByLanguage = new Map<string, [string, string, string, string]>();
  const marksOf = (language: string) => {
    let marks = quotesByLanguage.get(language);
    if (!marks) quotesByLanguage.set(language, (marks = quotesFor(language)));
    return marks;
  };

  md.core.ruler.before("replacements", "typography_keep", (state) => {
    forEachInline(state, (children) => keepAsWritten(children, state));
  });
  md.core.ruler.after("replacements", "typography_straight", (state) => {
    forEachInline(state, (children) => {
      for (const t of children) if (t.type === "text") t.content = t.content.replace(CURLY_DOUBLE, '"');
    });
  });
  // markdown-it's smartquotes reads the marks from the instance's options: this rule sets them
  // for the language of the text being rendered, just before it (every render sets them afresh).
  md.core.ruler.before("smartquotes", "typography_language", (state: StateCore) => {
    const env = (state.env ?? {}) as TypographyEnv;
    state.md.options.quotes = marksOf(env.language || options.language);
  });
  md.core.ruler.after("smartquotes", "typography_lone", (state) => {
    const env = (state.env ?? {}) as TypographyEnv;
    const [open, close] = marksOf(env.language || options.language);
    forEachInline(state, (children) => setLoneQuotes(children, open, close));
  });
}

/** Calls `fn` with the children of every inline token (paragraphs, headings, table cells …). */
function forEachInline(state: StateCore, fn: (children: Token[]) => void): void {
  for (const token of state.tokens) if (token.type === "inline" && token.children) fn(token.children);
}

/** Splits text tokens so that what KEEP matches is a `text_special` token (left alone; joined back by text_join). */
function keepAsWritten(children: Token[], state: StateCore): void {
  for (let i = 0; i < children.length; i++) {
    const t = children[i]!;
    if (t.type !== "text") continue;
    // matchAll starts from a copy of KEEP (and its lastIndex, 0: KEEP is used nowhere else).
    const matches = [...t.content.matchAll(KEEP)];
    if (matches.length === 0) continue;
    const parts: Token[] = [];
    let last = 0;
    for (const match of matches) {
      // An address ends before the punctuation that ends its sentence.
      const kept = match[0].startsWith("(") ? match[0] : match[0].replace(/[.,;:!?)\]’']+$/, "");
      if (match.index > last) parts.push(textToken(state, "text", t.content.slice(last, match.index), t.level));
      parts.push(textToken(state, "text_special", kept, t.level));
      last = match.index + kept.length;
    }
    if (last < t.content.length) parts.push(textToken(state, "text", t.content.slice(last), t.level));
    children.splice(i, 1, ...parts);
    i += parts.length - 1;
  }
}

function textToken(state: StateCore, type: "text" | "text_special", content: string, level: number): Token {
  const token = new state.Token(type, "", 0);
  token.content = content;
  token.level = level;
  return token;
}

/** A straight quote left after smartquotes: " opens after a space, a start or an opening bracket, else closes; ' is an apostrophe. */
function setLoneQuotes(children: Token[], open: string, close: string): void {
  let previous = " ";
  for (const t of children) {
    if (t.type === "softbreak" || t.type === "hardbreak") previous = " ";
    if (t.type === "text" && /["']/.test(t.content)) {
      let out = "";
      for (const ch of t.content) {
        const before = out.length > 0 ? out[out.length - 1]! : previous;
        out += ch === '"' ? (/[\s([{\u2014\u2013-]/.test(before) ? open : close) : ch === "'" ? APOSTROPHE : ch;
      }
      t.content = out;
    }
    if (t.content) previous = t.content[t.content.length - 1]!;
  }
}
