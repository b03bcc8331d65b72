import { test } from "uvu";
import * as assert from "uvu/assert";
import { parseHTML } from "linkedom";
import { createMarkdown } from "../../src/markdown/create-markdown.ts";
import { renderInlineText } from "../../src/markdown/inline-text.ts";
import { quotesFor } from "../../src/markdown/quotes.ts";
import { resolveSettings } from "../../src/settings.ts";
import sampleSettings from "../../site.config.ts";

// Quotes, apostrophes and dashes set the way the text's language does (issue 14):
// src/markdown/typography.ts around markdown-it's typographer, marks from CLDR (quotes.ts).

const NBSP = "\u00A0";
const english = createMarkdown({ allowHtml: false, typography: true, language: "en-IN" });

/** The text of the rendered HTML's paragraphs (entities decoded), and the document to look into. */
function render(markdown: string, language?: string, md = english) {
  const html = md.render(markdown, language ? { language } : {});
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  return { html, document, text: (document.body.textContent ?? "").trim() };
}

test("the marks of each language come from CLDR, looked up by the tag's shorter and likely forms", () => {
  assert.equal(quotesFor("en"), ["“", "”", "‘", "’"]);
  assert.equal(quotesFor("en-IN"), ["“", "”", "‘", "’"]);
  assert.equal(quotesFor("de"), ["„", "“", "‚", "‘"]);
  assert.equal(quotesFor("de-AT"), ["„", "“", "‚", "‘"]);
  assert.equal(quotesFor("ja"), ["「", "」", "『", "』"]);
  // zh-TW has no entry: its likely script (zh-Hant-TW) does.
  assert.equal(quotesFor("zh-TW"), ["「", "」", "『", "』"]);
  assert.equal(quotesFor("zh"), ["“", "”", "‘", "’"]);
  assert.equal(quotesFor("pt-PT"), ["«", "»", "“", "”"]);
  assert.equal(quotesFor("PT-br"), ["“", "”", "‘", "’"]);
  // Not a language CLDR has, or not a tag at all: English-style marks, never an exception.
  assert.equal(quotesFor("x-unknown"), ["“", "”", "‘", "’"]);
  assert.equal(quotesFor("not a tag!"), ["“", "”", "‘", "’"]);
});

test("French guillemets take a no-break space inside; French's other marks do not", () => {
  assert.equal(quotesFor("fr"), [`«${NBSP}`, `${NBSP}»`, `«${NBSP}`, `${NBSP}»`]);
  assert.equal(quotesFor("fr-CA"), [`«${NBSP}`, `${NBSP}»`, "”", "“"]);
  assert.equal(quotesFor("fr-CH"), [`«${NBSP}`, `${NBSP}»`, `‹${NBSP}`, `${NBSP}›`]);
});

test("English: curly quotes, apostrophes, dashes and ellipses", () => {
  const { text } = render(`She said "it's over" -- twice --- and left... The 'word' stays.`);
  assert.is(text, "She said “it’s over” – twice — and left… The ‘word’ stays.");
});

test("French and German: the same text in their own marks", () => {
  assert.is(render(`Il a dit "c'est fini" -- puis il est parti.`, "fr").text, `Il a dit «${NBSP}c’est fini${NBSP}» – puis il est parti.`);
  assert.is(render(`Er sagte "es ist vorbei" und 'ging'.`, "de").text, "Er sagte „es ist vorbei“ und ‚ging‘.");
});

