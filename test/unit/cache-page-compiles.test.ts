import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { Eleventy } from "@11ty/eleventy";
import { cachePageCompiles } from "../../src/build/cache-page-compiles.ts";

// Eleventy's private Nunjucks engine is what we switch; when an upgrade moves it, this fails so
// that someone looks (the build would only be slower, not wrong).
test("the patch finds Eleventy's Nunjucks engine", async () => {
  assert.is(await cachePageCompiles(), true);
});

async function build(input: string, output: string): Promise<void> {
  const eleventy = new Eleventy(input, output, { quietMode: true });
  eleventy.disableLogger();
  await eleventy.write();
}

test("a template compiled once renders each page with its own data, and another site's template of the same name is its own", async () => {
  await cachePageCompiles();
  const root = await fs.mkdtemp(path.join(os.tmpdir(), "newsroom-compiles-"));
  const input = path.join(root, "in");
  await fs.mkdir(input, { recursive: true });
  const page = (words: string) =>
    `---\npagination:\n  data: items\n  size: 1\n  alias: item\nitems: [one, two, three]\npermalink: "/{{ item }}/"\n---\n<p>${words} {{ item | upper }}</p>`;
  const read = (dir: string, item: string) => fs.readFile(path.join(root, dir, item, "index.html"), "utf8");
  try {
    await fs.writeFile(path.join(input, "items.njk"), page("Item"));
    await build(input, path.join(root, "first"));
    assert.equal(await Promise.all(["one", "two", "three"].map((i) => read("first", i))), ["<p>Item ONE</p>", "<p>Item TWO</p>", "<p>Item THREE</p>"]);
    // Same process, another site with a template of the same name (as tests build many fixture sites).
    const other = path.join(root, "other");
    await fs.mkdir(other);
    await fs.writeFile(path.join(other, "items.njk"), page("Story"));
    await build(other, path.join(root, "second"));
    assert.is(await read("second", "two"), "<p>Story TWO</p>");
  } finally {
    await fs.rm(root, { recursive: true, force: true });
  }
});

test.run();
