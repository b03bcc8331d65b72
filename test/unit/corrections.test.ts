import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Article } from "../../src/content/article.ts";
import { correctionsGroup, paginate } from "../../src/pages/listings.ts";
import { lastChange } from "../../src/pages/last-modified.ts";
import { createMarkdown } from "../../src/markdown/create-markdown.ts";
import { renderInlineText } from "../../src/markdown/inline-text.ts";
import { validateFrontMatter } from "../../src/content/schema.ts";
import { fieldExample } from "../../src/content/errors.ts";

function make(n: number, corrections: string[]): Article {
  return {
    digest: `d${n}`, file: `articles/${n}.md`, slug: `a${n}`, url: `/world/a${n}/`,
    section: { key: "world", label: "World", url: "/world/" },
    title: `Article ${n}`, description: "", date: "2023-08-01T10:00:00+05:30", timestamp: n, html: "", status: "published",
    tags: [], authors: [], images: [], related: [],
    ...(corrections.length ? { corrections: corrections.map((date, i) => ({ date, html: `c${n}.${i}`, text: `c${n}.${i}` })) } : {}),
  };
}

test("lastChange: the latest of date, updated and corrections, compared as instants across offsets", () => {
  const a = make(1, []);
  assert.is(lastChange(a), a.date);
  assert.is(lastChange({ ...a, updated: "2023-08-02T10:00:00+05:30" }), "2023-08-02T10:00:00+05:30");
  // 06:00 UTC is later than 10:00+05:30 (04:30 UTC) although it sorts earlier as text.
  const corrected = { ...a, updated: "2023-08-02T10:00:00+05:30", corrections: [{ date: "2023-08-02T06:00:00+00:00", html: "", text: "" }] };
  assert.is(lastChange(corrected), "2023-08-02T06:00:00+00:00");
  assert.is(lastChange({ ...corrected, updated: "2023-08-03T10:00:00+05:30" }), "2023-08-03T10:00:00+05:30");
});

test("correctionsGroup: every correction once, newest first, across articles; paginated from the oldest like any listing", () => {
  const articles = [
    make(1, ["2023-08-02T10:00:00+05:30", "2023-08-05T10:00:00+05:30"]),
    make(2, []),
    make(3, ["2023-08-04T10:00:00+05:30"]),
    make(4, ["2023-08-03T10:00:00+05:30", "2023-08-01T12:00:00+05:30"]),
  ];
  const group = correctionsGroup(articles);
  const entries = (articles: Article[], indexes: number[]) => articles.map((a, i) => a.corrections![indexes[i]!]!.text);
  assert.equal(entries(group.articles, group.corrections!), ["c1.1", "c3.0", "c4.0", "c1.0", "c4.1"]);
  const pages = paginate("corrections", group, 2);
  assert.equal(pages.map((p) => p.url), ["/corrections/", "/corrections/page/1/", "/corrections/page/2/"]);
  assert.equal(pages.map((p) => entries(p.articles, p.corrections!)), [["c1.1", "c3.0"], ["c1.0", "c4.1"], ["c4.0"]]);
  // No corrections: the front page still exists (the footer links to it), empty.
  const empty = paginate("corrections", correctionsGroup([make(5, [])]), 2);
  assert.equal(empty.map((p) => [p.url, p.articles.length, p.corrections]), [["/corrections/", 0, []]]);
});

test("renderInlineText: inline markdown only; the link policy, and the sanitizer when raw HTML is on", () => {
  const where = { file: "f.md", field: "note" };
  const off = renderInlineText(createMarkdown({ allowHtml: false }), "# Not a heading *but* [a link](https://x.test) [bad](javascript:alert(1)) <b>b</b> `a<b`", where);
  assert.is(off.html, '# Not a heading <em>but</em> <a href="https://x.test">a link</a> [bad](javascript:alert(1)) &lt;b&gt;b&lt;/b&gt; <code>a&lt;b</code>');
  assert.is(off.text, "# Not a heading but a link [bad](javascript:alert(1)) <b>b</b> a<b");
  const on = renderInlineText(createMarkdown({ allowHtml: true }), 'Fixed <b onclick="x()">b</b><script>alert(1)</script><a href="javascript:x">y</a>', where);
  // The project's allow-list (html-policy.ts): the handler and the javascript: address go, the words stay.
  assert.is(on.html, "Fixed <b>b</b><a>y</a>");
  assert.is(on.text, "Fixed by", "the text of what the sanitizer kept: no script");
  assert.is(on.problems.length, 0);
  const image = renderInlineText(createMarkdown({ allowHtml: false }), "A ![photo](p.jpg) here", { file: "f.md", field: "corrections[2].text" });
  assert.equal(image.problems.map((p) => [p.name, p.field]), [["InlineTextImage", "corrections[2].text"]]);
  assert.match(image.problems[0]!.message, /a correction holds text, links and emphasis only/);
});

test("validation: corrections and photos: as typed; examples in the hints for items and photos", () => {
  const site = { timezone: "Asia/Kolkata", sections: { world: {} } };
  const base = { title: "T", description: "D", date: "2023-08-30", section: "world" };
  const now = new Date("2023-09-01T00:00:00Z");
  const ok = validateFrontMatter({ ...base, corrections: [{ date: "2023-08-31", text: "b" }, { date: "2023-08-30T12:00", text: "a" }], photos: { "c.jpg": { creator: "X", license: "https://x.test/l" } } }, "f.md", site, now);
  assert.ok(ok.ok);
  if (ok.ok) {
    assert.equal(ok.value.corrections.map((c) => [c.text, c.item, c.date.toISO()]), [
      ["a", 1, "2023-08-30T12:00:00.000+05:30"],
      ["b", 0, "2023-08-31T00:00:00.000+05:30"],
    ]);
  }
  // The article's own day, at midnight, is not before it; a minute before is.
  const same = validateFrontMatter({ ...base, corrections: [{ date: "2023-08-30", text: "a" }] }, "f.md", site, now);
  assert.ok(same.ok);
  const before = validateFrontMatter({ ...base, corrections: [{ date: "2023-08-29T23:59", text: "a" }] }, "f.md", site, now);
  assert.equal(before.ok ? [] : before.problems.map((p) => [p.name, p.field]), [["CorrectionBeforeDate", "corrections[1].date"]]);
  const nulls = validateFrontMatter({ ...base, corrections: [{ date: null, text: "x" }], photos: { "c.jpg": { creator: null, license: "ftp://x.test/l" } } }, "f.md", site, now);
  assert.equal(nulls.ok ? [] : nulls.problems.map((p) => [p.name, p.field]), [
    ["FieldMissing", "corrections[1].date"],
    ["FieldType", "photos[c.jpg].license"],
  ]);
  assert.match(fieldExample("corrections[3].date"), /^date: 2023-08-31T10:00/);
  assert.match(fieldExample("photos[Crowd at gate (2).jpg].license"), /^license: https:/);
  assert.is(fieldExample("unheard.of"), "of: …");
});

test.run();
