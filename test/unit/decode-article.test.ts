import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { decodeArticle, firstInvalidUtf8 } from "../../src/content/decode-article.ts";
import { ArticleErrors } from "../../src/content/errors.ts";

// Article bytes → text: UTF-8 only; every other encoding named (issue 8, case 03 and its kind).

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures");
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name));
const ARTICLE = '---\ntitle: "Café owners say “no” to the new 10 € licence fee"\ndescription: "Naïve — and costly."\n---\nBody.\n';

function refused(bytes: Uint8Array): { encoding: string; where: string } {
  const result = decodeArticle(bytes);
  if (result.ok || result.error !== "encoding") throw new Error(`expected an encoding error, got ${JSON.stringify(result).slice(0, 200)}`);
  return { encoding: result.encoding, where: result.where };
}

test("UTF-8 is read as it is, and a UTF-8 byte order mark is dropped", () => {
  const plain = decodeArticle(Buffer.from(ARTICLE, "utf8"));
  assert.equal(plain, { ok: true, text: ARTICLE });
  const withBom = decodeArticle(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(ARTICLE, "utf8")]));
  assert.equal(withBom, { ok: true, text: ARTICLE });
});

test("case 03: a Windows-1252 article is refused, naming the encoding, the line and the text as it reads there", () => {
  const bytes = fixture("cases/03-windows-1252-encoded-article/articles/business/cafe-owners-reject-licence-fee.md");
  const { encoding, where } = refused(bytes);
  assert.match(encoding, /^Windows-1252 \(Western European\)/);
  assert.match(where, /^line 2 has the byte 0xE9; in Windows-1252 the line reads "title: "Café owners say ‘no’ to the new 10 € licence fee""$/);
});

test("ISO-8859-1 (Latin-1) text is refused as a single-byte Western encoding", () => {
  // No byte in 80..9F: Latin-1 proper, which detectors cannot tell from Latin-2 on short texts.
  const bytes = Buffer.from("---\ntitle: \"Les cafés de Zürich à l'heure d'été\"\ndescription: \"Ça coûte cher, señor.\"\n---\nCorps de l'article, très court.\n", "latin1");
  const { encoding, where } = refused(bytes);
  assert.match(encoding, /ISO-8859-1 \(Latin-1, Western European\)/);
  assert.match(where, /^line 2 has the byte 0xE9/);
});

test("Shift_JIS and GB18030 articles are named as Japanese and Chinese", () => {
  const japanese = refused(fixture("encodings/shift-jis.md"));
  assert.is(japanese.encoding, "Shift_JIS (Japanese)");
  assert.match(japanese.where, /^line 2 has the byte 0x93; in Shift_JIS the line reads "title: "東京都、新しいバス路線を承認""$/);
  const chinese = refused(fixture("encodings/gb18030.md"));
  assert.is(chinese.encoding, "GB18030 (Simplified Chinese)");
  assert.match(chinese.where, /the line reads "title: "北京市议会批准十二条新公交线路""$/);
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
  const { where } = refused(Buffer.from("---\ntitle: \x1b]0;pwned\x07caf\xe9\n---\n", "latin1"));
  assert.not.ok(/[\x00-\x1f\x7f]/.test(where), where);
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

test("the catalogue's message names the encoding and the hint says how to save as UTF-8 in common editors", () => {
  const d = { field: "(file)", value: "Windows-1252 (Western European)", reason: "line 2 has the byte 0xE9" };
  assert.match(ArticleErrors.FileEncoding.message(d), /looks like Windows-1252 \(Western European\)\. Line 2 has the byte 0xE9\./);
  const hint = ArticleErrors.FileEncoding.hint(d);
  for (const editor of [/VS Code: .*"Reopen with Encoding" → Windows-1252.*"Save with Encoding" → UTF-8/, /Notepad: File → Save As → Encoding: UTF-8/, /TextEdit: /, /Word: .*Unicode \(UTF-8\)/, /iconv -f Windows-1252 -t UTF-8/]) {
    assert.match(hint, editor);
  }
  assert.match(ArticleErrors.FileEncoding.hint({ field: "(file)", value: "UTF-16 LE" }), /iconv -f UTF-16LE -t UTF-8/);
});

test.run();
