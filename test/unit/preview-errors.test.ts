import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { parseHTML } from "linkedom";
import { ArticleValidationError, formatProblems, problem } from "../../src/content/errors.ts";
import { buildFailure, folderMissing } from "../../src/dev/build-failure.ts";
import { isPageAddress, renderErrorPage } from "../../src/dev/error-page.ts";
import { PROJECT_ROOT } from "../support/sample-site.ts";

// What the preview shows when a build fails (case 04): the catalogue's problems as the build
// prints them, a layout's file and line, a missing articles folder (case 03), all escaped.

/** Wraps `inner` as Eleventy 3.1 does (originalError, then cause). */
function wrapped(inner: Error): Error {
  const data = Object.assign(new Error("Problem running the data"), { name: "TemplateDataInitError", originalError: inner });
  return Object.assign(new Error("Problem writing Eleventy templates"), { originalError: data });
}

test("article problems keep the catalogue's fields and the build report's text", () => {
  const problems = [
    problem("FieldMissing", "articles/world/a.md", { field: "title" }),
    problem("SectionUnknown", "articles/world/a.md", { field: "section", value: "sports", allowed: ["world", "sport"] }),
    problem("FieldUnknown", "articles/b.md", { field: "tittle", allowed: ["title"] }),
  ];
  const failure = buildFailure(wrapped(new ArticleValidationError(problems)));
  assert.is(failure.summary, "3 problems in 2 articles");
  assert.equal(failure.problems, problems);
  assert.is(failure.text, formatProblems(problems));
});

test("a Nunjucks error names the template's file and line (counted with the front matter Nunjucks does not see)", () => {
  const inner = new Error("(./layouts/home.njk) [Line 12, Column 5]\n  Error: Unable to call `nope`, which is undefined");
  const error = Object.assign(new Error("Having trouble rendering njk template ./layouts/home.njk"), { originalError: inner });
  const failure = buildFailure(error);
  // layouts/home.njk starts with 5 lines of front matter: Nunjucks' line 12 is the file's line 17.
  assert.is(failure.summary, "Error in layouts/home.njk, line 17");
  assert.match(failure.text, /^.*: layouts\/home\.njk, line 17, column 5\n[^]*Unable to call `nope`/);
});

test("an unknown filter (Nunjucks gives no line, and the wrong file) is found in the template", async () => {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), "newsroom-failure-"));
  await fs.mkdir(path.join(root, "layouts"));
  await fs.writeFile(path.join(root, "layouts/article.njk"), "<h1>{{ title }}</h1>\n<p>\n{{ date | nosuchfilter }}\n</p>\n");
  const inner = Object.assign(new Error("(./layouts/article.njk)\n (/x/layouts/partials/share-bar.njk)\n  Error: filter not found: nosuchfilter"), {
    originalError: new Error("filter not found: nosuchfilter"),
  });
  const error = Object.assign(new Error("Having trouble rendering njk template ./layouts/article.njk"), { name: "TemplateContentRenderError", originalError: inner });
  const failure = buildFailure(error, root);
  assert.is(failure.summary, "Error in layouts/article.njk, line 3");
  assert.match(failure.text, /^Unknown filter in a layout: layouts\/article\.njk, line 3, column 9\n.*nosuchfilter/);
});

test("the articles folder missing, found missing mid-build (ENOENT), is the catalogue's one line", () => {
  const root = "/site";
  const enoent = Object.assign(new Error("ENOENT: no such file or directory, scandir '/site/articles'"), { code: "ENOENT", syscall: "scandir", path: "/site/articles" });
  const failure = buildFailure(wrapped(enoent), root);
  assert.equal(failure, folderMissing("articles", root));
  assert.ok(failure.folderMissing);
  assert.not.match(failure.text, /\n/);
  assert.match(failure.text, /^No articles folder: there is no articles\/ folder in \/site\..*Fix: .*mkdir articles/);
  // A folder deeper down is not the articles folder.
  const deeper = Object.assign(new Error("ENOENT"), { code: "ENOENT", syscall: "scandir", path: "/site/articles/world" });
  assert.not.ok(buildFailure(deeper, root).folderMissing);
});

test("the error page escapes everything the failure quotes", () => {
  const hostile = '<script>window.__ran=1</script><img src=x onerror="alert(1)">';
  const failure = buildFailure(new ArticleValidationError([problem("SectionUnknown", `articles/${hostile}.md`, { field: "section", value: hostile, allowed: ["world"] })]));
  const html = renderErrorPage(PROJECT_ROOT, failure)!;
  const { document } = parseHTML(html);
  assert.is(document.querySelectorAll("script, img").length, 0, "no element from the text");
  assert.match(document.querySelector("main")!.textContent!, hostile);
  assert.match(document.querySelector("h2")!.textContent!, `articles/${hostile}.md`);
  assert.is(document.querySelector("h1")!.textContent!.trim(), "1 problem in 1 article");

  const other = renderErrorPage(PROJECT_ROOT, { summary: "Error in layouts/x.njk", problems: [], text: `layouts/x.njk: ${hostile}` })!;
  const page = parseHTML(other).document;
  assert.is(page.querySelectorAll("script, img").length, 0);
  assert.is(page.querySelector("pre")!.textContent, `layouts/x.njk: ${hostile}`);
});

test("a site without the layout gets the package's error page", () => {
  const failure = folderMissing("articles");
  const html = renderErrorPage(os.tmpdir(), failure);
  assert.ok(html, "the package's layouts/partials/preview-error.njk");
  const page = parseHTML(html!).document;
  assert.ok(page.querySelector("html"));
  assert.match(page.body.textContent ?? "", failure.summary);
});

test("pages get the error page; files do not", () => {
  for (const url of ["/", "/world/story/", "/world/story", "/404.html", "/india/monsoon-day-two/?x=1", "/tags/c%2B%2B/"]) assert.ok(isPageAddress(url), url);
  for (const url of ["/assets/site.css", "/feed.xml", "/img/ab/0123456789abcdef-480.avif", "/favicon.svg", "/.11ty/reload-client.js"]) assert.not.ok(isPageAddress(url), url);
});

test.run();
