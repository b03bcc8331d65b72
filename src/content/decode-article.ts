import { displayName, rankReadings, type Reading } from "./encoding-readings.ts";

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
 *      first byte that is not UTF-8 is located, and that line is shown as it reads in the two or
 *      three encodings the file most likely is (encoding-readings.ts). No single guess is stated
 *      as fact: on short texts detectors are often wrong, and converting with a wrong encoding
 *      writes mojibake that publishes silently. The writer picks the reading that reads right.
 *
 * Steps 1, 3 (UTF-16) and the ISO-2022-JP check know the encoding for certain: `encoding` names it.
 */

export type DecodedArticle =
  | { ok: true; text: string }
  /** The encoding is known for certain (a byte order mark, NULs, escape sequences). */
  | { ok: false; error: "encoding"; encoding: string; where: string }
  /** Not UTF-8, encoding uncertain: `line` (1-based) has the first byte that is not UTF-8. */
  | ({ ok: false; error: "guessed-encoding" } & GuessedEncoding)
  | { ok: false; error: "binary"; format: string };

export interface GuessedEncoding {
  line: number;
  /** That byte, e.g. "0xE9". */
  byte: string;
  /** The line as it reads in the likeliest encodings, best first (at most three). */
  readings: Reading[];
}

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
    return { ok: false, error: "guessed-encoding", ...guessEncoding(bytes) };
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

function guessEncoding(bytes: Uint8Array): GuessedEncoding {
  const offset = firstInvalidUtf8(bytes);
  const lineStart = bytes.lastIndexOf(0x0a, offset - 1) + 1;
  const line = countNewlines(bytes, lineStart) + 1;
  const lineEnd = bytes.indexOf(0x0a, offset);
  const lineBytes = bytes.subarray(lineStart, lineEnd === -1 ? bytes.length : lineEnd);
  const byte = `0x${bytes[offset]!.toString(16).toUpperCase().padStart(2, "0")}`;
  return { line, byte, readings: rankReadings(bytes, lineBytes) };
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
