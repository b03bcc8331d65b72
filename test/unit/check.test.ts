import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { fieldPosition, problemPosition } from "../../src/content/problem-position.ts";
import { problem } from "../../src/content/errors.ts";
import { escapeData, escapeProperty, formatFindings } from "../../src/check/report-formats.ts";
import { addressOf, findAddressHolders } from "../../src/check/archive-addresses.ts";
import { articleText } from "../../src/content/scaffold.ts";
import { readFrontMatter } from "../../src/content/front-matter.ts";
import { validateFrontMatter } from "../../src/content/schema.ts";
import { DateTime } from "luxon";

const SOURCE = [
  "\uFEFF---",
  'title: "Talks: day two"',
  "tags:",
  "  - Ports",
  "  - ~",
  "image: {src: a.jpg, alt: x}",
  "'quoted key': 1",
  "---",
  "Body",
].join("\r\n");

test("a field's position is where YAML read its key, in the file's lines", () => {
  assert.equal(fieldPosition(SOURCE, "title"), { line: 2, column: 1 });
  assert.equal(fieldPosition(SOURCE, "tags"), { line: 3, column: 1 });
  assert.equal(fieldPosition(SOURCE, "tags.1"), { line: 5, column: 5 });
  assert.equal(fieldPosition(SOURCE, "image.alt"), { line: 6, column: 21 });
  assert.equal(fieldPosition(SOURCE, "quoted key"), { line: 7, column: 1 });
  // A field the writer left out points at the nearest part that exists, or nowhere.
  assert.equal(fieldPosition(SOURCE, "image.caption"), { line: 6, column: 1 });
  assert.is(fieldPosition(SOURCE, "description"), undefined);
  assert.is(fieldPosition("no front matter", "title"), undefined);
});

test("a problem's position: its own line, the field's, the line its message names, else 1", () => {
  const missing = problem("FieldMissing", "x.md", { field: "description" });
  assert.equal(problemPosition(missing, SOURCE), { line: 1, column: 1 });
  const body = { ...problem("ImageMissing", "x.md", { field: "body", value: "a.jpg" }), line: 14, column: 1 };
  assert.equal(problemPosition(body, SOURCE), { line: 14, column: 1 });
  const syntax = problem("FrontMatterSyntax", "x.md", { field: "(front matter)", reason: "Map keys must be unique (line 6 of the file)" });
  assert.equal(problemPosition(syntax, undefined), { line: 6, column: 1 });
});

test("GitHub workflow commands escape %, CR and LF, and : and , in properties", () => {
  assert.is(escapeData("50% done\r\nnext"), "50%25 done%0D%0Anext");
  assert.is(escapeProperty("a:b,c%"), "a%3Ab%2Cc%25");
  const out = formatFindings(
    { checked: 1, archive: 1, findings: [{ file: "articles/a,b.md", line: 3, column: 1, severity: "warning", name: "noTags", title: "No tags", field: "tags", message: "none: 100%", hint: "Add some." }] },
    "github",
  );
  assert.is(out, "::warning file=articles/a%2Cb.md,line=3,col=1,title=No tags (tags)::none: 100%25%0AFix: Add some.");
});

test("an article's address without loading it: slug field, file name, empty slug, bad section", async () => {
  const sections = { world: {}, india: {} };
  const bytes = (s: string) => Buffer.from(s);
  assert.is(addressOf("/a/world/visit.md", bytes("---\nsection: world\n---\n"), sections), "/world/visit/");
  assert.is(addressOf("/a/world/visit/index.md", bytes("---\nsection: india\n---\n"), sections), "/india/visit/");
  assert.is(addressOf("/a/x.md", bytes("---\nsection: world\nslug: \"\\x61bc\"\n---\n"), sections), "/world/abc/");
  assert.is(addressOf("/a/x.md", bytes("---\nsection: world\nslug:\n---\n"), sections), "/world/x/");
  assert.is(addressOf("/a/x.md", bytes("---\nsection: sports\n---\n"), sections), undefined);
  assert.is(addressOf("/a/x.md", bytes("---\nsection: world\nslug: Not A Slug\n---\n"), sections), undefined);

  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "newsroom-addresses-"));
  const files: Record<string, string> = {
    "visit.md": "---\nsection: world\n---\n",
    "escaped.md": "---\nsection: world\nslug: \"vis\\x69t\"\n---\n",
    "bom.md": "\uFEFF---\nsection: world\nslug: visit\n---\n",
    "elsewhere.md": "---\nsection: india\nslug: visit\n---\n",
    "unrelated.md": "---\nsection: world\n---\nThe visit went well.\n",
    // Windows line endings; a front matter longer than the first bytes read of each file.
    "crlf.md": "---\r\nsection: world\r\nslug: visit\r\n---\r\nText.\r\n",
    "long.md": `---\ndescription: "${"x".repeat(9000)}"\nsection: world\nslug: visit\n---\n`,
    "long-other.md": `---\ndescription: "${"x".repeat(9000)}"\nsection: world\n---\nA visit.\n`,
  };
  for (const [name, text] of Object.entries(files)) await fs.writeFile(path.join(dir, name), text);
  const holders = await findAddressHolders(Object.keys(files).map((n) => path.join(dir, n)), new Set(["/world/visit/"]), sections);
  assert.equal(holders.map((h) => path.basename(h.absFile)), ["bom.md", "crlf.md", "escaped.md", "long.md", "visit.md"]);
});

test("a new article's text is valid front matter whatever the headline", () => {
  const date = DateTime.fromISO("2023-08-30T15:30:00", { zone: "Asia/Kolkata" });
  for (const title of ["Talks: day two", "Fans celebrate #WorldCup win", "1984", "[Update] Rains", "- list?", "null", "Café “quotes” 'single'"]) {
    const text = articleText({ title, section: "world", date, tags: ["a, b", "C#"], authors: ["Asha Menon"], image: { src: "Crowd (2).jpg" } });
    const fm = readFrontMatter(text);
    assert.ok(fm.ok, title);
    const checked = validateFrontMatter(fm.ok ? fm.data : undefined, "x.md", { timezone: "Asia/Kolkata", sections: { world: {} } }, new Date("2023-09-01"));
    assert.ok(checked.ok, `${title}: ${checked.ok ? "" : JSON.stringify(checked.problems)}`);
    if (checked.ok) {
      assert.is(checked.value.title, title);
      assert.equal(checked.value.tags, ["a, b", "C#"]);
      assert.is(checked.value.draft, true);
      assert.is(checked.value.date.toISO(), "2023-08-30T15:30:00.000+05:30");
    }
  }
});

test.run();
