import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { decodeArticle, firstInvalidUtf8 } from "../../src/content/decode-article.ts";
import { ArticleErrors } from "../../src/content/errors.ts";
import type { Reading } from "../../src/content/encoding-readings.ts";

// Article bytes → text: UTF-8 only; every other encoding named (issue 8, case 03 and its kind).

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures");
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name));
const ARTICLE = '---\ntitle: "Café owners say “no” to the new 10 € licence fee"\ndescription: "Naïve — and costly."\n---\nBody.\n';

function refused(bytes: Uint8Array): { encoding: string; where: string } {
  const result = decodeArticle(bytes);
  if (result.ok || result.error !== "encoding") throw new Error(`expected an encoding error, got ${JSON.stringify(result).slice(0, 200)}`);
  return { encoding: result.encoding, where: result.where };
}

/** The readings offered for a file whose encoding is a guess: "names :: line" each, best first. */
function guessed(bytes: Uint8Array): { line: number; byte: string; readings: Reading[] } {
  const result = decodeArticle(bytes);
  if (result.ok || result.error !== "guessed-encoding") throw new Error(`expected a guessed encoding, got ${JSON.stringify(result).slice(0, 200)}`);
  assert.ok(result.readings.length >= 2 && result.readings.length <= 3, `two or three readings: ${JSON.stringify(result.readings)}`);
  return result;
}

/** The reading that names `encoding`, and its rank (0 = first). */
function readingOf(readings: Reading[], encoding: RegExp): { rank: number; text: string } {
  const rank = readings.findIndex((r) => r.encodings.some((e) => encoding.test(e)));
  assert.ok(rank !== -1, `${encoding} among ${JSON.stringify(readings)}`);
  return { rank, text: readings[rank]!.text };
}

test("UTF-8 is read as it is, and a UTF-8 byte order mark is dropped", () => {
  const plain = decodeArticle(Buffer.from(ARTICLE, "utf8"));
  assert.equal(plain, { ok: true, text: ARTICLE });
  const withBom = decodeArticle(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(ARTICLE, "utf8")]));
  assert.equal(withBom, { ok: true, text: ARTICLE });
});

test("case 03: a Windows-1252 article is refused, naming the line, and Windows-1252 reads the line right", () => {
  const bytes = fixture("cases/03-windows-1252-encoded-article/articles/business/cafe-owners-reject-licence-fee.md");
  const { line, byte, readings } = guessed(bytes);
  assert.is(line, 2);
  assert.is(byte, "0xE9");
  const western = readingOf(readings, /^Windows-1252 \(Western European\)$/);
  assert.is(western.rank, 0);
  assert.is(western.text, 'title: "Café owners say ‘no’ to the new 10 € licence fee"');
});

test("ISO-8859-1 (Latin-1) text is offered as Windows-1252 or ISO-8859-1, which read it alike", () => {
  // No byte in 80..9F: Latin-1 proper, which Windows-1252 extends.
  const bytes = Buffer.from("---\ntitle: \"Les cafés de Zürich à l'heure d'été\"\ndescription: \"Ça coûte cher, señor.\"\n---\nCorps de l'article, très court.\n", "latin1");
  const { line, byte, readings } = guessed(bytes);
  assert.equal([line, byte], [2, "0xE9"]);
  assert.equal(readings[0]!.encodings, ["Windows-1252 (Western European)", "ISO-8859-1 (Latin-1, Western European)"]);
  assert.is(readings[0]!.text, `title: "Les cafés de Zürich à l'heure d'été"`);
});

test("a Mac Roman article, which detectors call Windows-1252, reads right first as Mac Roman, and never as Windows-1252 mojibake", () => {
  // printf -- '---\ntitle: "Café crème à 5 €"\n' | iconv -t MACINTOSH (chardet: windows-1252, 45%)
  const { readings } = guessed(fixture("encodings/mac-roman.md"));
  const mac = readingOf(readings, /^Mac Roman/);
  assert.is(mac.rank, 0);
  assert.equal(readings[0]!.iconv, ["MACINTOSH"], "the name iconv -f takes");
  assert.is(mac.text, 'title: "Café crème à 5 €"');
  assert.not.ok(readings.some((r) => r.text.includes("CafŽ")), JSON.stringify(readings));
});

