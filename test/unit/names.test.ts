import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Article } from "../../src/content/article.ts";
import { compareCodePoints, nameTagsAndAuthors } from "../../src/content/names.ts";
import { nameSlug } from "../../src/content/slug.ts";
import { resolveSettings, type SiteSettings } from "../../src/settings.ts";

// The site-wide naming pass on its own (src/content/names.ts); test/build/names.test.ts builds it.

const site: SiteSettings = resolveSettings({
  name: "T", url: "https://t.example", language: "en", timezone: "UTC",
  sections: { world: { label: "World" } },
  authors: { "Asha Menon": { role: "Correspondent" }, "José Martí": {} },
});

/** An article as loadArticle leaves it: names as the writer spelt them. */
function make(file: string, tags: string[], authors: string[] = []): Article {
  return {
    digest: file, file, slug: file, url: `/world/${file}/`, section: { key: "world", label: "World", url: "/world/" },
    title: file, description: "", date: "", timestamp: 0, html: "", status: "published",
    tags: tags.map((name) => ({ name, slug: nameSlug(name), url: `/tags/${nameSlug(name)}/` })),
    authors: authors.map((name) => ({ name, slug: nameSlug(name) })), images: [], related: [],
  };
}

test("C, C++ and C# are three tags with three pages", () => {
  const articles = [make("a", ["C"]), make("b", ["C++"]), make("c", ["C#"]), make("d", ["C\u266F"])];
  assert.equal(nameTagsAndAuthors(articles, site), []);
  assert.equal(articles.map((a) => [a.tags[0]!.name, a.tags[0]!.url]), [
    ["C", "/tags/c/"], ["C++", "/tags/c-plus-plus/"], ["C#", "/tags/c-sharp/"], ["C#", "/tags/c-sharp/"],
  ]);
});

test("spellings of one name become one tag named by the most articles, whatever the file order", () => {
  const articles = [make("1", ["elections"]), make("2", ["Elections"]), make("3", ["ELECTIONS"]), make("4", [" Elections "])];
  assert.equal(nameTagsAndAuthors(articles, site), []);
  assert.equal(new Set(articles.map((a) => a.tags[0])).size, 1, "one shared tag");
  assert.equal(articles[0]!.tags[0], { name: "Elections", slug: "elections", url: "/tags/elections/" });

  // The same articles read in the opposite order name it the same way.
  const reversed = [make("4", [" Elections "]), make("3", ["ELECTIONS"]), make("2", ["Elections"]), make("1", ["elections"])];
  nameTagsAndAuthors(reversed, site);
  assert.is(reversed[0]!.tags[0]!.name, "Elections");
});

test("a tie goes to the first spelling in code point order; one more article renames only with a majority", () => {
  const names = (list: Article[]) => (nameTagsAndAuthors(list, site), list[0]!.tags[0]!.name);
  assert.is(names([make("1", ["climate"]), make("2", ["Climate"])]), "Climate");
  assert.is(names([make("2", ["Climate"]), make("1", ["climate"])]), "Climate");
  // With "Climate" the most used, a new article in another spelling does not rename the tag…
  const two = () => [make("1", ["climate"]), make("2", ["Climate"]), make("3", ["Climate"])];
  assert.is(names(two()), "Climate");
  assert.is(names([...two(), make("0", ["CLIMATE"])]), "Climate");
  // …two more with "climate" make that the majority.
  assert.is(names([...two(), make("4", ["climate"]), make("5", ["climate"])]), "climate");
  // NFC and NFD are one spelling (counted together), shown composed.
  assert.is(names([make("1", ["Cafe\u0301"]), make("2", ["Caf\u00E9"]), make("3", ["CAFÉ"])]), "Caf\u00E9");
});

test("code point order is not UTF-16 order", () => {
  assert.ok(compareCodePoints("\uFF21", "\u{1D400}") < 0, "U+FF21 before U+1D400");
  assert.ok(compareCodePoints("E", "e") < 0);
  assert.ok(compareCodePoints("Ab", "A") > 0);
});