test("the seed article's mix of curly opening and straight closing quotes comes out consistent", () => {
  // As the seed article has them (articles/world/cleverly-urges-china-to-help-end-war-in-ukraine).
  const seed = [
    `“My visit here is about the bilateral relationship between the UK and China. I have said that Russia’s brutal invasion of Ukraine cannot be justified by Moscow or indeed anywhere else," he said.`,
    `James Cleverly met with his counterpart Wang Yi and China's vice president Han Zheng.`,
    `Chinese foreign ministry spokesman Wang Wenbin said on Taiwan, “The UK government’s position has remained consistent that there should be no unilateral change to the status quo."`,
  ];
  for (const [language, open, close] of [["en", "“", "”"], ["de", "„", "“"], ["fr", `«${NBSP}`, `${NBSP}»`]] as const) {
    const { text } = render(seed.join("\n\n"), language);
    assert.not.ok(/["']/.test(text), `${language}: no straight quote left: ${text}`);
    const [first, second, third] = text.split(/\n+/).map((p) => p.trim());
    assert.ok(first!.startsWith(`${open}My visit`) && first!.endsWith(`anywhere else,${close} he said.`), `${language}: ${first}`);
    assert.ok(second!.includes("China’s vice president"), second);
    assert.ok(third!.includes(`Taiwan, ${open}The UK government’s`) && third!.endsWith(`status quo.${close}`), `${language}: ${third}`);
  }
});

test("an opening quote with no closing one in its paragraph (a quotation over paragraphs) still opens", () => {
  const { document } = render(`"The first paragraph of a long quotation.\n\n"The second, which ends it."`);
  const paragraphs = [...document.querySelectorAll("p")].map((p) => p.textContent);
  assert.equal(paragraphs, ["“The first paragraph of a long quotation.", "“The second, which ends it.”"]);
});

test("code spans, code blocks, link and image addresses, titles and alt text are left as written", () => {
  const source = [
    `Run \`echo "it's" -- x\` and "see".`,
    "",
    "```",
    `const s = "it's" -- 1;`,
    "```",
    "",
    `    indented "code" -- too`,
    "",
    `A ["quoted" link](https://example.org/a--b?q="x" "the \\"title\\" -- here").`,
    "",
    `![An "alt" -- text](photo.jpg)`,
  ].join("\n");
  const { document } = render(source);
  const codes = [...document.querySelectorAll("code")].map((c) => c.textContent);
  assert.equal(codes, [`echo "it's" -- x`, `const s = "it's" -- 1;\n`, `indented "code" -- too\n`]);
  assert.is(document.querySelector("p")!.textContent, `Run echo "it's" -- x and “see”.`);
  const link = document.querySelector("a")!;
  assert.is(link.textContent, "“quoted” link", "the link's words are text, and typeset");
  assert.is(link.getAttribute("href"), "https://example.org/a--b?q=%22x%22");
  assert.is(link.getAttribute("title"), `the "title" -- here`);
  assert.is(document.querySelector("img")!.getAttribute("alt"), `An "alt" -- text`);
});

test("a web address typed as text keeps its hyphens and dots; (c) in a clause stays (c)", () => {
  const { text } = render(`See https://example.org/a--b...c/ -- or www.example.org/x--y. Under section 3(c) and (c), not ©.`);
  assert.is(text, "See https://example.org/a--b...c/ – or www.example.org/x--y. Under section 3(c) and (c), not ©.");
});

test("an article's own language sets its marks; the site's language is the default", () => {
  const site = createMarkdown({ allowHtml: false, typography: true, language: "de-CH" });
  assert.is(render(`"Grüezi"`, undefined, site).text, "„Grüezi“");
  assert.is(render(`"Hello"`, "en-GB", site).text, "“Hello”");
  assert.is(render(`"Bonjour"`, "fr", site).text, `«${NBSP}Bonjour${NBSP}»`);
});

test("captions (from image titles) and one-line texts (notes, corrections) are typeset in their language", () => {
  const figure = render(`![A chart](chart.jpg 'The "final" count -- so far. | Chart: Newsroom')`, "de");
  assert.is(figure.document.querySelector(".figure__caption")?.textContent, "The „final“ count – so far.", figure.html);
  const note = renderInlineText(english, `Counting "continued" -- overnight; see \`"raw"\`.`, { file: "a.md", field: "note", language: "fr" });
  assert.is(note.text, `Counting «${NBSP}continued${NBSP}» – overnight; see "raw".`);
  const correction = renderInlineText(english, `It was "11-10", not 12--9.`, { file: "a.md", field: "corrections[1].text" });
  assert.is(correction.text, "It was “11-10”, not 12–9.");
});

test("typography off (markdown.typography: false) prints what the writer typed", () => {
  const off = createMarkdown({ allowHtml: false, typography: false, language: "en" });
  assert.is(render(`She said "it's over" -- twice... (c)`, undefined, off).text, `She said "it's over" -- twice... (c)`);
  assert.is(render(`Mixed “open and straight close"`, undefined, off).text, `Mixed “open and straight close"`);
});

test("the setting is on by default, and a site turns it off in site.config.ts", () => {
  assert.is(resolveSettings(sampleSettings).markdown.typography, true);
  assert.is(resolveSettings({ ...sampleSettings, markdown: {} }).markdown.typography, true);
  assert.is(resolveSettings({ ...sampleSettings, markdown: { typography: false } }).markdown.typography, false);
  assert.throws(() => resolveSettings({ ...sampleSettings, markdown: { typography: "yes" as unknown as boolean } }), /markdown\.typography/);
});

test.run();
