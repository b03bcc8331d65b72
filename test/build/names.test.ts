import fs from "node:fs/promises";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { article, createFixture, type Fixture } from "../support/fixture-site.ts";
import { readPage, text } from "../support/html.ts";

// Tags and authors that collide (issue 8, case 01): different names get different pages or an
// error, and spellings a reader sees as one name are one page. One site is built for the
// successful cases and one for the clashes.

const CASE = path.join(import.meta.dirname, "../fixtures/cases/01-tag-slug-collision-cpp-csharp/articles");

async function caseArticles(): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const name of await fs.readdir(path.join(CASE, "world"))) {
    files[`world/${name}`] = await fs.readFile(path.join(CASE, "world", name), "utf8");
  }
  return files;
}

const PROFILES = {
  "Asha Menon": { role: "World affairs correspondent" },
  "José Martí": { role: "Latin America correspondent" },
};

let site: Fixture;

test.before(async () => {
  site = await createFixture(
    {
      ...(await caseArticles()),
      // Microsoft's own spelling of C#: the same tag.
      "world/csharp-sharp-sign.md": article({ title: "C sharp sign", date: "2023-08-29T10:00:00+05:30", tags: ["C\u266F"] }),
      // One name in five spellings: case, surrounding and repeated whitespace, an invisible character.
      "india/e1.md": article({ title: "E1", section: "india", tags: ["elections"], authors: ["asha  menon"] }),
      "india/e2.md": article({ title: "E2", section: "india", tags: ["Elections"], authors: ["Asha Menon"] }),
      "india/e3.md": article({ title: "E3", section: "india", tags: [" Elections "], authors: ["ASHA MENON"] }),
      "india/e4.md": article({ title: "E4", section: "india", tags: ["ELECTIONS\u200B"] }),
      // Unicode normalisation (NFD and NFC) and compatibility forms (full-width letters).
      "world/cafe-nfd.md": article({ title: "Cafe NFD", tags: ["Cafe\u0301 society", "\uFF21\uFF29"], authors: ["Jose\u0301 Marti\u0301"] }),
      "world/cafe-nfc.md": article({ title: "Cafe NFC", tags: ["Caf\u00E9 society", "AI"] }),
      "world/cafe-nfc-2.md": article({ title: "Cafe NFC 2", tags: ["Caf\u00E9 Society", "AI"] }),
      // Typographic dashes and apostrophes.
      "world/dash.md": article({ title: "Dash", tags: ["Russia\u2013Ukraine war", "Women\u2019s cricket"] }),
      "world/hyphen.md": article({ title: "Hyphen", tags: ["Russia-Ukraine war", "Women's cricket"] }),
    },
    { authors: PROFILES },
  );
  // The case's articles are dated 2023-09-20: build after that, so none is embargoed.
  const result = await site.build({ now: "2023-10-01T12:00:00+05:30" });
  assert.ok(result.ok, JSON.stringify(result));
});

async function tagPage(url: string): Promise<{ title: string; cards: number }> {
  const page = await readPage(site.output, url);
  return { title: text(page.querySelector("h1")), cards: page.querySelectorAll("main .card").length };
}

async function tagPages(): Promise<string[]> {
  return (await fs.readdir(path.join(site.output, "tags"))).sort();
}

test("case 01: C, C++ and C# get three tag pages, each with its own name", async () => {
  assert.equal(await tagPage("/tags/c/"), { title: "C", cards: 1 });
  assert.equal(await tagPage("/tags/c-plus-plus/"), { title: "C++", cards: 1 });
  assert.equal(await tagPage("/tags/c-sharp/"), { title: "C#", cards: 2 });
  assert.equal(await tagPage("/tags/programming-languages/"), { title: "Programming languages", cards: 3 });
  const cpp = await readPage(site.output, "/world/cpp/");
  const links = [...cpp.querySelectorAll(".tags a")].map((a) => [text(a), a.getAttribute("href")]);
  assert.equal(links, [["C++", "/tags/c-plus-plus/"], ["Programming languages", "/tags/programming-languages/"]]);
  assert.equal(
    [...cpp.querySelectorAll('meta[property="article:tag"]')].map((m) => m.getAttribute("content")),
    ["C++", "Programming languages"],
  );
});

