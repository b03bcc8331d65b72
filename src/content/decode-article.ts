import chardet from "chardet";

/**
 * An article file's bytes → its text. Articles must be UTF-8: anything else is refused, with the
 * encoding it looks like, rather than read with replacement characters (U+FFFD) that would then
 * be published in the headline, social tags, structured data and feeds (issue 8, case 03).
 *
 * In order:
 *   1. A byte order mark: UTF-8's (EF BB BF) is dropped; UTF-16's and UTF-32's name the encoding.
 *      UTF-16 files are refused, not decoded: git stores them as binary (no diffs, no merges of
 *      two writers' edits, "Binary files differ" in review), and every other tool in a newsroom's
 *      chain (grep, GitHub's editor, CI scripts) expects UTF-8.
 *   2. Known binary formats (Word, OpenDocument/Pages ZIPs, PDF, images): a document renamed .md.
 *   3. NUL bytes: UTF-16 without a byte order mark (every other byte NUL), else binary data.
 *   4. A strict UTF-8 decode (WHATWG Encoding: TextDecoder with fatal: true). If it fails, the
 *      first byte that is not UTF-8 is located and `chardet` (ICU's detectors) names the likely
 *      encoding, and that line is shown as it reads in that encoding, so the writer can check.
 */

export type DecodedArticle =
  | { ok: true; text: string }
  | { ok: false; error: "encoding"; encoding: string; where: string }
  | { ok: false; error: "binary"; format: string };

const UTF8 = new TextDecoder("utf-8", { fatal: true });

// Byte order marks (Unicode 15, section 23.8). UTF-32 LE's starts like UTF-16 LE's: test it first.
const BOMS: [bytes: number[], encoding: string][] = [
  [[0x00, 0x00, 0xfe, 0xff], "UTF-32 BE"],
  [[0xff, 0xfe, 0x00, 0x00], "UTF-32 LE"],
  [[0xff, 0xfe], "UTF-16 LE"],
  [[0xfe, 0xff], "UTF-16 BE"],
];

// File signatures ("magic numbers") of documents a writer might save with an .md name.
const SIGNATURES: [bytes: number[], format: string][] = [
  [[0x50, 0x4b, 0x03, 0x04], "a ZIP archive, such as a Word (.docx), Pages or OpenDocument (.odt) document"],
  [[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], "an old Word (.doc) document"],
  [[0x25, 0x50, 0x44, 0x46, 0x2d], "a PDF document"], // %PDF-
  [[0xff, 0xd8, 0xff], "a JPEG image"],
  [[0x89, 0x50, 0x4e, 0x47], "a PNG image"],
];

const startsWith = (bytes: Uint8Array, prefix: number[]) => prefix.every((b, i) => bytes[i] === b);

/** Reads an article's bytes as UTF-8 text (a UTF-8 byte order mark is dropped), or says why not. */
export function decodeArticle(bytes: Uint8Array): DecodedArticle {
  for (const [bom, encoding] of BOMS) {
    if (startsWith(bytes, bom)) return { ok: false, error: "encoding", encoding, where: `the file starts with the ${encoding} byte order mark` };
  }
  for (const [signature, format] of SIGNATURES) {
    if (startsWith(bytes, signature)) return { ok: false, error: "binary", format };
  }
  if (bytes.includes(0x00)) {
    const utf16 = utf16WithoutBom(bytes);
    if (utf16) return { ok: false, error: "encoding", encoding: utf16, where: "every other byte is 0, as in UTF-16 text" };
    return { ok: false, error: "binary", format: "binary data (it contains NUL bytes)" };
  }
  let text: string;
  try {
    // TextDecoder drops a leading UTF-8 byte order mark (ignoreBOM is false by default).
    text = UTF8.decode(bytes);
  } catch {
    return { ok: false, error: "encoding", ...guessEncoding(bytes) };
  }
  // ISO-2022-JP (Japanese e-mail) is 7-bit, so valid UTF-8: its escape sequences give it away.
  const escape = text.search(/\x1b\$[@B]/);
  if (escape !== -1) {
    const line = text.slice(0, escape).split("\n").length;
    return { ok: false, error: "encoding", encoding: displayName("ISO-2022-JP"), where: `line ${line} switches to Japanese with the escape sequence ESC $ B` };
  }
  return { ok: true, text };
}

