import { test } from "uvu";
import * as assert from "uvu/assert";
import { parseHTML } from "linkedom";
import { createMarkdown } from "../../src/markdown/create-markdown.ts";
import { sanitize } from "../../src/markdown/html-policy.ts";

// Tables and code in article bodies scroll inside keyboard-focusable boxes on phones.

const dom = (html: string) => parseHTML(`<!doctype html><html><body>${html}</body></html>`).document;
const TABLE = "| Item | Old duty | New duty |\n|---|--:|--:|\n| Smartphones | 20% | 15% |\n";

for (const allowHtml of [false, true]) {
  const md = createMarkdown({ allowHtml });
  const render = (src: string) => dom(allowHtml ? sanitize(md.render(src)) : md.render(src));

  test(`[allowHtml: ${allowHtml}] a table is wrapped in a focusable region labelled "Table"`, () => {
    const doc = render(`Before.\n\n${TABLE}\nAfter.`);
    const box = doc.querySelector("section.table-scroll");
    assert.ok(box, "wrapper");
    assert.is(box!.tagName, "SECTION", "a named section: a region landmark");
    assert.is(box!.getAttribute("aria-label"), "Table");
    assert.is(box!.getAttribute("tabindex"), "0");
    assert.is(box!.children.length, 1);
    assert.is(box!.firstElementChild!.tagName, "TABLE");
    assert.is(box!.querySelectorAll("tbody tr").length, 1, "the table is whole inside it");
    assert.is(doc.querySelectorAll("p").length, 2, "the paragraphs around it are untouched");
  });

  test(`[allowHtml: ${allowHtml}] several tables get distinct labels in reading order`, () => {
    const doc = render(`${TABLE}\nText.\n\n${TABLE}\nMore.\n\n${TABLE}`);
    const labels = [...doc.querySelectorAll("section.table-scroll")].map((d) => d.getAttribute("aria-label"));
    assert.equal(labels, ["Table 1 of 3", "Table 2 of 3", "Table 3 of 3"]);
  });
}

for (const allowHtml of [false, true]) {
  const md = createMarkdown({ allowHtml });
  const render = (src: string) => dom(allowHtml ? sanitize(md.render(src)) : md.render(src));

  test(`[allowHtml: ${allowHtml}] fenced and indented code blocks take keyboard focus`, () => {
    const doc = render("```js\nconst a = 1;\n```\n\nText.\n\n    indented code\n");
    const pres = [...doc.querySelectorAll("pre")];
    assert.is(pres.length, 2);
    for (const pre of pres) assert.is(pre.getAttribute("tabindex"), "0");
    assert.is(pres[0]!.querySelector("code")!.getAttribute("class"), "language-js", "the language class stays");
    assert.is(pres[1]!.textContent, "indented code\n");
  });
}

test("with raw HTML on, a writer's own section keeps no role and no other tabindex", () => {
  const md = createMarkdown({ allowHtml: true });
  const doc = dom(sanitize(md.render('<section role="alert" tabindex="5" aria-label="x">Hi</section>')));
  const div = doc.querySelector("section")!;
  // sanitize-html empties an attribute whose value is not on the list (an empty role or tabindex means none).
  assert.not.ok(div.getAttribute("role"), `role="${div.getAttribute("role")}"`);
  assert.not.ok(div.getAttribute("tabindex"), `tabindex="${div.getAttribute("tabindex")}"`);
  assert.is(div.textContent, "Hi");
});

test.run();