test("different tags that would share a page are a problem naming both names and their files", () => {
  const articles = [
    make("articles/a.md", ["C\u00F4te"]), make("articles/b.md", ["Cote"]),
    make("articles/c.md", ["Cote"]), make("articles/d.md", ["Science & Tech"]), make("articles/e.md", ["Science and Tech"]),
  ];
  const problems = nameTagsAndAuthors(articles, site);
  assert.equal(problems.map((p) => [p.name, p.file, p.field]), [
    ["NameShared", "articles/b.md", "tags"], ["NameShared", "articles/a.md", "tags"],
    ["NameShared", "articles/e.md", "tags"], ["NameShared", "articles/d.md", "tags"],
  ]);
  assert.is(problems[0]!.message, '"Cote" and "Côte" would share the page /tags/cote/. "Côte" is in articles/a.md.');
  assert.is(problems[1]!.message, '"Côte" and "Cote" would share the page /tags/cote/. "Cote" is in articles/b.md, articles/c.md.');
  assert.match(problems[0]!.hint, 'write it exactly as "Côte" everywhere');
});

test("a clash message names the first files and counts the rest", () => {
  const articles = [make("x.md", ["Cote"]), ...Array.from({ length: 5 }, (_, i) => make(`y${i}.md`, ["C\u00F4te"]))];
  const onX = nameTagsAndAuthors(articles, site).find((p) => p.file === "x.md");
  assert.match(onX!.message, /"Côte" is in y0\.md, y1\.md, y2\.md and 2 other articles\.$/);
});

test("bylines match author profiles by the same key and show the profile's spelling", () => {
  const articles = [make("1", [], ["asha  menon", "Jose\u0301 Marti\u0301"]), make("2", [], ["Guest Writer"])];
  assert.equal(nameTagsAndAuthors(articles, site), []);
  assert.equal(articles[0]!.authors, [
    { name: "Asha Menon", slug: "asha-menon", url: "/authors/asha-menon/", role: "Correspondent" },
    { name: "José Martí", slug: "jose-marti", url: "/authors/jose-marti/", role: undefined },
  ]);
  assert.equal(articles[1]!.authors, [{ name: "Guest Writer", slug: "guest-writer" }]);

  // A profile name typed with stray spaces in site.config.ts is shown tidy and still matches.
  const untidy = resolveSettings({ ...site, authors: { " Meera  Das ": { role: "Science writer" } } });
  const meera = [make("3", [], ["Meera Das"])];
  nameTagsAndAuthors(meera, untidy);
  assert.equal(meera[0]!.authors, [{ name: "Meera Das", slug: "meera-das", url: "/authors/meera-das/", role: "Science writer" }]);
});

test("a byline that would take an author profile's page is a problem; bylines without pages may share a slug", () => {
  const articles = [make("articles/1.md", [], ["Jose Marti"]), make("articles/2.md", [], ["Ana Lopez"]), make("articles/3.md", [], ["Ana López"])];
  const problems = nameTagsAndAuthors(articles, site);
  assert.equal(problems.map((p) => [p.file, p.field]), [["articles/1.md", "authors"]]);
  assert.is(problems[0]!.message, '"Jose Marti" and "José Martí" would share the page /authors/jose-marti/. "José Martí" is in the author profiles in site.config.ts.');
  assert.match(problems[0]!.hint, 'write the byline exactly as "José Martí"');
  assert.equal(articles.slice(1).map((a) => a.authors[0]!.name), ["Ana Lopez", "Ana López"]);
});

test("the naming pass grows with the archive: 100,000 articles with five tags each", () => {
  const articles = Array.from({ length: 100_000 }, (_, i) =>
    make(`a${i}`, [`Topic ${i % 400}`, `TOPIC ${(i + 1) % 400}`, `Place ${i % 300}`, "Elections", `Person ${i % 500}`], ["Asha Menon"]));
  // CPU time, not wall time: the machine running the tests may be busy with other work.
  const started = process.cpuUsage();
  assert.equal(nameTagsAndAuthors(articles, site), []);
  const ms = process.cpuUsage(started).user / 1000;
  if (process.env.DEBUG) console.log(`naming 100,000 articles: ${ms.toFixed(0)} ms of CPU`);
  assert.ok(ms < 3000, `${ms} ms`);
  assert.is(articles[0]!.tags[0], articles[399]!.tags[1], "Topic 0 and TOPIC 0 are one shared tag");
});

test.run();
