import { test } from "uvu";
import * as assert from "uvu/assert";
import { nameKey, tidyName } from "../../src/content/name-key.ts";
import { isSlug, nameSlug, slugFromPath, toSlug } from "../../src/content/slug.ts";

test("the default slug comes from the file name", () => {
  assert.is(slugFromPath("/site/articles/world/rupee-steadies.md"), "rupee-steadies");
  assert.is(slugFromPath("/site/articles/world/Rupee Steadies Today.md"), "rupee-steadies-today");
});

test("an article folder's index.md takes the folder's name", () => {
  assert.is(slugFromPath("/site/articles/world/cleverly-in-beijing/index.md"), "cleverly-in-beijing");
});

test("names become URL-safe slugs", () => {
  assert.is(toSlug("UK-China relations"), "uk-china-relations");
  assert.is(toSlug("Russia–Ukraine war"), "russia-ukraine-war");
  assert.is(toSlug("Café Society"), "cafe-society");
  assert.is(toSlug("Science & Tech"), "science-and-tech");
});

test("isSlug accepts lowercase words joined by single hyphens only", () => {
  for (const good of ["a", "world", "g20-summit", "2023-budget"]) assert.ok(isSlug(good), good);
  for (const bad of ["", "World", "a--b", "-a", "a-", "a b", "../etc", "a/b", "über"]) assert.not.ok(isSlug(bad), bad);
});

test("spellings a reader sees as one name have one key", () => {
  const same: string[][] = [
    ["Elections", "elections", "ELECTIONS", "  Elections ", "Elections\u200B"],
    ["Caf\u00E9", "Cafe\u0301", "CAF\u00C9"], // NFC and NFD
    ["AI", "\uFF21\uFF29"], // full-width letters (NFKC)
    ["Russia-Ukraine war", "Russia\u2013Ukraine war", "Russia \u2014 Ukraine  war", "Russia\u2011Ukraine war"],
    ["Women's cricket", "Women\u2019s cricket", "Women\u02BCs cricket"],
    ["C#", "C\u266F", "c#"],
    ["Asha Menon", "asha\u00A0menon", "Asha\tMenon"],
    ["Stra\u00DFe", "STRASSE"],
    ["\u0130stanbul", "istanbul", "ISTANBUL"], // Turkish dotted capital I
  ];
  for (const group of same) {
    for (const name of group) assert.is(nameKey(name), nameKey(group[0]!), `${JSON.stringify(name)} ~ ${JSON.stringify(group[0])}`);
  }
});

test("names a reader can tell apart keep different keys", () => {
  const different = [["C", "C++", "C#", "F#"], ["Jose", "Jos\u00E9"], ["Cote", "C\u00F4te"], ["AI", "A.I."], ["Science & Tech", "Science and Tech"]];
  for (const group of different) assert.is(new Set(group.map(nameKey)).size, group.length, group.join(" / "));
  assert.is(nameKey(" \u200B "), "");
});

test("tidyName keeps the writer's spelling without what a reader cannot see", () => {
  assert.is(tidyName("  Cafe\u0301 \u00A0Society\u00AD "), "Caf\u00E9 Society");
  assert.is(tidyName("ELECTIONS"), "ELECTIONS");
});

test("nameSlug spells out + and # at the end of a word and keeps ordinary addresses", () => {
  const cases: [string, string][] = [
    ["C", "c"], ["C++", "c-plus-plus"], ["C#", "c-sharp"], ["C\u266F", "c-sharp"], ["F#", "f-sharp"],
    ["Notepad++", "notepad-plus-plus"], ["C++11", "c-plus-plus-11"], ["Disney+", "disney-plus"],
    ["#MeToo", "metoo"], ["1+1", "1-1"], ["\uFF23\uFF0B\uFF0B", "c-plus-plus"], ["\uFF21\uFF29", "ai"],
    ["Women\u2019s cricket", "womens-cricket"],
  ];
  for (const [name, slug] of cases) assert.is(nameSlug(name), slug, name);
  // Names without those signs keep the address toSlug gave them before.
  for (const name of ["UK-China relations", "Russia\u2013Ukraine war", "Caf\u00E9 Society", "Science & Tech", "A.I.", "\u091A\u0941\u0928\u093E\u0935", "Women's cricket", "Elections"]) {
    assert.is(nameSlug(name), toSlug(name), name);
  }
  assert.is(nameSlug("Elections"), nameSlug(" ELECTIONS "));
  assert.is(nameSlug("+++"), "");
});

test.run();