test("spellings a reader sees as one name are one tag page, named as most articles spell it", async () => {
  assert.equal(await tagPage("/tags/elections/"), { title: "Elections", cards: 4 });
  assert.equal(await tagPage("/tags/cafe-society/"), { title: "Caf\u00E9 society", cards: 3 });
  assert.equal(await tagPage("/tags/ai/"), { title: "AI", cards: 3 });
  assert.equal(await tagPage("/tags/russia-ukraine-war/"), { title: "Russia-Ukraine war", cards: 2 });
  assert.equal(await tagPage("/tags/womens-cricket/"), { title: "Women's cricket", cards: 2 });
  assert.equal(await tagPages(), [
    "ai", "c", "c-plus-plus", "c-sharp", "cafe-society", "elections", "programming-languages", "russia-ukraine-war", "womens-cricket",
  ]);
  // Every article shows the tag's one name, whatever its own spelling.
  const e1 = await readPage(site.output, "/india/e1/");
  assert.equal([...e1.querySelectorAll(".tags a")].map(text), ["Elections"]);
});

test("bylines in other spellings of a profile's name link to the profile, shown as the profile spells it", async () => {
  for (const url of ["/india/e1/", "/india/e2/", "/india/e3/"]) {
    const page = await readPage(site.output, url);
    const byline = page.querySelector(".byline__authors a");
    assert.is(text(byline), "Asha Menon", url);
    assert.is(byline?.getAttribute("href"), "/authors/asha-menon/", url);
  }
  const author = await readPage(site.output, "/authors/asha-menon/");
  assert.is(author.querySelectorAll("main .card").length, 3);
  const jose = await readPage(site.output, "/authors/jose-marti/");
  assert.is(text(jose.querySelector("h1")), "Jos\u00E9 Mart\u00ED");
  assert.is(jose.querySelectorAll("main .card").length, 1);
});

test("different names that would share a page stop the build, naming both names and their files", async () => {
  const clash = await createFixture(
    {
      "world/cote-accent.md": article({ tags: ["C\u00F4te"] }),
      "world/cote-plain.md": article({ tags: ["Cote"] }),
      "business/and.md": article({ section: "business", tags: ["Science and Tech"] }),
      "business/ampersand.md": article({ section: "business", tags: ["Science & Tech"] }),
      "world/byline.md": article({ authors: ["Jose Marti"] }),
      // Two bylines without a profile have no page to share: not a problem.
      "world/ana-1.md": article({ authors: ["Ana Lopez"] }),
      "world/ana-2.md": article({ authors: ["Ana L\u00F3pez"] }),
    },
    { authors: PROFILES },
  );
  const result = await clash.build();
  assert.not.ok(result.ok);
  if (result.ok) return;
  assert.match(result.message, "Newsroom found 5 problems in 5 articles. Nothing was written.");
  const expected = [
    ["articles/world/cote-plain.md", 'tags: "Cote" and "C\u00F4te" would share the page /tags/cote/. "C\u00F4te" is in articles/world/cote-accent.md.'],
    ["articles/world/cote-accent.md", 'tags: "C\u00F4te" and "Cote" would share the page /tags/cote/. "Cote" is in articles/world/cote-plain.md.'],
    ["articles/business/and.md", 'tags: "Science and Tech" and "Science & Tech" would share the page /tags/science-and-tech/. "Science & Tech" is in articles/business/ampersand.md.'],
    ["articles/world/byline.md", 'authors: "Jose Marti" and "Jos\u00E9 Mart\u00ED" would share the page /authors/jose-marti/. "Jos\u00E9 Mart\u00ED" is in the author profiles in site.config.ts.'],
  ];
  for (const [file, line] of expected) {
    // After the line of the field in the file ("line 5, tags: …").
    assert.match(result.message, new RegExp(`  ${escape(file)}\\n    line \\d+, ${escape(line)}\\n      fix: `));
  }
  assert.match(result.message, 'fix: If it is the same person, write the byline exactly as "Jos\u00E9 Mart\u00ED".');
  assert.not.match(result.message, "ana-");
  const written = await fs.access(clash.output).then(() => true, () => false);
  assert.not.ok(written, "nothing written");
});

test.run();

function escape(text: string | undefined): string {
  return (text ?? "").replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
