import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { parseHTML } from "linkedom";
import { createMarkdown } from "../../src/markdown/create-markdown.ts";
import { splitCaption } from "../../src/markdown/figure.ts";
import { describeUnread, splitDestination, type ImageSyntaxEnv } from "../../src/markdown/image-file-names.ts";
import { isAllowedLink } from "../../src/markdown/link-policy.ts";
import { renderBody } from "../../src/markdown/render-body.ts";
import { htmlRemovals, sanitize } from "../../src/markdown/html-policy.ts";
import { emptyLinks } from "../../src/markdown/empty-links.ts";
import { ImageStore } from "../../src/images/image-store.ts";
import { resolveSettings } from "../../src/settings.ts";
import sampleSettings from "../../site.config.ts";
import { jpeg } from "../support/fixture-site.ts";

const md = createMarkdown({ allowHtml: false });
const dom = (html: string) => parseHTML(`<!doctype html><html><body>${html}</body></html>`).document;

test("splitCaption separates caption and credit at the last ' | '", () => {
  assert.equal(splitCaption("Crowds in Delhi. | Reuters"), { caption: "Crowds in Delhi.", credit: "Reuters" });
  assert.equal(splitCaption("Just a caption"), { caption: "Just a caption", credit: undefined });
  assert.equal(splitCaption(" | AP"), { caption: undefined, credit: "AP" });
  assert.equal(splitCaption("A | B | C"), { caption: "A | B", credit: "C" });
});

test("a paragraph holding only an image becomes a figure with caption and credit elements", () => {
  const doc = dom(md.render('Before.\n\n![A crowd](crowd.jpg "Crowds gather in *Delhi*. | Reuters")\n\nAfter.'));
  const figure = doc.querySelector("figure.figure");
  assert.ok(figure, "figure");
  assert.is(figure!.querySelector("img")!.getAttribute("alt"), "A crowd");
  assert.is(figure!.querySelector("img")!.getAttribute("title"), null, "the title becomes the caption");
  assert.is(figure!.querySelector(".figure__caption")!.textContent, "Crowds gather in Delhi.");
  assert.ok(figure!.querySelector(".figure__caption em"), "captions keep inline markdown");
  assert.is(figure!.querySelector(".figure__credit")!.textContent, "Reuters");
  assert.is(doc.querySelectorAll("p").length, 2, "the image's paragraph is gone");
});

test("an image without a title is a figure without a caption", () => {
  const doc = dom(md.render("![A crowd](crowd.jpg)"));
  assert.ok(doc.querySelector("figure img"));
  assert.is(doc.querySelector("figcaption"), null);
});

test("an image inside running text stays inline", () => {
  const doc = dom(md.render("Look ![icon](i.png) here"));
  assert.is(doc.querySelector("figure"), null);
  assert.ok(doc.querySelector("p img"));
});

test("template syntax in text prints as written", () => {
  const html = md.render("Price {{ 5 * 5 }} and {% raw %} stay");
  assert.ok(html.includes("{{ 5 * 5 }}"));
  assert.ok(html.includes("{% raw %}"));
});

test("raw HTML is escaped when the site has not turned it on", () => {
  const doc = dom(md.render('<script>alert(1)</script>\n\nText <img src=x onerror="alert(1)">'));
  assert.is(doc.querySelector("script"), null);
  assert.is(doc.querySelector("img"), null);
  assert.ok(doc.body.textContent!.includes("<script>alert(1)</script>"));
});

test("javascript: and other unsafe links never become links", () => {
  for (const href of ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "java\tscript:alert(1)", "vbscript:x", "data:text/html,<b>x</b>", "file:///etc/passwd"]) {
    const doc = dom(md.render(`[click](${href})`));
    const a = doc.querySelector("a");
    assert.is(a, null, `${href} → ${a?.getAttribute("href")}`);
  }
  assert.is(dom(md.render("[ok](https://example.org/a)")).querySelector("a")!.getAttribute("href"), "https://example.org/a");
  assert.is(dom(md.render("[ok](/world/a/)")).querySelector("a")!.getAttribute("href"), "/world/a/");
});

