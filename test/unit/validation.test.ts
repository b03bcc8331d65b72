import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFrontMatter } from "../../src/content/front-matter.ts";
import { validateFrontMatter } from "../../src/content/schema.ts";
import { ArticleErrors, formatProblems, type ArticleErrorName } from "../../src/content/errors.ts";

const SITE = { timezone: "Asia/Kolkata", sections: { world: {}, india: {} } };
const VALID = {
  title: "Headline",
  description: "Standfirst.",
  date: "2023-08-30T15:30:00+05:30",
  section: "world",
};

function problems(data: unknown): { field: string; name: ArticleErrorName; message: string; hint: string }[] {
  const result = validateFrontMatter(data, "articles/world/a.md", SITE);
  if (result.ok) return [];
  return result.problems.map(({ field, name, message, hint }) => ({ field, name, message, hint }));
}
const names = (data: unknown) => problems(data).map((p) => `${p.field}:${p.name}`).sort();

test("valid front matter passes and its dates are read in the site timezone", () => {
  const result = validateFrontMatter({ ...VALID, date: "2023-08-30", tags: "Climate" }, "a.md", SITE);
  assert.ok(result.ok);
  if (result.ok) {
    assert.is(result.value.date.toISO(), "2023-08-30T00:00:00.000+05:30");
    assert.equal(result.value.tags, ["Climate"], "a single tag is taken as a list");
  }
});

test("missing or empty required fields are each reported", () => {
  assert.equal(names({}), ["date:FieldMissing", "description:FieldMissing", "section:FieldMissing", "title:FieldMissing"]);
  assert.equal(names({ ...VALID, title: "  " }), ["title:FieldMissing"]);
});

test("a missing title and an unknown section are reported together", () => {
  const found = problems({ ...VALID, title: undefined, section: "sport" });
  assert.equal(found.map((p) => p.field).sort(), ["section", "title"]);
  const section = found.find((p) => p.field === "section")!;
  assert.is(section.name, "SectionUnknown");
  assert.match(section.message, /"sport" is not a section/);
  assert.match(section.hint, /world, india/);
});

test("an image needs alt text", () => {
  assert.equal(names({ ...VALID, image: { src: "a.jpg" } }), ["image.alt:FieldMissing"]);
  assert.equal(names({ ...VALID, image: { src: "a.jpg", alt: "" } }), ["image.alt:FieldMissing"]);
});

test("wrong kinds of values are named with what was expected", () => {
  assert.equal(names({ ...VALID, draft: "yes" }), ["draft:FieldType"]);
  assert.equal(names({ ...VALID, tags: { a: 1 } }), ["tags:FieldType"]);
  assert.equal(names({ ...VALID, title: 42 }), ["title:FieldType"]);
  assert.equal(names({ ...VALID, image: "photo.jpg" }), ["image:FieldType"]);
  assert.equal(names(["a list"]), ["(front matter):FieldType"]);
});

test("unknown fields are errors, with a suggestion for typos", () => {
  const found = problems({ ...VALID, tittle: "x", permalink: "/evil/", image: { src: "a.jpg", alt: "a", credits: "AP" } });
  assert.equal(found.map((p) => `${p.field}:${p.name}`).sort(), ["image.credits:FieldUnknown", "permalink:FieldUnknown", "tittle:FieldUnknown"]);
  assert.match(found.find((p) => p.field === "tittle")!.hint, /Did you mean "title"/);
  assert.match(found.find((p) => p.field === "image.credits")!.hint, /Did you mean "credit"/);
});

test("invalid dates and an update before publication are refused", () => {
  assert.equal(names({ ...VALID, date: "30 August 2023" }), ["date:DateInvalid"]);
  assert.equal(names({ ...VALID, date: "2023-02-30" }), ["date:DateInvalid"]);
  assert.equal(names({ ...VALID, updated: "soon" }), ["updated:DateInvalid"]);
  assert.equal(names({ ...VALID, updated: "2023-08-29" }), ["updated:UpdatedBeforeDate"]);
});

