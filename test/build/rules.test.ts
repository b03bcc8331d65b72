import fs from "node:fs/promises";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { assertReported } from "../support/report.ts";
import { article, createFixture } from "../support/fixture-site.ts";
import { listPages, readPage, text } from "../support/html.ts";

// Fixture sites built in temp folders: publication rules, untrusted text, and every way an
// article can be wrong. The fixture clock is 2023-09-01T12:00:00+05:30 unless a test says otherwise.

async function pageExists(output: string, urlPath: string): Promise<boolean> {
  return fs.access(path.join(output, urlPath, "index.html")).then(() => true, () => false);
}

async function siteText(output: string): Promise<string> {
  const pages = await listPages(output);
  const files = pages.map((p) => path.join(output, p.endsWith("/") ? `${p}index.html` : p));
  return (await Promise.all(files.map((f) => fs.readFile(f, "utf8")))).join("\n");
}

test("drafts and embargoed articles are left out of a build entirely", async () => {
  const site = await createFixture({
    "world/public-story.md": article({ title: "Public story", tags: ["Shared"], authors: ["Asha Menon"] }),
    "world/secret-draft.md": article({ title: "Secret draft", draft: true, tags: ["Shared"], authors: ["Asha Menon"] }),
    "world/future-story.md": article({ title: "Future story", date: "2023-09-02T09:00:00+05:30", tags: ["Shared"] }),
  });
  const result = await site.build();
  assert.ok(result.ok, JSON.stringify(result));
  assert.ok(await pageExists(site.output, "/world/public-story/"));
  assert.not.ok(await pageExists(site.output, "/world/secret-draft/"));
  assert.not.ok(await pageExists(site.output, "/world/future-story/"));
  const all = await siteText(site.output);
  for (const hidden of ["Secret draft", "Future story", "secret-draft", "future-story"]) {
    assert.not.ok(all.includes(hidden), `"${hidden}" appears in the build`);
  }
  const tag = await readPage(site.output, "/tags/shared/");
  assert.is(tag.querySelectorAll("main .card").length, 1);
});

test("an embargoed article appears once its time has come", async () => {
  const site = await createFixture({ "world/future-story.md": article({ date: "2023-09-02T09:00:00+05:30" }) });
  assert.ok((await site.build({ now: "2023-09-02T08:59:00+05:30" })).ok);
  assert.not.ok(await pageExists(site.output, "/world/future-story/"));
  assert.ok((await site.build({ now: "2023-09-02T09:00:00+05:30" })).ok);
  assert.ok(await pageExists(site.output, "/world/future-story/"));
});

test("the preview shows drafts and embargoed articles with a banner, and is not indexed", async () => {
  const site = await createFixture({
    "world/public-story.md": article({ title: "Public story" }),
    "world/secret-draft.md": article({ title: "Secret draft", draft: true }),
    "world/future-story.md": article({ title: "Future story", date: "2024-01-01" }),
  });
  const built = await site.build({ preview: true });
  assert.ok(built.ok);
  assert.equal(built.ok && built.report.heldBack, [], "the preview holds nothing back");
  const draft = await readPage(site.output, "/world/secret-draft/");
  assert.match(text(draft.querySelector(".status-banner")), /^Draft/);
  const future = await readPage(site.output, "/world/future-story/");
  assert.match(text(future.querySelector(".status-banner")), /^Embargoed until 1 January 2024/);
  assert.is((await readPage(site.output, "/world/public-story/")).querySelector(".status-banner"), null);
  const home = await readPage(site.output, "/");
  assert.ok(home.querySelector(".preview-banner"));
  assert.is(home.querySelector('meta[name="robots"]')?.getAttribute("content"), "noindex");
});

test("a bare date shows as that day in the site timezone", async () => {
  const site = await createFixture({ "world/dated.md": article({ date: "2023-08-30" }) });
  assert.ok((await site.build()).ok);
  const doc = await readPage(site.output, "/world/dated/");
  const time = doc.querySelector(".byline time")!;
  assert.is(time.getAttribute("datetime"), "2023-08-30T00:00:00+05:30");
  assert.match(text(time), /^30 August 2023/);
});