test("isAllowedLink allows the schemes articles need and relative links", () => {
  for (const ok of ["https://a.org", "http://a.org", "mailto:desk@a.org", "tel:+911234", "/world/", "#notes", "?q=1", "photo.jpg"]) {
    assert.ok(isAllowedLink(ok), ok);
  }
  for (const bad of ["javascript:alert(1)", " javascript:x", "vbscript:x", "data:image/png;base64,AA", "ftp://a.org", "blob:x"]) {
    assert.not.ok(isAllowedLink(bad), bad);
  }
});

test("with raw HTML on, the sanitizer strips script, handlers, javascript: links and raw <img> (photos go through ![]() so they are checked and encoded)", () => {
  const html = createMarkdown({ allowHtml: true }).render(
    '<p onclick="x()">Hi <a href="javascript:alert(1)">bad</a> <a href="https://a.org">good</a></p>\n\n<script>alert(1)</script>\n\n<img src="https://tracker.example/p.gif"><img src="local.jpg" alt="ok">',
  );
  const doc = dom(sanitize(html));
  assert.is(doc.querySelector("script"), null);
  assert.is(doc.querySelector("[onclick]"), null);
  assert.equal([...doc.querySelectorAll("a[href]")].map((a) => a.getAttribute("href")), ["https://a.org"]);
  assert.not.ok(doc.body.innerHTML.includes("javascript:"));
  assert.equal([...doc.querySelectorAll("img")].length, 0);
});

// Raw HTML a writer pastes from embed codes and other sites (issue 8 follow-up): the body starts
// on line 5 of the file, so body line n (from 0) is file line 5 + n.
const PASTED = `Intro paragraph.

<details><summary>More</summary>Hidden text</details>

<iframe src="https://www.youtube.com/embed/x"></iframe>

Text with <img src="https://cdn.example/p.jpg"> inline
and <span style="color:red" onclick="x()">red</span> on the next line.

<figure>
<img src="https://cdn.example/a.jpg" alt="A">
<figcaption>Caption <b>kept</b></figcaption>
</figure>

<a href="javascript:alert(1)">bad</a> <a href="https://ok.example/" class="x">fine</a>

<table><tr><td style="text-align:left; color:red">x</td></tr></table>

<p class="note" lang="fr">Allowed <mark>as written</mark>.</p>
`;