test("slugs must be URL-safe", () => {
  assert.equal(names({ ...VALID, slug: "../../etc" }), ["slug:SlugInvalid"]);
  assert.equal(names({ ...VALID, slug: "Big News" }), ["slug:SlugInvalid"]);
  assert.equal(names({ ...VALID, slug: "big-news" }), []);
});

test("every catalogue entry has a title, a message and a hint", () => {
  for (const [name, entry] of Object.entries(ArticleErrors)) {
    const d = { field: "title", value: "v", reason: "r", expected: "text", other: "o.md", allowed: ["a"] };
    assert.ok(entry.title.length > 0, name);
    assert.ok(entry.message(d).length > 0, name);
    assert.ok(entry.hint(d).length > 10, name);
  }
});

test("the report groups problems by file and shows each fix", () => {
  const report = formatProblems([
    { name: "FieldMissing", file: "articles/a.md", field: "title", message: "is missing", hint: "Add it" },
    { name: "SectionUnknown", file: "articles/a.md", field: "section", message: "bad", hint: "Use world" },
    { name: "FieldMissing", file: "articles/b.md", field: "date", message: "is missing", hint: "Add it" },
  ]);
  assert.match(report, /3 problems in 2 articles\. Nothing was written\./);
  assert.match(report, /articles\/a\.md\n {4}title: is missing\n {6}fix: Add it\n {4}section: bad/);
});

test("front matter: YAML only, dates kept as text, errors with a line number", () => {
  const ok = readFrontMatter("---\ntitle: A\ndate: 2023-08-30\n---\nBody\n");
  assert.ok(ok.ok);
  if (ok.ok) {
    assert.equal(ok.data, { title: "A", date: "2023-08-30" });
    assert.is(ok.body, "Body\n");
  }
  assert.equal(readFrontMatter("No front matter"), { ok: false, error: "missing" });
  assert.equal(readFrontMatter("---js\n{ title: 'x' }\n---\n"), { ok: false, error: "language", language: "js" });
  assert.equal(readFrontMatter("---javascript\n{}\n---\n"), { ok: false, error: "language", language: "javascript" });
  const bad = readFrontMatter("---\ntitle: A\ntitle: B\n  x: : y\n---\n");
  assert.is(bad.ok, false);
  if (!bad.ok && bad.error === "syntax") assert.match(bad.reason, /line \d+ of the file/);
  const crlf = readFrontMatter("---\r\ntitle: A\r\n---\r\nBody");
  assert.ok(crlf.ok);
});

// Text the writer typed stays text (issue 8, case 19): YAML would read these as numbers or booleans.
const CASES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/cases");

function read(yaml: string): ReturnType<typeof validateFrontMatter> {
  const fm = readFrontMatter(`---\n${yaml}\n---\nBody\n`);
  if (!fm.ok) throw new Error(JSON.stringify(fm));
  return validateFrontMatter(fm.data, "articles/world/a.md", SITE);
}
const BASE = 'description: "Standfirst."\ndate: 2023-08-30\nsection: world';

test("case 19: `title: 1984` and `tags: [2024, Elections, NO]` are the text the writer typed", () => {
  const file = path.join(CASES, "19-yaml-numbers-as-title-and-tags/articles/world/orwell-novel-returns-to-bestseller-lists.md");
  const fm = readFrontMatter(fs.readFileSync(file, "utf8"));
  assert.ok(fm.ok);
  const result = validateFrontMatter(fm.ok ? fm.data : {}, "a.md", SITE);
  assert.ok(result.ok, JSON.stringify(result));
  if (result.ok) {
    assert.is(result.value.title, "1984");
    assert.equal(result.value.tags, ["2024", "Elections", "NO"]);
  }
});

