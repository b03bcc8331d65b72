import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { SlugStore } from "../../src/content/slug-store.ts";
import { knownSlugs, toSlug } from "../../src/content/slug.ts";

test("slugs are kept for the same code only; a damaged file is ignored", async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "newsroom-slugs-"));
  toSlug("Élections régionales");
  await new SlugStore(dir).save("code-1");
  const saved = JSON.parse(await fs.readFile(path.join(dir, "slugs.json"), "utf8")) as { fingerprint: string; slugs: [string, string][] };
  assert.is(saved.fingerprint, "code-1");
  assert.ok(saved.slugs.some(([name, slug]) => name === "Élections régionales" && slug === "elections-regionales"));

  // A name only an earlier build of this code saw, written by hand here: learnt for code-1 only.
  saved.slugs.push(["Only In The File", "from-the-file"]);
  await fs.writeFile(path.join(dir, "slugs.json"), JSON.stringify(saved));
  await new SlugStore(dir).load("code-2");
  assert.not.ok(knownSlugs().some(([name]) => name === "Only In The File"), "another fingerprint: ignored");
  await new SlugStore(dir).load("code-1");
  assert.is(toSlug("Only In The File"), "from-the-file");

  await fs.writeFile(path.join(dir, "slugs.json"), "{not json");
  await new SlugStore(dir).load("code-1");
  assert.is(toSlug("Another Name"), "another-name", "a damaged file changes nothing");
});

test.run();
