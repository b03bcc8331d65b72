/**
 * When two spellings are one name. A reader sees "Elections" and "elections", "Café" typed as one
 * character or as "e" plus a combining accent, "ＡＩ" (full-width) and "AI", "Russia–Ukraine" and
 * "Russia-Ukraine", "Women’s" and "Women's" as the same name, so they must be one tag (one page)
 * and one author. A reader can tell "C" from "C++" and "Jose" from "José": those stay different
 * names, and where two different names would still get the same page address the build says so
 * (src/content/names.ts).
 */

// Characters that show nothing: soft hyphen, zero-width space, word joiner, byte order mark.
// (Zero-width joiner and non-joiner are left alone: they change how Indic and Arabic script look.)
const INVISIBLE = /[\u00AD\u200B\u2060\uFEFF]/gu;
// Hyphen, non-breaking hyphen, figure dash, en dash, em dash, horizontal bar, minus sign, and the
// two- and three-em dashes: word processors swap these for "-" as the writer types.
const DASHES = /[\u2010-\u2015\u2212\u2E3A\u2E3B]/gu;
// Left and right single quotes, single low-9 and reversed-9 quotes, modifier letter apostrophe.
const APOSTROPHES = /[\u2018\u2019\u201A\u201B\u02BC]/gu;
const DOUBLE_QUOTES = /[\u201C-\u201F]/gu;
// The music sharp sign: Microsoft's own spelling of C# is "C♯".
const SHARP = /\u266F/gu;

/**
 * The spelling a writer meant, without what a reader cannot see: canonical composition (Unicode
 * NFC, UAX #15), no invisible characters, no surrounding or repeated whitespace. This is the text
 * shown on pages; "Café" typed with a combining accent and "Café" typed as one character tidy to
 * the same string.
 */
export function tidyName(name: string): string {
  let tidy = tidyMemo.get(name);
  if (tidy === undefined) {
    tidy = name.normalize("NFC").replace(INVISIBLE, "").trim().replace(/\s+/gu, " ");
    remember(tidyMemo, name, tidy);
  }
  return tidy;
}

// An archive names the same tags and authors over and over: both functions run once per spelling.
const tidyMemo = new Map<string, string>();
const memo = new Map<string, string>();
const MEMO_LIMIT = 50_000;

function remember(map: Map<string, string>, name: string, value: string): void {
  if (map.size >= MEMO_LIMIT) map.clear();
  map.set(name, value);
}

/**
 * The identity of a name: two spellings with the same key are the same tag (or author).
 * Folds, in order: compatibility forms (Unicode NFKC: full-width letters, ligatures, no-break
 * spaces, "x²" → "x2"), invisible characters, typographic dashes, apostrophes and quotes, the
 * sharp sign, letter case (full case folding approximated by upper- then lower-casing, so
 * "Straße" and "STRASSE" match, and "İstanbul" and "istanbul"), whitespace (trimmed, runs made one space, none around a dash).
 * Accents and other letters are kept: "José" ≠ "Jose". Returns "" for a name with nothing visible.
 */
export function nameKey(name: string): string {
  let key = memo.get(name);
  if (key === undefined) {
    key = name
      .normalize("NFKC")
      .replace(INVISIBLE, "")
      .replace(DASHES, "-")
      .replace(APOSTROPHES, "'")
      .replace(DOUBLE_QUOTES, '"')
      .replace(SHARP, "#")
      .toUpperCase()
      .toLowerCase()
      // Turkish dotted capital İ lower-cases to "i" plus a combining dot: the same letter to a reader.
      .replace(/i\u0307/gu, "i")
      .trim()
      .replace(/\s+/gu, " ")
      .replace(/ ?- ?/gu, "-");
    remember(memo, name, key);
  }
  return key;
}