test("numbers, booleans and other YAML scalars in text fields keep the characters typed", () => {
  const typed = ["1.50", "0x1F", "1e3", "007", "0o17", "-0", ".inf", ".NaN", "true", "False", "12:30"];
  for (const value of typed) {
    const result = read(`title: ${value}\n${BASE}\ntags: [${value}, 2024]\nauthors: ${value}\nslug: x${value.toLowerCase().replace(/[^a-z0-9]/g, "")}\nimage: { src: ${value}.jpg, alt: ${value}, caption: ${value}, credit: ${value} }`);
    assert.ok(result.ok, `${value}: ${JSON.stringify(result)}`);
    if (!result.ok) continue;
    assert.is(result.value.title, value);
    assert.equal(result.value.tags, [value, "2024"]);
    assert.equal(result.value.authors, [value]);
    assert.equal(result.value.image, { src: `${value}.jpg`, alt: value, caption: value, credit: value });
  }
  // A slug and a description may be numbers too, and an alias keeps the typed text.
  const numeric = read("title: &year 2024\ndescription: *year\ndate: 2023-08-30\nsection: world\nslug: 2024");
  assert.ok(numeric.ok);
  if (numeric.ok) assert.equal([numeric.value.title, numeric.value.description, numeric.value.slug], ["2024", "2024", "2024"]);
});

test("draft is strict: true or false, and `draft: yes` says what it should be", () => {
  for (const [typed, value] of [["true", true], ["false", false], ["True", true], ["FALSE", false]] as const) {
    const result = read(`title: A\n${BASE}\ndraft: ${typed}`);
    assert.ok(result.ok && result.value.draft === value, `draft: ${typed}`);
  }
  for (const typed of ["yes", "no", "on", "1", "Y"]) {
    const found = problems(readData(`title: A\n${BASE}\ndraft: ${typed}`));
    assert.equal(found.map((p) => `${p.field}:${p.name}`), ["draft:FieldType"], typed);
    assert.is(found[0]!.message, `should be true or false (not "${typed}").`);
    assert.match(found[0]!.hint, /draft: true/);
  }
});

test("`~`, `null` or nothing in a required field is missing, and the message says why", () => {
  for (const typed of ["~", "null", "Null", ""]) {
    const found = problems(readData(`title: ${typed}\n${BASE}`));
    assert.equal(found.map((p) => `${p.field}:${p.name}`), ["title:FieldMissing"], typed);
    assert.match(found[0]!.message, /has no value \(left empty, or written as ~ or null, which YAML reads as "no value"; if the text really is "null", put it in quotes\)/);
  }
  const quoted = read(`title: "null"\n${BASE}`);
  assert.ok(quoted.ok && quoted.value.title === "null", "a quoted null is text");
  // An optional field left empty, as in a template, is taken as not given.
  const empty = read(`title: A\n${BASE}\nupdated:\ntags: ~\nimage: { src: a.jpg, alt: A photo, caption: null }`);
  assert.ok(empty.ok, JSON.stringify(empty));
  if (empty.ok) assert.equal([empty.value.updated, empty.value.tags, empty.value.image?.caption], [undefined, undefined, undefined]);
});

