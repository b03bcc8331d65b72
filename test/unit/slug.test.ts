import { test } from "uvu";
import * as assert from "uvu/assert";
import { isSlug, slugFromPath, toSlug } from "../../src/content/slug.ts";

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

test.run();