/** UTF-16 without a BOM: mostly-ASCII text has a NUL in every other byte, odd ones for LE. */
function utf16WithoutBom(bytes: Uint8Array): string | undefined {
  const sample = bytes.subarray(0, 4096);
  let even = 0;
  let odd = 0;
  for (let i = 0; i < sample.length; i++) if (sample[i] === 0) i % 2 === 0 ? even++ : odd++;
  const half = sample.length / 2;
  if (odd > half * 0.4 && even < half * 0.05) return "UTF-16 LE";
  if (even > half * 0.4 && odd < half * 0.05) return "UTF-16 BE";
  return undefined;
}

function guessEncoding(bytes: Uint8Array): { encoding: string; where: string } {
  const offset = firstInvalidUtf8(bytes);
  const lineStart = bytes.lastIndexOf(0x0a, offset - 1) + 1;
  const line = countNewlines(bytes, lineStart) + 1;
  const lineEnd = bytes.indexOf(0x0a, offset);
  const lineBytes = bytes.subarray(lineStart, lineEnd === -1 ? bytes.length : lineEnd);
  const byte = `0x${bytes[offset]!.toString(16).toUpperCase().padStart(2, "0")}`;

  const matches = chardet.analyse(bytes).filter((m) => !m.name.startsWith("UTF-"));
  const best = matches[0];
  if (!best) return { encoding: "an encoding other than UTF-8", where: `line ${line} has the byte ${byte}` };
  // Single-byte encodings of Western languages score alike on short texts: name the runner-up too.
  const close = matches.filter((m) => m !== best && best.confidence - m.confidence <= 5).slice(0, 1);
  const encoding = [best, ...close].map((m) => displayName(m.name)).join(" or ");
  const shown = readAs(best.name, lineBytes);
  const where = shown ? `line ${line} has the byte ${byte}; in ${best.name.replace("windows", "Windows")} the line reads "${shown}"` : `line ${line} has the byte ${byte}`;
  return { encoding, where };
}

/**
 * Offset of the first byte that does not start or continue a well-formed UTF-8 sequence
 * (Unicode 15, Table 3-7, "Well-Formed UTF-8 Byte Sequences"), or -1 when there is none.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let length: number;
    let low = 0x80; // range of the second byte; later bytes are always 80..BF
    let high = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) length = 2;
    else if (b === 0xe0) (length = 3), (low = 0xa0);
    else if (b === 0xed) (length = 3), (high = 0x9f); // no UTF-16 surrogates
    else if (b >= 0xe1 && b <= 0xef) length = 3;
    else if (b === 0xf0) (length = 4), (low = 0x90);
    else if (b === 0xf4) (length = 4), (high = 0x8f); // nothing above U+10FFFF
    else if (b >= 0xf1 && b <= 0xf3) length = 4;
    else return i; // 80..C1 and F5..FF never start a sequence
    for (let k = 1; k < length; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? low : 0x80) || c > (k === 1 ? high : 0xbf)) return i;
    }
    i += length;
  }
  return -1;
}

function countNewlines(bytes: Uint8Array, end: number): number {
  let n = 0;
  for (let i = 0; i < end; i++) if (bytes[i] === 0x0a) n++;
  return n;
}

/** The line decoded in the guessed encoding, shortened, without control characters (article text is untrusted: no terminal escapes). */
function readAs(encoding: string, line: Uint8Array): string | undefined {
  try {
    const decoded = WESTERN.has(encoding) ? windows1252(line) : new TextDecoder(encoding).decode(line);
    const text = decoded.replace(/[\p{Cc}\p{Cf}]/gu, "").trim();
    return text.length > 80 ? `${text.slice(0, 79)}…` : text;
  } catch {
    return undefined; // an encoding this Node's ICU does not decode
  }
}

// Node 20's TextDecoder reads windows-1252 as Latin-1, so bytes 80..9F (€, ‘ ’ “ ”, –, —) come
// out as control characters (nodejs/node#60888). The WHATWG Encoding Standard's index-windows-1252
// gives those 32; every other byte is its own code point. WHATWG also reads ISO-8859-1 this way.
const WESTERN = new Set(["windows-1252", "ISO-8859-1"]);
const CP1252_80_9F = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];
function windows1252(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += String.fromCharCode(b >= 0x80 && b < 0xa0 ? CP1252_80_9F[b - 0x80]! : b);
  return out;
}

// chardet's names, as the encoding pickers of editors (VS Code, Notepad++, TextEdit) list them.
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
const displayName = (name: string) => NAMES[name] ?? name;