test("with raw HTML on, what the sanitizer removes is a warning naming the line of the file, the tag and what to do instead", () => {
  const warnings = htmlRemovals(createMarkdown({ allowHtml: true }).parse(PASTED, {}), "articles/world/a.md", 5);
  assert.ok(warnings.every((w) => w.file === "articles/world/a.md" && w.field === "body"));
  const messages = warnings.map((w) => w.message);
  assert.equal(messages, [
    "line 7: <details>, <summary> are not allowed in articles and were removed.",
    "line 9: <iframe> is not allowed in articles and was removed.",
    "line 11: <img> is not allowed in articles and was removed.",
    'line 12: style="color:red" on <span>, onclick="x()" on <span> are not allowed in articles and were removed.',
    "line 15: <img> is not allowed in articles and was removed.",
    'line 19: the link to "javascript:alert(1)" was removed: only http, https, mailto, tel links, or pages of this site, are allowed.',
    'line 21: part of style="text-align:left; color:red" on <td> is not allowed in articles and was removed.',
  ]);
  const hint = (line: number) => warnings.find((w) => w.message.startsWith(`line ${line}:`))!.hint;
  assert.match(hint(7), /Its text now shows as plain text/);
  assert.match(hint(9), /Link to it instead/);
  assert.match(hint(11), /!\[What the photo shows\]\(photo\.jpg/);
  assert.match(hint(12), /Attributes allowed on every tag: class, id, lang, dir, title\./);
  // The same raw HTML, sanitized, really lost exactly those (the warnings and the sanitizer agree).
  const doc = dom(sanitize(createMarkdown({ allowHtml: true }).render(PASTED)));
  assert.is(doc.querySelector("details, summary, iframe, img, [style*=color], [onclick]"), null);
  assert.ok(doc.querySelector("figure figcaption b") && doc.querySelector("p.note[lang=fr] mark") && doc.querySelector('a.x[href="https://ok.example/"]'));
});

test("raw HTML the allow-list keeps gives no warning, and an attribute value cannot put control characters in a message", () => {
  const kept = '<p class="note">A <a href="/world/">link</a>, <sup>1</sup> and <abbr title="x">x</abbr>.</p>\n\n<figure><figcaption>C</figcaption></figure>\n';
  assert.equal(htmlRemovals(createMarkdown({ allowHtml: true }).parse(kept, {}), "a.md", 1), []);
  const [warning] = htmlRemovals(createMarkdown({ allowHtml: true }).parse('<span data-x="\x1b[31mred">t</span>\n', {}), "a.md", 1);
  assert.ok(warning);
  assert.not.match(warning!.message, /[\x00-\x1f]/);
});

test("a link with no text is a warning naming its line, with raw HTML on or off", () => {
  const body = "First.\n\nSee [](https://example.com) and\n[ ](https://b.example/) but [![A map](map.jpg)](https://c.example/), [`code`](https://d.example/) and [text](https://e.example/).\n";
  for (const allowHtml of [false, true]) {
    const warnings = emptyLinks(createMarkdown({ allowHtml }).parse(body, {}), "articles/world/a.md", 4);
    assert.equal(
      warnings.map((w) => [w.field, w.message]),
      [
        ["body", 'line 6: the link to "https://example.com" has no text, so readers cannot see or click it.'],
        ["body", 'line 7: the link to "https://b.example/" has no text, so readers cannot see or click it.'],
      ],
      `allowHtml ${allowHtml}`,
    );
    assert.match(warnings[0]!.hint, /\[The council's report\]\(https:\/\/example\.com\), or remove the link/);
  }
});

// Ordinary markdown: everything markdown-it writes without raw HTML in the text.
const ORDINARY = `# Heading one

## Heading *two* with \`code\`

3. three
4. four

1. one
2. two

- a
  - nested b

    7. deep
- c

| Left | Centre | Right | None |
|:-----|:------:|------:|------|
| a    | b      | c     | d    |

Empty text [](https://x.example/), empty href [x](), a title [t](https://x.example/ "Title"),
[relative](../other/), [fragment](#notes), [mail](mailto:desk@example.org), [phone](tel:+911234),
autolinks <https://auto.example/path?q=1&r=2> and <desk@example.org>, and a [reference][r].

[r]: https://ref.example/ "Ref title"

> quote
> > nested quote
>
> - list in a quote

---

Hard  
break and back\\
slash break

\`\`\`js
const a = 1 < 2 && "x";
\`\`\`

    indented code

Entities: &amp; &copy; &#169; &#x1F600; &nbsp; &lt;tag&gt; AT&T "quotes" 'single'

Footnote-like[^1] text and *em* **strong** ~~strike~~ \`inline\`.

[^1]: Not a footnote without a plugin.

![Alt text](photo.jpg "Caption *here* | Credit")

Text ![inline](photo.jpg) image.

* * *
`;

test("ordinary markdown renders the same with raw HTML allowed (sanitized) as without", async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "newsroom-markdown-"));
  await fs.writeFile(path.join(dir, "photo.jpg"), await jpeg(640, 400));
  const images = new ImageStore({ cacheDir: path.join(dir, ".cache"), settings: resolveSettings(sampleSettings).images });
  const render = async (allowHtml: boolean) => {
    const body = await renderBody(createMarkdown({ allowHtml }), ORDINARY, { file: "articles/world/a.md", dir, images, imageBase: "/img/" });
    assert.equal(body.problems, [], `allowHtml ${allowHtml}: no problems`);
    // Nothing is removed from ordinary markdown; its one link with no text is a warning either way.
    assert.equal(body.warnings.map((w) => w.message), ['line 21: the link to "https://x.example/" has no text, so readers cannot see or click it.'], `allowHtml ${allowHtml}`);
    return body.html;
  };
  const [off, on] = [await render(false), await render(true)];
  // The same document: compared as parsed HTML, since the sanitizer writes void elements as
  // "<br />" and leaves quotes in text unescaped, which parse the same.
  const lines = (html: string) => dom(html).body.innerHTML.split("\n");
  assert.equal(lines(on), lines(off));
  // The corpus does reach what the sanitizer used to drop (so the comparison means something).
  const doc = dom(on);
  assert.is(doc.querySelector("ol")!.getAttribute("start"), "3");
  assert.equal([...doc.querySelectorAll("th")].map((th) => th.getAttribute("style")), ["text-align:left", "text-align:center", "text-align:right", null]);
  assert.equal([...doc.querySelectorAll("a")].slice(0, 2).map((a) => [a.getAttribute("href"), a.textContent]), [["https://x.example/", ""], ["", "x"]]);
  assert.is(doc.querySelectorAll("picture").length, 2, "both images became pictures");
  assert.ok(doc.querySelector("blockquote blockquote"), "nested quote");
  assert.is(doc.querySelector("ul ul ol")?.getAttribute("start"), "7", "nested list with a start");
  assert.ok(doc.querySelector("pre code.language-js"), "fenced code");
  await fs.rm(dir, { recursive: true, force: true });
});

