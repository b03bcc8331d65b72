import fs from "node:fs/promises";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { siteFiles } from "../../src/build/site-files.ts";
import { article, createFixture } from "../support/fixture-site.ts";

/**
 * A build shared between two processes (src/build/render-shards.ts; big cold builds do this by
 * themselves, NEWSROOM_BUILD_PROCESSES forces it here) makes the same site, byte for byte, as one
 * process; a failure in either leaves the site as it was and names the article.
 */

const articles: Record<string, string> = {};
for (let i = 0; i < 9; i++) {
  const section = ["world", "sport", "business"][i % 3]!;
  articles[`${section}/story-${i}.md`] = article({
    title: `Story ${i}`,
    section,
    date: `2023-08-${String(10 + i).padStart(2, "0")}T10:00:00+05:30`,
    tags: [`Topic ${i % 4}`, "Common"],
  }, `Paragraph of story ${i}.`);
}

async function tree(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const file of await siteFiles(dir)) out.set(file, await fs.readFile(path.join(dir, file), "utf8"));
  return out;
}

async function withProcesses<T>(count: number, work: () => Promise<T>): Promise<T> {
  process.env.NEWSROOM_BUILD_PROCESSES = String(count);
  try {
    return await work();
  } finally {
    delete process.env.NEWSROOM_BUILD_PROCESSES;
  }
}

test("two processes build the same site as one", async () => {
  const shared = await createFixture(articles, { perPage: 2 });
  const single = await createFixture(articles, { perPage: 2 });
  const a = await withProcesses(2, () => shared.build());
  const b = await withProcesses(1, () => single.build());
  assert.ok(a.ok && b.ok);
  const [ta, tb] = [await tree(shared.output), await tree(single.output)];
  assert.equal([...ta.keys()], [...tb.keys()]);
  for (const [file, text] of ta) assert.is(text, tb.get(file), file);
  assert.ok(ta.size > 30, `a real site (${ta.size} files)`);
  const leftovers = (await fs.readdir(shared.root)).filter((n) => n.startsWith("_site."));
  assert.equal(leftovers, [], "no staging folder is left");
});

test("a bad article stops a shared build with its own message and leaves the site as it was", async () => {
  const site = await createFixture(articles);
  assert.ok((await site.build()).ok);
  const before = await tree(site.output);
  await fs.writeFile(path.join(site.root, "articles/world/bad.md"), article({ section: "nowhere" }));
  const result = await withProcesses(2, () => site.build());
  assert.is(result.ok, false);
  assert.match(result.ok ? "" : result.message, "articles/world/bad.md");
  assert.equal(await tree(site.output), before);
  const leftovers = (await fs.readdir(site.root)).filter((n) => n.startsWith("_site."));
  assert.equal(leftovers, []);
});

test.run();
