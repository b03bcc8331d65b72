import { test } from "uvu";
import * as assert from "uvu/assert";
import { parseHTML } from "linkedom";
import { createMarkdown } from "../../src/markdown/create-markdown.ts";
import { splitCaption } from "../../src/markdown/figure.ts";
import { describeUnread, splitDestination, type ImageSyntaxEnv } from "../../src/markdown/image-file-names.ts";
import { isAllowedLink } from "../../src/markdown/link-policy.ts";
import { sanitize } from "../../src/markdown/render-body.ts";

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