test("the sanitizer keeps its safety: no script, no on* handler, no javascript:, style only text-align left/right/center on cells", () => {
  const md = createMarkdown({ allowHtml: true });
  const html = sanitize(
    md.render(
      [
        '<table><tr><th style="text-align:right; background:url(javascript:alert(1))" onclick="x()">a</th>',
        '<td style="text-align:justify">b</td><td style="position:fixed;text-align:center">c</td><td style="TEXT-ALIGN: left">d</td></tr></table>',
        "",
        '<p style="text-align:right">p</p> <ol start="2" onmouseover="x()"><li>l</li></ol>',
        "",
        '<a href="javascript:alert(1)">j</a> <a href="">e</a> <a href=" javascript:alert(1)">s</a> <svg onload="x()"></svg>',
        "",
        '<style>body{display:none}</style><iframe src="https://evil.example/"></iframe><script>alert(1)</script>',
      ].join("\n"),
    ),
  );
  const doc = dom(html);
  assert.is(doc.querySelector("script, style, iframe, svg"), null);
  assert.not.match(html, /\son[a-z]+=/i);
  assert.not.ok(html.toLowerCase().includes("javascript:"));
  assert.not.ok(html.includes("position") || html.includes("background") || html.includes("justify"));
  assert.equal([...doc.querySelectorAll("[style]")].map((e) => [e.tagName.toLowerCase(), e.getAttribute("style")]), [
    ["th", "text-align:right"],
    ["td", "text-align:center"],
  ]);
  assert.is(doc.querySelector("p")!.getAttribute("style"), null, "style only on table cells");
  assert.is(doc.querySelector("ol")!.getAttribute("start"), "2");
  assert.equal([...doc.querySelectorAll("a[href]")].map((a) => a.getAttribute("href")), [""], "only the empty link keeps its href");
});

/** Renders with the env render-body.ts gives, returning the document and what was left unread. */
function renderChecked(source: string) {
  const env: ImageSyntaxEnv = { unreadImages: [] };
  return { doc: dom(md.render(source, env)), unread: env.unreadImages! };
}

