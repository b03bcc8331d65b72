import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { Eleventy } from "@11ty/eleventy";
import { releaseWrittenPages } from "../../src/build/release-written-pages.ts";
import { announceWrittenPages } from "../../src/build/page-written.ts";
import { beginStagedBuild, endStagedBuild } from "../../src/build/staged-build.ts";

// Eleventy's private Template#_write is what we wrap; when an Eleventy upgrade renames it, this
// fails so that someone moves the patch (the build itself would only get heavier, not wrong).
test("the patch finds Eleventy's Template#_write", async () => {
  assert.is(await releaseWrittenPages(), true);
  assert.is(await releaseWrittenPages(), true, "installing twice is harmless");
});

test("pages are written in full, the results no longer hold their HTML, and the staged build is told each page written", async () => {
  await releaseWrittenPages();
  assert.is(await announceWrittenPages(), true);
  assert.is(await releaseWrittenPages(), true, "each wrapper is put in place once, whatever the order");
  const told: string[] = [];
  beginStagedBuild({ output: "unused", full: true, written: (url) => told.push(url) });
  const root = await fs.mkdtemp(path.join(os.tmpdir(), "newsroom-release-"));
  const input = path.join(root, "in");
  await fs.mkdir(path.join(input, "_includes"), { recursive: true });
  await fs.writeFile(path.join(input, "_includes/base.njk"), "<main>{{ content | safe }}</main>");
  // A paginated template with a layout, like layouts/article.njk: one clone per page.
  await fs.writeFile(
    path.join(input, "items.njk"),
    "---\npagination:\n  data: items\n  size: 1\n  alias: item\nitems: [one, two, three]\npermalink: \"/{{ item }}/\"\nlayout: base.njk\n---\n<p>Item {{ item }}</p>",
  );
  try {
    const eleventy = new Eleventy(input, path.join(root, "out"), { quietMode: true });
    eleventy.disableLogger();
    const [, templates] = (await eleventy.write()) as [unknown, Array<{ url?: string; outputPath?: string; content?: unknown }>];
    assert.equal(templates.map((t) => t.url).sort(), ["/one/", "/three/", "/two/"]);
    assert.ok(templates.every((t) => t.content === undefined && typeof t.outputPath === "string"));
    for (const item of ["one", "two", "three"]) {
      assert.is(await fs.readFile(path.join(root, "out", item, "index.html"), "utf8"), `<main><p>Item ${item}</p></main>`);
    }
    assert.equal(told.sort(), ["/one/", "/three/", "/two/"]);
  } finally {
    endStagedBuild();
    await fs.rm(root, { recursive: true, force: true });
  }
});

test.run();