test("an empty item in tags or authors is named by its number, with the list to write instead", () => {
  const cases: [yaml: string, field: string, messages: RegExp[], hint: string][] = [
    ["tags: [Markets, null]", "tags", [/^item 2 of tags is empty \(left empty, or written as ~ or null\): remove it \(or write the name\)\.$/], "Remove the empty items: tags: [Markets]"],
    ["tags: [Markets, ~]", "tags", [/^item 2 of tags is empty \(left empty, or written as ~ or null\)/], "Remove the empty items: tags: [Markets]"],
    ['tags: [Markets, ""]', "tags", [/^item 2 of tags is empty \(written as ""\)/], "Remove the empty items: tags: [Markets]"],
    ["tags: [Markets, '  ', Oil]", "tags", [/^item 2 of tags is empty \(only spaces\)/], "Remove the empty items: tags: [Markets, Oil]"],
    ["tags:\n  - Markets\n  -\n  - Oil", "tags", [/^item 2 of tags is empty/], "Remove the empty items: tags: [Markets, Oil]"],
    ['authors: [~, "Asha Menon", ""]', "authors", [/^item 1 of authors is empty .*write the author's name/, /^item 3 of authors is empty \(written as ""\)/], "Remove the empty items: authors: [Asha Menon]"],
    ['authors: ["Menon, Asha", null]', "authors", [/^item 2 of authors is empty/], 'Remove the empty items: authors: ["Menon, Asha"]'],
    ["tags: [~]", "tags", [/^item 1 of tags is empty/], "Write the names, e.g. tags: [Climate, Monsoon]"],
  ];
  for (const [yaml, field, messages, hint] of cases) {
    const found = problems(readData(`title: A\n${BASE}\n${yaml}`));
    assert.equal(found.map((p) => `${p.field}:${p.name}`), messages.map(() => `${field}:ListItemEmpty`), yaml);
    messages.forEach((message, i) => assert.match(found[i]!.message, message, yaml));
    assert.is(found[0]!.hint, hint, yaml);
  }
  // An item that is a list is named too, with how to keep it as text.
  const nested = problems(readData(`title: A\n${BASE}\ntags: [Markets, [Oil]]`));
  assert.equal(nested.map((p) => `${p.field}:${p.name}`), ["tags:FieldType"]);
  assert.match(nested[0]!.message, /item 2 should be text; YAML read it as a list because it starts with "\[": put the whole value in quotes/);
});

test("a hashtag or #1 after a space is not silently cut off as a YAML comment", () => {
  assert.equal(readFrontMatter("---\ntitle: Fans celebrate #WorldCup win\n---\n"), {
    ok: false,
    error: "comment",
    field: "title",
    comment: "#WorldCup win",
    kept: "Fans celebrate",
    line: 2,
  });
  const caption = readFrontMatter("---\ntitle: A\nimage:\n  src: a.jpg\n  caption: We're #1\n---\n");
  assert.ok(!caption.ok && caption.error === "comment" && caption.field === "image.caption" && caption.line === 5, JSON.stringify(caption));
  const tag = readFrontMatter("---\ntitle: A\ntags:\n  - Sport\n  - #WorldCup\n---\n");
  assert.ok(!tag.ok && tag.error === "comment" && tag.field === "tags" && tag.kept === "", JSON.stringify(tag));
  const d = { field: "tags", value: "#WorldCup", reason: "line 5", other: "" };
  assert.is(ArticleErrors.TextCutByComment.message(d), '"#WorldCup" (line 5) is read as a YAML comment, so the value is empty.');
  assert.is(ArticleErrors.TextCutByComment.hint({ ...d, field: "title", other: "Fans celebrate" }), 'Put the whole value in quotes, e.g. title: "Fans celebrate #WorldCup"');
  // Comments written as comments, and a quoted #, are fine.
  const fine = readFrontMatter('---\ntitle: "Fans celebrate #WorldCup win"\ndraft: true # until legal checks\n# a note\n---\n');
  assert.ok(fine.ok && (fine.data as { title: string }).title === "Fans celebrate #WorldCup win", JSON.stringify(fine));
});

test("text YAML reads as a list or a group says to put it in quotes", () => {
  const list = problems(readData(`title: [Update]\n${BASE}`));
  assert.equal(list.map((p) => `${p.field}:${p.name}`), ["title:FieldType"]);
  assert.is(list[0]!.message, 'should be text; YAML read it as a list because it starts with "[": put the whole value in quotes.');
  assert.match(problems(readData(`title: A\n${BASE}\nimage: { src: a.jpg, alt: {x} }`))[0]!.message, /group because it starts with "\{"/);
});

function readData(yaml: string): unknown {
  const fm = readFrontMatter(`---\n${yaml}\n---\n`);
  if (!fm.ok) throw new Error(JSON.stringify(fm));
  return fm.data;
}

test.run();