test("article text is data: template syntax, raw HTML and script links stay inert", async () => {
  const body = [
    "Total: {{ 7 * 7 }} and {% include 'base.njk' %} and {{ newsroom.site.name }}.",
    "",
    "<script>window.pwned = 1</script>",
    "",
    "[click me](javascript:alert(1)) and [fine](https://example.org/)",
  ].join("\n");
  const site = await createFixture({
    "world/hostile.md": article({ title: "<script>alert(1)</script> {{ 6 * 7 }}", description: '"quoted" & <b>bold</b>' }, body),
  });
  assert.ok((await site.build()).ok);
  const doc = await readPage(site.output, "/world/hostile/");
  assert.is(text(doc.querySelector("h1")), "<script>alert(1)</script> {{ 6 * 7 }}");
  assert.is(text(doc.querySelector(".article__standfirst")), '"quoted" & <b>bold</b>');
  const bodyEl = doc.querySelector(".article__body")!;
  // Printed as written, as prose: its quotes typeset (markdown.typography), never run.
  assert.match(text(bodyEl), /Total: \{\{ 7 \* 7 \}\} and \{% include ‘base\.njk’ %\} and \{\{ newsroom\.site\.name \}\}\./);
  assert.ok(text(bodyEl).includes("<script>window.pwned = 1</script>"), "raw HTML printed as text");
  assert.is(doc.querySelectorAll('script:not([src]):not([type="application/ld+json"])').length, 0, "no inline script (JSON-LD is data)");
  assert.equal([...bodyEl.querySelectorAll("a")].map((a) => a.getAttribute("href")), ["https://example.org/"]);
  for (const el of doc.querySelectorAll("*")) {
    for (const attr of el.attributes) assert.not.match(attr.value, /^\s*javascript:/i, `${el.tagName} ${attr.name}`);
  }
  const html = await fs.readFile(path.join(site.output, "world/hostile/index.html"), "utf8");
  assert.not.ok(html.includes("<script>alert"));
});

test("with raw HTML turned on in the settings, it is sanitized, and the build report says what was removed, on which line", async () => {
  const site = await createFixture(
    {
      "world/raw.md": article(
        {},
        '<p class="note">Kept <mark>mark</mark></p>\n\n<script>alert(1)</script>\n\n<a href="javascript:alert(1)" onclick="x()">link</a>\n\n<iframe src="https://video.example/embed/1"></iframe>\n\nSee [](https://example.com).',
      ),
    },
    { markdown: { allowHtml: true } },
  );
  const result = await site.build();
  assert.ok(result.ok);
  if (result.ok) {
    // The line of the file: the front matter takes the lines before the body.
    const lines = (await fs.readFile(path.join(site.root, "articles/world/raw.md"), "utf8")).split("\n");
    const lineOf = (text: string) => lines.findIndex((l) => l.includes(text)) + 1;
    const warnings = result.report.warnings.filter((w) => w.file === "articles/world/raw.md");
    assert.equal(
      warnings.map((w) => [w.field, w.message]),
      [
        ["body", `line ${lineOf("<script>")}: <script> is not allowed in articles and was removed.`],
        ["body", `line ${lineOf("javascript:")}: the link to "javascript:alert(1)" was removed: only http, https, mailto, tel links, or pages of this site, are allowed.`],
        ["body", `line ${lineOf("javascript:")}: onclick="x()" on <a> is not allowed in articles and was removed.`],
        ["body", `line ${lineOf("<iframe")}: <iframe> is not allowed in articles and was removed.`],
        ["body", `line ${lineOf("[](")}: the link to "https://example.com" has no text, so readers cannot see or click it.`],
      ],
    );
    assert.ok(warnings.every((w) => w.hint.length > 0));
  }
  const body = (await readPage(site.output, "/world/raw/")).querySelector(".article__body")!;
  assert.ok(body.querySelector("p.note mark"), "allowed HTML is kept");
  assert.is(body.querySelector("script"), null);
  assert.is(body.querySelector("[onclick]"), null);
  assert.not.ok(body.innerHTML.includes("javascript:"));
});

