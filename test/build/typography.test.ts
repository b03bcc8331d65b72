import { test } from "uvu";
import * as assert from "uvu/assert";
import { article, createFixture, type Fixture } from "../support/fixture-site.ts";
import { readPage } from "../support/html.ts";

// Typography in built pages (issue 14): an article's own `language:` sets its quotation marks,
// its editor's note's too, while its corrections are in the site's language; and a site that
// sets `markdown: { typography: false }` prints what writers typed.

const NBSP = "\u00A0";
const BODY = `She said "it's over" -- twice. Run \`a "b" -- c\`.`;
const NOTE = `Counting "continued" overnight.`;
const CORRECTION = `An earlier version said "12--9".`;
const FIELDS = { note: NOTE, corrections: [{ date: "2023-08-31T09:00:00+05:30", text: CORRECTION }] };

let on: Fixture;
let off: Fixture;
let built: Promise<void>;

test.before(() => {
  built = (async () => {
    [on, off] = await Promise.all([
      createFixture({
        "world/english.md": article(FIELDS, BODY),
        "world/french.md": article({ ...FIELDS, language: "fr" }, BODY),
      }),
      createFixture({ "world/english.md": article(FIELDS, BODY) }, { markdown: { typography: false } }),
    ]);
    for (const site of [on, off]) {
      const result = await site.build({ now: "2023-09-01T00:00:00+05:30" });
      if (!result.ok) throw new Error(result.message);
    }
  })();
});

/** An element's text with HTML's whitespace collapsed (ASCII only: the no-break spaces stay). */
function text(node: Element | null | undefined): string {
  return (node?.textContent ?? "").replace(/[ \t\n\r\f]+/g, " ").trim();
}

async function parts(site: Fixture, url: string) {
  const doc = await readPage(site.output, url);
  return {
    body: text(doc.querySelector(".article__body p")),
    code: text(doc.querySelector(".article__body code")),
    note: text(doc.querySelector(".editors-note")),
    correction: text(doc.querySelector(".correction__text")),
  };
}

test("an English site sets English marks; a French article sets its text and note in French, its corrections in English", async () => {
  await built;
  const english = await parts(on, "/world/english/");
  assert.is(english.body, "She said “it’s over” – twice. Run a \"b\" -- c.");
  assert.is(english.code, 'a "b" -- c');
  assert.is(english.note, "Editor’s note: Counting “continued” overnight.");
  assert.is(english.correction, "An earlier version said “12–9”.");

  const french = await parts(on, "/world/french/");
  assert.is(french.body, `She said «${NBSP}it’s over${NBSP}» – twice. Run a "b" -- c.`);
  assert.is(french.note, `Editor’s note: Counting «${NBSP}continued${NBSP}» overnight.`);
  assert.is(french.correction, "An earlier version said “12–9”.", "the corrections block is in the site's language");
});

test("markdown.typography: false prints quotes and dashes as typed", async () => {
  await built;
  const english = await parts(off, "/world/english/");
  assert.is(english.body, BODY.replace(/`/g, ""));
  assert.is(english.note, `Editor’s note: ${NOTE}`);
  assert.is(english.correction, CORRECTION);
});

test.run();