test("a short Shift_JIS headline, which detectors call Windows-1252, reads right first as Shift_JIS", () => {
  // printf -- '---\ntitle: "東京で会議"\n' | iconv -t SHIFT_JIS (chardet: windows-1252 64%, Shift_JIS 10%)
  const { readings } = guessed(fixture("encodings/shift-jis-short.md"));
  assert.equal(readingOf(readings, /^Shift_JIS \(Japanese\)$/), { rank: 0, text: 'title: "東京で会議"' });
});

test("Polish ISO-8859-2, which detectors call ISO-8859-1, reads right first as ISO-8859-2", () => {
  const { line, readings } = guessed(fixture("encodings/iso-8859-2-polish.md"));
  assert.is(line, 2);
  assert.equal(readingOf(readings, /^ISO-8859-2 /), { rank: 0, text: 'title: "Zażółć gęślą jaźń w Łodzi"' });
});

test("other scripts: the right encoding is among the readings, with the line as it was written", () => {
  const cases: [file: string, encoding: RegExp, text: string][] = [
    ["encodings/shift-jis.md", /^Shift_JIS/, 'title: "東京都、新しいバス路線を承認"'],
    ["encodings/gb18030.md", /^GB18030/, 'title: "北京市议会批准十二条新公交线路"'],
    ["encodings/euc-kr.md", /^EUC-KR/, 'title: "서울시 새 버스 노선 승인"'],
    ["encodings/koi8-r.md", /^KOI8-R/, 'title: "Москва: новые автобусные маршруты"'],
    ["encodings/windows-1253-greek.md", /^Windows-1253/, 'title: "Αθήνα: νέες γραμμές λεωφορείων"'],
    ["encodings/windows-1254-turkish.md", /^Windows-1254/, 'title: "İstanbul’da yağmur: şehirde su baskını"'],
    ["encodings/windows-1255-hebrew.md", /^Windows-1255/, 'title: "שלום עולם"'],
  ];
  for (const [file, encoding, text] of cases) assert.is(readingOf(guessed(fixture(file)).readings, encoding).text, text, file);
});

test("a reading's names: Mac Roman's € (0xDB since Mac OS 8.5), not the old table's ¤", () => {
  const { readings } = guessed(Buffer.from([0x2d, 0x0a, 0x35, 0x20, 0xdb, 0x20, 0x63, 0x61, 0x66, 0x8e]));
  assert.is(readingOf(readings, /^Mac Roman/).text, "5 € café");
});

test("UTF-16 and UTF-32 are refused by their byte order mark, and UTF-16 without one by its NULs", () => {
  const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(ARTICLE, "utf16le")]);
  assert.equal(refused(le), { encoding: "UTF-16 LE", where: "the file starts with the UTF-16 LE byte order mark" });
  const be = Buffer.from(le.subarray(2)).swap16();
  assert.is(refused(Buffer.concat([Buffer.from([0xfe, 0xff]), be])).encoding, "UTF-16 BE");
  assert.is(refused(Buffer.from([0xff, 0xfe, 0, 0, 0x2d, 0, 0, 0])).encoding, "UTF-32 LE");
  assert.is(refused(Buffer.from(ARTICLE, "utf16le")).encoding, "UTF-16 LE");
  assert.is(refused(be).encoding, "UTF-16 BE");
});

test("ISO-2022-JP (7-bit, so valid UTF-8) is recognised by its escape sequences", () => {
  const bytes = Buffer.from("---\ntitle: \x1b$B4A;z\x1b(B\n---\n", "latin1");
  const { encoding, where } = refused(bytes);
  assert.is(encoding, "ISO-2022-JP (Japanese)");
  assert.match(where, /^line 2/);
});

test("documents and binary files saved as .md are named, not decoded", () => {
  const cases: [number[], RegExp][] = [
    [[0x50, 0x4b, 0x03, 0x04, 0x14, 0x00], /Word \(\.docx\)/],
    [[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0x00], /old Word \(\.doc\)/],
    [[0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37], /PDF/],
    [[0x2d, 0x2d, 0x2d, 0x0a, 0x00, 0x01, 0x02, 0x03, 0x9f, 0x88], /NUL bytes/],
  ];
  for (const [bytes, pattern] of cases) {
    const result = decodeArticle(Uint8Array.from(bytes));
    assert.ok(!result.ok && result.error === "binary" && pattern.test(result.format), `${bytes.slice(0, 4)} → ${JSON.stringify(result)}`);
  }
});