test("every bad article is reported at once, and the previous output is left untouched", async () => {
  const site = await createFixture({ "world/good.md": article({ title: "Good" }) });
  assert.ok((await site.build()).ok);
  const before = await fs.readFile(path.join(site.output, "world/good/index.html"), "utf8");
  const pagesBefore = await listPages(site.output);

  const bad: Record<string, string | Buffer> = {
    "world/missing-title-bad-section.md": article({ title: undefined, section: "sports" }),
    "world/no-front-matter.md": "Just text, no front matter.",
    "world/js-front-matter.md": "---js\nmodule.exports = { title: process.exit(9) }\n---\nx",
    "world/broken-yaml.md": "---\ntitle: Talks: day two\n---\nx",
    "world/missing-fields.md": "---\ntitle: Only a title\n---\nx",
    "world/wrong-types.md": article({ draft: "yes", tags: { a: 1 } }),
    "world/unknown-field.md": article({ tittle: "typo", permalink: "/elsewhere/" }),
    "world/bad-dates.md": article({ date: "30 August 2023", updated: "tomorrow" }),
    "world/updated-first.md": article({ date: "2023-08-30", updated: "2023-08-01" }),
    "world/bad-slug.md": article({ slug: "../../escape" }),
    "world/no-alt.md": article({ image: { src: "x.jpg" } }),
    "world/dup-one.md": article({ slug: "same" }),
    "india/dup-two.md": article({ slug: "same", section: "world" }),
    "world/image-missing.md": article({ image: { src: "nope.jpg", alt: "a" } }),
    "world/image-outside.md": article({ image: { src: "../../site.config.jpg", alt: "a" } }),
    "world/image-remote.md": article({}, "![remote](https://tracker.example/pixel.jpg)"),
    "world/image-svg.md": article({ image: { src: "logo.svg", alt: "a" } }),
    "world/logo.svg": '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    "world/image-corrupt.md": article({ image: { src: "corrupt.jpg", alt: "a" } }),
    "world/corrupt.jpg": Buffer.from("this is not a jpeg"),
  };
  for (const [name, content] of Object.entries(bad)) {
    const file = path.join(site.root, "articles", name);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, content);
  }
  const result = await site.build();
  assert.is(result.ok, false);
  const message = result.ok ? "" : result.message;

  const expected: [string, string, RegExp][] = [
    ["world/missing-title-bad-section.md", "title", /is required/],
    ["world/missing-title-bad-section.md", "section", /"sports" is not a section/],
    ["world/no-front-matter.md", "(front matter)", /does not start with a front matter block/],
    ["world/js-front-matter.md", "(front matter)", /marked "---js"/],
    ["world/broken-yaml.md", "(front matter)", /YAML is not valid/],
    ["world/missing-fields.md", "description", /is required/],
    ["world/missing-fields.md", "date", /is required/],
    ["world/missing-fields.md", "section", /is required/],
    ["world/wrong-types.md", "draft", /should be true or false/],
    ["world/wrong-types.md", "tags", /should be a list of tag names/],
    ["world/unknown-field.md", "tittle", /not a field Newsroom knows/],
    ["world/unknown-field.md", "permalink", /not a field Newsroom knows/],
    ["world/bad-dates.md", "date", /"30 August 2023" is not a valid date/],
    ["world/bad-dates.md", "updated", /"tomorrow" is not a valid date/],
    ["world/updated-first.md", "updated", /earlier than `date`/],
    ["world/bad-slug.md", "slug", /not a valid slug/],
    ["world/no-alt.md", "image.alt", /is required/],
    ["world/dup-one.md", "slug", /URL \/world\/same\/, which articles\/india\/dup-two\.md also has/],
    ["india/dup-two.md", "slug", /URL \/world\/same\/, which articles\/world\/dup-one\.md also has/],
    ["world/image-missing.md", "image.src", /"nope\.jpg" does not exist/],
    ["world/image-outside.md", "image.src", /points outside the article's folder/],
    ["world/image-remote.md", "body", /is a web address/],
    ["world/image-svg.md", "image.src", /is an SVG file/],
    ["world/image-corrupt.md", "image.src", /could not be read as an image/],
  ];
  assertReported(message, expected);
  assert.match(message, /Nothing was written/);

  assert.equal(await listPages(site.output), pagesBefore, "no page added or removed");
  assert.is(await fs.readFile(path.join(site.output, "world/good/index.html"), "utf8"), before);
  const leftovers = (await fs.readdir(site.root)).filter((n) => n.startsWith("_site."));
  assert.equal(leftovers, [], "no staging folder left behind");
});

test("a production build ignores NEWSROOM_PREVIEW and refuses a future NEWSROOM_NOW", async () => {
  const site = await createFixture({ "world/secret-draft.md": article({ draft: true }), "world/open.md": article() });
  process.env.NEWSROOM_PREVIEW = "1";
  try {
    assert.ok((await site.build()).ok);
  } finally {
    delete process.env.NEWSROOM_PREVIEW;
  }
  assert.ok(await pageExists(site.output, "/world/open/"));
  assert.not.ok(await pageExists(site.output, "/world/secret-draft/"));
  const future = await site.build({ now: "2999-01-01T00:00:00Z" });
  assert.is(future.ok, false);
  assert.match(future.ok ? "" : future.message, /NEWSROOM_NOW="2999-01-01T00:00:00Z" is in the future/);
  assert.ok((await site.build({ now: "2999-01-01T00:00:00Z", preview: true })).ok, "the preview may look ahead");
});

test("tags and authors in any script get pages; names with no letters are refused", async () => {
  const site = await createFixture({ "india/polls.md": article({ section: "india", tags: ["चुनाव", "Elections"] }) });
  assert.ok((await site.build()).ok);
  const doc = await readPage(site.output, "/india/polls/");
  assert.equal([...doc.querySelectorAll(".tags a")].map((a) => a.getAttribute("href")), ["/tags/चुनाव/", "/tags/elections/"]);
  assert.ok(await pageExists(site.output, "/tags/चुनाव/"));
  const bad = await createFixture({ "world/x.md": article({ tags: ["!!!"] }) });
  const result = await bad.build();
  const message = result.ok ? "(built)" : result.message;
  assert.ok(/tags: should be names with letters or digits \(not "!!!"\)/.test(message), message);
});

test.run();
