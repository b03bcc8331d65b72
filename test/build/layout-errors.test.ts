import fs from "node:fs/promises";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { buildSite } from "../../src/build/build.ts";
import { describeBuildError, type BuildErrorText } from "../../src/build/error-text.ts";
import { article, createFixture, type Fixture } from "../support/fixture-site.ts";

/**
 * Issue 10, "Settings and layouts": a layout error printed only `filter not found: nosuchfilter`,
 * without the file. describeBuildError (src/build/error-text.ts), which `npm run build` prints and
 * the preview shows, names the layout, the line and the column, and says what to do.
 */

const NOW = "2023-09-01T12:00:00+05:30";

/** A site of one story. */
function site(): Promise<Fixture> {
  return createFixture({ "world/visit.md": article({ title: "Visit", section: "world" }) });
}

/**
 * Builds a new site with `layout` (relative to layouts/) changed by `edit`; returns the error's
 * description and the changed layout's lines. A new site each time: Eleventy keeps what it read
 * of a template path for the life of the process.
 */
async function failWith(layout: string, edit: (text: string) => string): Promise<{ described: BuildErrorText; lines: string[] }> {
  const fixture = await site();
  const file = path.join(fixture.root, "layouts", layout);
  const original = await fs.readFile(file, "utf8");
  const changed = edit(original);
  assert.is.not(changed, original, "the edit applies");
  await fs.writeFile(file, changed);
  const saved = process.env.NEWSROOM_NOW;
  process.env.NEWSROOM_NOW = NOW;
  try {
    await buildSite({ root: fixture.root, quiet: true });
    throw new Error("the build should have failed");
  } catch (error) {
    return { described: describeBuildError(error, fixture.root), lines: changed.split("\n") };
  } finally {
    if (saved === undefined) delete process.env.NEWSROOM_NOW;
    else process.env.NEWSROOM_NOW = saved;
  }
}

test("an unknown filter in a page layout: file, line and column of the filter, the name, and where filters come from", async () => {
  const { described, lines } = await failWith("article.njk", (t) => t.replace("<h1", "{{ article.title | nosuchfilter }}\n<h1"));
  assert.is(described.file, "layouts/article.njk");
  assert.is(described.title, "Unknown filter in a layout");
  assert.match(lines[described.line! - 1]!, "| nosuchfilter");
  assert.is(lines[described.line! - 1]!.indexOf("| nosuchfilter") + 1, described.column);
  assert.match(described.message, 'the filter "nosuchfilter"');
  assert.match(described.hint, "src/index.ts");
  assert.match(described.text, `Unknown filter in a layout: layouts/article.njk, line ${described.line}, column ${described.column}`);
});

test("an unknown filter in a partial names the partial, not the page that uses it", async () => {
  const { described, lines } = await failWith("partials/base.njk", (t) => t.replace("</footer>", "{{ site.title | shouty }}</footer>"));
  assert.is(described.title, "Unknown filter in a layout", described.text + JSON.stringify(described));
  assert.is(described.file, "layouts/partials/base.njk");
  assert.match(lines[described.line! - 1]!, "| shouty");
});

test("a syntax error in a layout with front matter: the line counts the front matter, as an editor shows it", async () => {
  const { described, lines } = await failWith("article.njk", (t) => t.replace("<h1", "{% if %}\n<h1"));
  assert.is(described.file, "layouts/article.njk");
  assert.is(described.title, "A layout cannot be read");
  assert.is(lines[described.line! - 1]!.trim(), "{% if %}");
  assert.match(described.message, "unexpected token");
  assert.match(described.text, `layouts/article.njk, line ${described.line}, column`);
});

test("a tag left open in an included partial: LayoutSyntax naming the partial (not the page including it) and its end", async () => {
  const { described, lines } = await failWith("partials/byline.njk", (t) => `${t}\n{% for x in y %}\n`);
  assert.is(described.file, "layouts/partials/byline.njk");
  assert.is(described.title, "A layout cannot be read");
  assert.match(described.message, "unexpected end of file");
  assert.is(lines[described.line! - 1], "{% for x in y %}", "the last line, where the parser stopped");
});

test("an article problem is described as the article report, not as a layout error", async () => {
  const fixture = await site();
  const bad = path.join(fixture.root, "articles", "world", "bad.md");
  await fs.writeFile(bad, "---\ntitle: [unclosed\n---\nBody.\n");
  try {
    const result = await fixture.build({ now: NOW });
    assert.not.ok(result.ok);
    if (!result.ok) {
      assert.match(result.message, "articles/world/bad.md");
      assert.match(result.message, "Nothing was written.");
    }
  } finally {
    await fs.rm(bad);
  }
});

test.run();