test("control characters in an article are not echoed to the terminal", () => {
  const { readings } = guessed(Buffer.from("---\ntitle: \x1b]0;pwned\x07caf\xe9 \x9b31m\n---\n", "latin1"));
  for (const r of readings) assert.not.ok(/[\x00-\x1f\x7f-\x9f]/.test(r.text), r.text);
});

test("the first byte that is not UTF-8 is found by Unicode's table of well-formed sequences", () => {
  const at = (...bytes: number[]) => firstInvalidUtf8(Uint8Array.from(bytes));
  assert.is(at(0x41, 0xc3, 0xa9), -1, "é");
  assert.is(at(0xf0, 0x9f, 0x98, 0x80), -1, "emoji");
  assert.is(at(0x41, 0xe9, 0x42), 1, "Latin-1 é");
  assert.is(at(0xc0, 0x80), 0, "overlong NUL");
  assert.is(at(0xed, 0xa0, 0x80), 0, "a UTF-16 surrogate");
  assert.is(at(0xf4, 0x90, 0x80, 0x80), 0, "above U+10FFFF");
  assert.is(at(0x41, 0xe2, 0x82), 1, "cut short at the end");
  // It agrees with the WHATWG decoder on what is valid.
  for (const bytes of [[0xe0, 0x9f, 0x80], [0xe0, 0xa0, 0x80], [0xf0, 0x8f, 0x80, 0x80], [0xc2, 0x7f], [0xef, 0xbf, 0xbf]]) {
    const valid = (() => {
      try {
        new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(bytes));
        return true;
      } catch {
        return false;
      }
    })();
    assert.is(firstInvalidUtf8(Uint8Array.from(bytes)) === -1, valid, bytes.map((b) => b.toString(16)).join(" "));
  }
});

test("the catalogue: a guessed encoding shows the readings and never a command with a guessed encoding; a certain one names it", () => {
  const d = {
    field: "(file)",
    reason: "line 2 has the byte 0x8E, which UTF-8 does not allow",
    readings: [
      { encodings: ["Mac Roman (Western European)"], iconv: ["MACINTOSH"], text: 'title: "Café crème à 5 €"' },
      { encodings: ["Windows-1251 (Cyrillic)"], iconv: ["WINDOWS-1251"], text: 'title: "CafЋ crЏme € 5 Ы"' },
    ],
  };
  const message = ArticleErrors.FileEncoding.message(d);
  assert.match(message, /^the file is not UTF-8 text\. Line 2 has the byte 0x8E, which UTF-8 does not allow\. It reads like one of these encodings; pick the one where the line reads right:/);
  assert.match(message, /\n +Mac Roman \(Western European\): +title: "Café crème à 5 €"\n +Windows-1251 \(Cyrillic\): +title: "CafЋ crЏme € 5 Ы"$/);
  assert.not.match(message, /\uFFFD|would show/);
  const hint = ArticleErrors.FileEncoding.hint(d);
  assert.match(hint, /VS Code: .*"Reopen with Encoding" → that encoding.*"Save with Encoding" → UTF-8/);
  assert.match(hint, /iconv -f <the encoding that reads right> -t UTF-8/);
  assert.not.match(hint, /iconv -f [A-Za-z0-9]/, "no iconv command with a named, guessed encoding");
  assert.match(hint, /\(iconv's names for the encodings above: Mac Roman → MACINTOSH, Windows-1251 → WINDOWS-1251\)\.$/);
  assert.match(ArticleErrors.FileEncoding.message({ ...d, readings: d.readings.slice(0, 1) }), /It may be this encoding; check the line reads right in it:\n +Mac Roman/);

  const utf16 = { field: "(file)", value: "UTF-16 LE", reason: "the file starts with the UTF-16 LE byte order mark" };
  assert.match(ArticleErrors.FileEncoding.message(utf16), /it is UTF-16 LE\. The file starts with the UTF-16 LE byte order mark\.$/);
  const certain = ArticleErrors.FileEncoding.hint(utf16);
  for (const editor of [/Notepad: File → Save As → Encoding: UTF-8/, /TextEdit: /, /Word: .*Unicode \(UTF-8\)/, /iconv -f UTF-16LE -t UTF-8/]) assert.match(certain, editor);
});

test.run();
