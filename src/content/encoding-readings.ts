import { createRequire } from "node:module";
import type Chardet from "chardet";
import type Iconv from "iconv-lite";

/**
 * How a file that is not UTF-8 reads in the encodings it most likely is, best first, so the
 * writer can pick the one where the text reads right (issue 8 follow-up).
 *
 * Why not one guess: the bytes of a short text fit many encodings, and detectors guess wrong on
 * exactly the files newsrooms have. chardet (ICU's detectors) has no Mac Roman detector and calls
 * Mac Roman files Windows-1252; it calls a five-character Shift_JIS headline Windows-1252, and
 * short Polish ISO-8859-2 text ISO-8859-1. Converting with a wrong guess writes valid UTF-8
 * mojibake ("CafŽ crme") that then publishes silently, so the writer must see and choose.
 *
 * The ranking: every encoding an editor's "Reopen with Encoding" offers for the common scripts
 * (plus whatever chardet proposes) decodes the whole file (iconv-lite: Node 20's TextDecoder
 * reads several Windows code pages wrongly, nodejs/node#60888); each reading is scored by how
 * much its non-ASCII characters look like text (`plausibility`), with chardet's confidence
 * breaking near-ties. Readings of the line that are identical are merged (Windows-1252 and
 * ISO-8859-1 agree on most bytes), and the best three are returned.
 */

/** The line with the first byte that is not UTF-8, as it reads in one or more encodings. */
export interface Reading {
  /** Names as editors' encoding pickers list them, e.g. ["Mac Roman (Western European)"]; at most two, the most common first. */
  encodings: string[];
  /** The same encodings as `iconv -f` (GNU and macOS) names them, e.g. ["MACINTOSH"]. */
  iconv: string[];
  /** The line decoded in these encodings: control and undecodable characters shown as "\uFFFD", at most 80 characters. */
  text: string;
}

// Needed only for a file that is not UTF-8: loaded then, so checking and building good files
// skip their loading (iconv-lite's tables are large). Both are CommonJS packages.
const require = createRequire(import.meta.url);
let chardet: typeof Chardet | undefined;
let iconv: typeof Iconv | undefined;
function load(): { chardet: typeof Chardet; iconv: typeof Iconv } {
  chardet ??= require("chardet") as typeof Chardet;
  iconv ??= require("iconv-lite") as typeof Iconv;
  return { chardet, iconv };
}

/** At most this many readings are shown: more would bury the right one. */
const SHOWN = 3;

// iconv-lite names, in the order ties are broken (most common in newsrooms first).
const CANDIDATES = [
  "windows-1252", "macintosh", "ISO-8859-1", "windows-1250", "ISO-8859-2", "windows-1251", "KOI8-R", "ISO-8859-5",
  "windows-1253", "ISO-8859-7", "windows-1254", "ISO-8859-9", "windows-1255", "ISO-8859-8", "windows-1256", "ISO-8859-6",
  "windows-1257", "windows-1258", "Shift_JIS", "EUC-JP", "GB18030", "Big5", "EUC-KR",
];

/**
 * Readings of `line` (bytes of one line of `file`) in the encodings `file` most likely is, best
 * first, at most three, never empty unless no encoding decodes it. Encodings whose reading has
 * undecodable or control characters while a better one has none are left out.
 */
export function rankReadings(file: Uint8Array, line: Uint8Array): Reading[] {
  const { chardet, iconv } = load();
  const confidence = new Map<string, number>();
  for (const m of chardet.analyse(file)) if (!m.name.startsWith("UTF-") && m.name !== "ASCII") confidence.set(m.name, m.confidence);
  const names = [...CANDIDATES, ...[...confidence.keys()].filter((n) => !CANDIDATES.includes(n) && iconv.encodingExists(n))];
  const buffer = Buffer.from(file.buffer, file.byteOffset, file.byteLength);

  const scored = names.map((name, order) => {
    const score = plausibility(decode(buffer, name), CHINESE.has(name)) + ((confidence.get(name) ?? 0) / 100) * 0.3;
    return { name, order, score, text: shown(decode(Buffer.from(line), name)) };
  });
  scored.sort((a, b) => b.score - a.score || a.order - b.order);

  const readings: { names: { name: string; order: number }[]; text: string }[] = [];
  for (const s of scored) {
    const same = readings.find((r) => r.text === s.text);
    if (same) same.names.push(s);
    else readings.push({ names: [s], text: s.text });
  }
  // A reading with broken characters is no candidate once a clean one exists.
  const clean = readings.filter((r) => !r.text.includes("\uFFFD"));
  const pool = clean.length > 0 ? clean : readings;
  // Encodings that read the line alike: the two most common are enough to find it in a picker.
  return pool.slice(0, SHOWN).map(({ names, text }) => {
    const common = [...names].sort((a, b) => a.order - b.order).slice(0, 2);
    // iconv-lite's names upper-cased are the names GNU libc's and libiconv's iconv accept.
    return { encodings: common.map((n) => displayName(n.name)), iconv: common.map((n) => n.name.toUpperCase()), text };
  });
}

const CHINESE = new Set(["GB18030", "Big5"]);

function decode(bytes: Buffer, name: string): string {
  const text = load().iconv.decode(bytes, name);
  // iconv-lite has Mac Roman before 1998, where 0xDB was "¤"; Apple's current table (and macOS's
  // iconv, TextEdit) have "€" there, and "¤" nowhere else.
  return name === "macintosh" ? text.replaceAll("\u00A4", "\u20AC") : text;
}