test("file names as cameras and phones write them are read as images: spaces, parentheses, brackets, #, %, any script", () => {
  const cases: [string, string, string | null][] = [
    // markdown, the file it names, the caption
    ['![The crowd](Crowd at gate (2).jpg "Fans queue | Photo: Newsroom")', "Crowd at gate (2).jpg", "Fans queue"],
    ['![The late goal](<Late goal.jpg> "The late goal | Photo: Newsroom")', "Late goal.jpg", "The late goal"],
    ["![a](IMG_0412 (1).JPEG)", "IMG_0412 (1).JPEG", null],
    ["![a](Shot #2 [final].png 'Second | AP')", "Shot #2 [final].png", "Second"],
    ["![a](50% off sale.webp (Sale day))", "50% off sale.webp", "Sale day"],
    ['![a](मतदान केंद्र 写真.jpg "Polling")', "मतदान केंद्र 写真.jpg", "Polling"],
    ['![a](photo (1).jpg "Title (with a bracket)")', "photo (1).jpg", "Title (with a bracket)"],
    ["![a](Crowd%20at%20gate.jpg)", "Crowd at gate.jpg", null],
  ];
  for (const [source, file, caption] of cases) {
    const { doc, unread } = renderChecked(source);
    const img = doc.querySelector("figure img");
    assert.ok(img, `${source} is a figure`);
    assert.is(decodeURIComponent(img!.getAttribute("src")!), file, source);
    assert.is(doc.querySelector(".figure__caption")?.textContent ?? null, caption, source);
    assert.not.ok(doc.body.textContent!.includes("!["), `${source} leaves no markdown`);
    assert.equal(unread, []);
  }
});

test("strict references are unchanged, and text that only looks like a reference is left alone", () => {
  const { doc } = renderChecked("![a](photo.jpg) and ![b](x.png \"t\")");
  assert.equal([...doc.querySelectorAll("img")].map((i) => i.getAttribute("src")), ["photo.jpg", "x.png"]);
  for (const source of ["Escaped: \\![a](b c.jpg)", "In code: `![a](b c.jpg)`", "```\n![a](b c.jpg)\n```", "A link [a](b) and a bang! [c]"]) {
    const { doc, unread } = renderChecked(source);
    assert.is(doc.querySelector("img"), null, source);
    assert.equal(unread, [], source);
  }
});

test("a reference still not read is reported with its line (from 0 in the body), never silently printed", () => {
  const { unread } = renderChecked("First paragraph.\n\nSecond line one\nline two ![oops](no extension here) end.\n\n![x](a b.jpg\n\"split title\")");
  assert.equal(unread, [
    { line: 3, text: "![oops](no extension here)" },
    { line: 5, text: '![x](a b.jpg' },
  ]);
  const { unread: styled } = renderChecked("![a *styled* label](no extension)");
  assert.is(styled.length, 1, "emphasis in the label does not hide it");
});

test("by reference: a definition with angle brackets works; one with spaces leaves the image unread, and that is reported", () => {
  const good = renderChecked("![The crowd][crowd]\n\n[crowd]: <Crowd at gate (2).jpg> \"Fans | AP\"");
  assert.is(decodeURIComponent(good.doc.querySelector("figure img")!.getAttribute("src")!), "Crowd at gate (2).jpg");
  assert.equal(good.unread, []);
  const bad = renderChecked("![The crowd][crowd]\n\n[crowd]: Crowd at gate (2).jpg");
  assert.equal(bad.unread.map((u) => u.text), ["![The crowd][crowd]"]);
  assert.match(describeUnread("![The crowd][crowd]").example, /\[crowd\]: <Crowd at gate \(2\)\.jpg>/);
  assert.equal(describeUnread("![a](Crowd at gate.jpg \"x)").example, '![What it shows](<Crowd at gate.jpg> "Caption | Credit")');
  assert.match(describeUnread("![a](some file)").reason, /no file name ending in an extension/);
});

test("a line full of '![' and ')' stays fast (the lenient reading is bounded; it used to grow with the square of the line)", () => {
  const started = performance.now();
  const { unread } = renderChecked("![a](".repeat(6000) + ")".repeat(6000));
  assert.ok(unread.length > 0, "reported, not published");
  assert.ok(performance.now() - started < 3000, `${Math.round(performance.now() - started)} ms`);
});

test("splitDestination: a file name (with an extension) and an optional title", () => {
  assert.equal(splitDestination('Crowd at gate (2).jpg "Caption | Credit"'), { dest: "Crowd at gate (2).jpg", title: "Caption | Credit" });
  assert.equal(splitDestination("<Late goal.jpg>"), { dest: "Late goal.jpg" });
  assert.is(splitDestination("Crowd at gate (2"), undefined, "cut at the wrong parenthesis");
  assert.is(splitDestination("no extension"), undefined);
});

test.run();