/**
 * How much a decoded text's non-ASCII characters look like writing, from -3 to 1 per character,
 * averaged. Mojibake has tell-tale shapes: undecodable bytes and control characters (-3), a
 * capital inside a lowercase word ("CafŽ"), symbols and stray punctuation glued between letters
 * ("Zaż" read as ISO-8859-1 is "Za¿"), and letters of another script glued to ASCII letters
 * (Latin-1 "été" read as Shift_JIS or Greek). Quotes, dashes and spaces are neutral: they are
 * the same in most encodings and common in every language. For Chinese, Japanese and Korean, whose
 * multi-byte encodings read each other's bytes as valid characters: Korean read as Japanese or
 * Chinese gives Han characters between spaces (Korean spaces its words; Chinese and Japanese do
 * not), and `chinese` (a Chinese encoding) makes Japanese kana unlikely.
 */
export function plausibility(text: string, chinese = false): number {
  const chars = Array.from(text);
  let total = 0;
  let count = 0;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c.charCodeAt(0) < 0x80) continue;
    count++;
    total += charScore(c, chars[i - 1] ?? " ", chars[i + 1] ?? " ");
    if (HAN.test(c) && ((chars[i - 1] === " " && HAN.test(chars[i - 2] ?? "")) || (chars[i + 1] === " " && HAN.test(chars[i + 2] ?? "")))) total -= 0.5;
    if (chinese && KANA.test(c)) total -= 2;
  }
  return count === 0 ? 0 : total / count;
}

const HAN = /^\p{Script=Han}$/u;
const KANA = /^[\p{Script=Hiragana}\p{Script=Katakana}]$/u;
const ASCII_LETTER = /^[A-Za-z]$/;
const LETTER = /^\p{L}$/u;

function charScore(c: string, prev: string, next: string): number {
  if (/[\p{Cc}\p{Cn}\p{Co}\p{Cs}\uFFFD]/u.test(c)) return -3;
  if (/\p{Lm}/u.test(c)) return LETTER.test(prev) || LETTER.test(next) ? -1 : -0.5; // ˆ ˜: spacing accents, rare alone
  if (LETTER.test(c)) {
    if (/\p{Script=Latin}/u.test(c)) return /\p{Lu}/u.test(c) && /\p{Ll}/u.test(prev) ? -1 : 1;
    return ASCII_LETTER.test(prev) || ASCII_LETTER.test(next) ? -1 : 1;
  }
  if (/\p{M}/u.test(c)) return LETTER.test(prev) ? 0.5 : -1;
  if (/[\p{Pi}\p{Pf}\p{Ps}\p{Pe}\p{Pd}\p{Z}…]/u.test(c)) return 0;
  // Other punctuation, symbols (± ¼ £ ¶), non-ASCII digits: odd inside a word.
  const glued = Number(LETTER.test(prev)) + Number(LETTER.test(next));
  return glued === 2 ? -1 : glued === 1 ? -0.5 : 0;
}

/** The line for a terminal: article text is untrusted, so no control characters (no terminal escapes); trimmed and shortened. */
function shown(decoded: string): string {
  const text = decoded
    .replace(/\r$/, "")
    .replace(/[\p{Cc}\p{Cn}\p{Co}\p{Cs}]/gu, "\uFFFD")
    .replace(/\p{Cf}/gu, "")
    .trim();
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

// Names as the encoding pickers of editors (VS Code, Notepad++, TextEdit) list them.
const NAMES: Record<string, string> = {
  "windows-1250": "Windows-1250 (Central European)",
  "windows-1251": "Windows-1251 (Cyrillic)",
  "windows-1252": "Windows-1252 (Western European)",
  "windows-1253": "Windows-1253 (Greek)",
  "windows-1254": "Windows-1254 (Turkish)",
  "windows-1255": "Windows-1255 (Hebrew)",
  "windows-1256": "Windows-1256 (Arabic)",
  "windows-1257": "Windows-1257 (Baltic)",
  "windows-1258": "Windows-1258 (Vietnamese)",
  macintosh: "Mac Roman (Western European)",
  "ISO-8859-1": "ISO-8859-1 (Latin-1, Western European)",
  "ISO-8859-2": "ISO-8859-2 (Latin-2, Central European)",
  "ISO-8859-5": "ISO-8859-5 (Cyrillic)",
  "ISO-8859-6": "ISO-8859-6 (Arabic)",
  "ISO-8859-7": "ISO-8859-7 (Greek)",
  "ISO-8859-8": "ISO-8859-8 (Hebrew)",
  "ISO-8859-9": "ISO-8859-9 (Turkish)",
  "KOI8-R": "KOI8-R (Cyrillic)",
  Shift_JIS: "Shift_JIS (Japanese)",
  "EUC-JP": "EUC-JP (Japanese)",
  "ISO-2022-JP": "ISO-2022-JP (Japanese)",
  GB18030: "GB18030 (Simplified Chinese)",
  Big5: "Big5 (Traditional Chinese)",
  "EUC-KR": "EUC-KR (Korean)",
};

/** An encoding's name as editors list it, e.g. "Shift_JIS (Japanese)". */
export const displayName = (name: string) => NAMES[name] ?? name;
