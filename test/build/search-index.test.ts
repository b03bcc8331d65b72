import fs from "node:fs/promises";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { buildSite } from "../../src/build/build.ts";
import { article, createFixture, type Fixture } from "../support/fixture-site.ts";
import { indexHas, searchIndexText } from "../support/search-index.ts";
import { readPage } from "../support/html.ts";
import { previewBuild } from "../support/preview-build.ts";
import { eventually, startPreview } from "../support/preview-process.ts";

/**
 * The reader search's index (src/outputs/search-index.ts) in `npm run build`: it holds every
 * published article, also those an incremental build did not render again, and never a draft or
 * an embargoed one; a deleted article leaves it; a build that changes nothing rewrites none of
 * its files. The preview's index (Eleventy writing into its folder) holds what the preview shows.
 * Words are looked for in the index's files, decompressed (test/support/search-index.ts).
 */

// One made-up word per article, found nowhere else.
const files = {
  // In a section of its own, so the changes below do not touch its page (no related article changes).
  "india/kept.md": article({ title: "Kept story", section: "india", tags: ["Ports"], date: "2023-08-28T10:00:00+05:30" }, "Talks at the Vellamor quay."),
  "world/edited.md": article({ title: "Edited story", date: "2023-08-29T10:00:00+05:30" }, "The Quorraline bridge opened."),
  "world/gone.md": article({ title: "Gone story", date: "2023-08-27T10:00:00+05:30" }, "The Brindlecott mill closed."),
  "sport/draft.md": article({ title: "Draft story", section: "sport", draft: true }, "Fixtures at Zephyrwold moved."),
  "business/embargoed.md": article({ title: "Embargoed story", section: "business", date: "2023-09-05T10:00:00+05:30" }, "Figures from Marrowgate due."),
};

let fixture: Promise<Fixture> | undefined;
function site(): Promise<Fixture> {
  fixture ??= (async () => {
    const f = await createFixture(files);
    const result = await f.build();
    if (!result.ok) throw new Error(result.message);
    return f;
  })();
  return fixture;
}

test("the index has the published articles, and neither the draft nor the embargoed one", async () => {
  const f = await site();
  assert.ok(await indexHas(f.output, "vellamor"));
  assert.ok(await indexHas(f.output, "quorraline"));
  assert.not.ok(await indexHas(f.output, "zephyrwold"), "the draft is in the index");
  assert.not.ok(await indexHas(f.output, "marrowgate"), "the embargoed article is in the index");
  // Only what the site uses of Pagefind's output: no ready-made interface, no playground.
  const names = [...(await searchIndexText(f.output)).keys()];
  assert.ok(names.includes("pagefind/pagefind.js") && names.includes("pagefind/pagefind-entry.json"), names.join(", "));
  assert.not.ok(names.some((n) => /pagefind-ui|playground/.test(n)), names.join(", "));
});

test("the article page marks what is indexed: the body, not the share bar, tags or section link", async () => {
  const f = await site();
  const document = await readPage(f.output, "/india/kept/");
  const body = document.querySelector("[data-pagefind-body]");
  assert.is(body?.tagName, "ARTICLE");
  for (const selector of [".share", ".tags", ".article__section"]) assert.ok(document.querySelector(selector)?.hasAttribute("data-pagefind-ignore"), selector);
  assert.is(document.querySelector(".related [data-pagefind-body]"), null);
  assert.is(body?.getAttribute("data-pagefind-sort"), "date:2023-08-28T04:30:00.000Z");
  assert.is(body?.getAttribute("data-pagefind-filter"), "year:2023");
});

test("an incremental build keeps the articles it did not render in the index and drops a deleted one", async () => {
  const f = await site();
  const before = await searchIndexText(f.output);
  const kept = path.join(f.output, "india/kept/index.html");
  const keptTime = (await fs.stat(kept)).mtimeMs;
  await fs.appendFile(path.join(f.root, "articles/world/edited.md"), "\nNow with Ossuvane lights.\n");
  await fs.rm(path.join(f.root, "articles/world/gone.md"));
  const result = await f.build();
  assert.ok(result.ok, result.ok ? "" : result.message);
  assert.is((await fs.stat(kept)).mtimeMs, keptTime, "the kept article was not rendered again");
  assert.ok(await indexHas(f.output, "vellamor"), "the article kept from the last build is still found");
  assert.ok(await indexHas(f.output, "ossuvane"), "the edit is found");
  assert.not.ok(await indexHas(f.output, "brindlecott"), "the deleted article is still found");
  const after = await searchIndexText(f.output);
  assert.ok([...before.keys()].some((file) => !after.has(file)), "old index files are deleted");
});

test("a build that changes no article page keeps the index as it is, without indexing again", async () => {
  const f = await site();
  const build = async () => {
    process.env.NEWSROOM_NOW = "2023-09-01T12:00:00+05:30";
    try {
      return await buildSite({ root: f.root, output: "_site", quiet: true });
    } finally {
      delete process.env.NEWSROOM_NOW;
    }
  };
  await build();
  const stamp = async () => {
    const out = new Map<string, number>();
    for (const name of (await searchIndexText(f.output)).keys()) out.set(name, (await fs.stat(path.join(f.output, name))).mtimeMs);
    return out;
  };
  const before = await stamp();
  const second = await build();
  assert.is(second.search, undefined, "indexed again");
  assert.equal(await stamp(), before);
  assert.ok(await indexHas(f.output, "vellamor"));
  // The control: an edit makes it index again.
  await fs.appendFile(path.join(f.root, "articles/india/kept.md"), "\nAnd Pellucidor.\n");
  const third = await build();
  assert.is(third.search?.pages, 2, "the two published articles left");
  assert.ok(await indexHas(f.output, "pellucidor"));
});

test("the preview's index (Eleventy writing into its folder) has the draft and the embargoed article it shows", async () => {
  const f = await createFixture({ "world/kept.md": files["india/kept.md"], "sport/draft.md": files["sport/draft.md"], "business/embargoed.md": files["business/embargoed.md"] });
  const output = path.join(f.root, "_preview");
  await previewBuild(f.root, output);
  for (const word of ["vellamor", "zephyrwold", "marrowgate"]) assert.ok(await indexHas(output, word), word);
});

test("npm start: the builder indexes what the preview shows after each build, and after a save only the save's part", async () => {
  const f = await createFixture({
    "india/kept.md": files["india/kept.md"],
    "sport/draft.md": files["sport/draft.md"],
    "world/older.md": article({ title: "Older story", date: "2021-03-04T10:00:00+05:30" }, "The Oakhollow weir burst."),
  });
  const preview = await startPreview(f.root, { NEWSROOM_NOW: "2023-09-01T12:00:00+05:30" });
  try {
    const has = (word: string) => indexHas(preview.output, word).catch(() => false);
    await eventually(() => has("zephyrwold"), () => `no index with the draft in ${preview.output}:\n${preview.log()}`, 30_000);
    assert.ok(await has("vellamor"));
    await eventually(() => has("oakhollow"), () => `no part with the older story:\n${preview.log()}`, 30_000);
    const older = path.join(preview.output, "pagefind/parts/2021/pagefind-entry.json");
    const olderTime = (await fs.stat(older)).mtimeMs;
    await fs.appendFile(path.join(f.root, "articles/sport/draft.md"), "\nNow also at Tallowmere.\n");
    await eventually(() => has("tallowmere"), () => `the save was not indexed:\n${preview.log()}`, 30_000);
    assert.is((await fs.stat(older)).mtimeMs, olderTime, "the 2021 part was indexed again for a save in another");
    assert.ok(await has("oakhollow"), "the 2021 part is still there");
  } finally {
    await preview.stop();
  }
});

test("npm start: an edit of an older story indexes its own part again, not the part of a newer story that lists it as earlier coverage", async () => {
  const f = await createFixture({
    "india/kept.md": files["india/kept.md"],
    "world/older.md": article({ title: "Older story", tags: ["Ports"], date: "2021-03-04T10:00:00+05:30" }, "The Oakhollow weir burst."),
  });
  const preview = await startPreview(f.root, { NEWSROOM_NOW: "2023-09-01T12:00:00+05:30" });
  try {
    const has = (word: string) => indexHas(preview.output, word).catch(() => false);
    await eventually(async () => (await has("vellamor")) && (await has("oakhollow")), () => `no index of both parts:\n${preview.log()}`, 30_000);
    const kept = path.join(preview.output, "india/kept/index.html");
    assert.match(await fs.readFile(kept, "utf8"), "/world/older/", "the newer story lists the older one");
    const newest = path.join(preview.output, "pagefind/pagefind-entry.json");
    const keptTime = (await fs.stat(kept)).mtimeMs;
    const newestTime = (await fs.stat(newest)).mtimeMs;
    await fs.writeFile(path.join(f.root, "articles/world/older.md"), article({ title: "Older story, revisited", tags: ["Ports"], date: "2021-03-04T10:00:00+05:30" }, "The Oakhollow weir burst near Fennick."));
    await eventually(() => has("fennick"), () => `the edit was not indexed:\n${preview.log()}`, 30_000);
    assert.ok((await fs.stat(kept)).mtimeMs > keptTime, "the newer story's page was rendered again (its list shows the new headline)");
    assert.is((await fs.stat(newest)).mtimeMs, newestTime, "the newer story's part was not indexed again: what it shows is the same");
  } finally {
    await preview.stop();
  }
});

test("npm start: a run of saves is indexed once the writer pauses, not between saves", async () => {
  const f = await createFixture({ "india/kept.md": files["india/kept.md"], "sport/draft.md": files["sport/draft.md"] });
  const preview = await startPreview(f.root, { NEWSROOM_NOW: "2023-09-01T12:00:00+05:30" });
  try {
    const has = (word: string) => indexHas(preview.output, word).catch(() => false);
    const shows = (word: string) => fs.readFile(path.join(preview.output, "sport/draft/index.html"), "utf8").then((html) => html.toLowerCase().includes(word), () => false);
    await eventually(() => has("zephyrwold"), () => `no index with the draft in ${preview.output}:\n${preview.log()}`, 30_000);
    const draft = path.join(f.root, "articles/sport/draft.md");
    await fs.appendFile(draft, "\nNow also at Brackenmoor.\n");
    await eventually(() => shows("brackenmoor"), () => `the save did not reach its page:\n${preview.log()}`, 30_000);
    // The builder waits 2 s after a build for the next save (src/dev/build-worker.ts SEARCH_QUIET_MS).
    await new Promise((r) => setTimeout(r, 800));
    assert.not.ok(await has("brackenmoor"), "indexed while the writer might still be saving");
    await fs.appendFile(draft, "\nAnd at Quillhaven.\n");
    await eventually(() => shows("quillhaven"), () => `the second save did not reach its page:\n${preview.log()}`, 30_000);
    await eventually(async () => (await has("brackenmoor")) && (await has("quillhaven")), () => `the saves were not indexed after the pause:\n${preview.log()}`, 30_000);
  } finally {
    await preview.stop();
  }
});

test("npm start again on the same folder indexes only the parts whose pages changed since the last run", async () => {
  const f = await createFixture({
    "india/kept.md": files["india/kept.md"],
    "world/older.md": article({ title: "Older story", date: "2021-03-04T10:00:00+05:30" }, "The Oakhollow weir burst."),
  });
  // The preview's own folder in the project, as `npm start` uses it.
  const output = path.join(f.root, "_preview");
  const env = { NEWSROOM_NOW: "2023-09-01T12:00:00+05:30", NEWSROOM_PREVIEW_OUTPUT: output };
  const first = await startPreview(f.root, env);
  const older = path.join(output, "pagefind/parts/2021/pagefind-entry.json");
  const has = (word: string) => indexHas(output, word).catch(() => false);
  try {
    await eventually(async () => (await has("vellamor")) && (await has("oakhollow")), () => `no index:\n${first.log()}`, 30_000);
  } finally {
    await first.stop();
  }
  const olderTime = (await fs.stat(older)).mtimeMs;
  const pageTime = (await fs.stat(path.join(output, "world/older/index.html"))).mtimeMs;
  // While the preview is stopped, the newer story changes: the next start rewrites its page.
  await fs.appendFile(path.join(f.root, "articles/india/kept.md"), "\nNow also at Larkspindle.\n");
  const second = await startPreview(f.root, env);
  try {
    await eventually(() => has("larkspindle"), () => `the changed part was not indexed at start:\n${second.log()}`, 30_000);
    assert.is((await fs.stat(older)).mtimeMs, olderTime, "the 2021 part, whose pages did not change, was indexed again at start");
    assert.ok(await has("oakhollow"), "the 2021 part is still there");
    assert.is((await fs.stat(path.join(output, "world/older/index.html"))).mtimeMs, pageTime, "the older story's page was kept from the last run");
  } finally {
    await second.stop();
  }
});

test("npm run build cuts the index into parts by month and year, and an edit indexes only its own part again", async () => {
  const f = await createFixture({
    "world/old.md": article({ title: "Old story", date: "2022-05-10T10:00:00Z" }, "The Ambervale ferry sank."),
    "world/january.md": article({ title: "January story", date: "2023-01-10T10:00:00Z" }, "The Corvington depot shut."),
    "world/february.md": article({ title: "February story", date: "2023-02-10T10:00:00Z" }, "The Dunmarsh pier reopened."),
  });
  const build = () => buildSite({ root: f.root, output: "_site", quiet: true });
  const first = await build();
  assert.is(first.search?.pages, 3);
  const text = await searchIndexText(f.output);
  const names = [...text.keys()];
  const list = JSON.parse(await fs.readFile(path.join(f.output, "pagefind/newsroom-parts.json"), "utf8")) as { parts: { path: string; months: string[] }[] };
  assert.equal(list.parts, [
    { path: "pagefind/", months: ["2023-02"] },
    { path: "pagefind/parts/2023-01/", months: ["2023-01"] },
    { path: "pagefind/parts/2022/", months: ["2022-05"] },
  ]);
  // Each part holds its own articles; Pagefind's script and WebAssembly are only in pagefind/ itself.
  const inPart = (prefix: string, word: string) => names.some((n) => n.startsWith(prefix) && !n.slice(prefix.length).startsWith("parts/") && text.get(n)!.includes(word));
  assert.ok(inPart("pagefind/parts/2022/", "ambervale") && !inPart("pagefind/parts/2022/", "dunmarsh"));
  assert.ok(inPart("pagefind/", "dunmarsh") && !inPart("pagefind/", "corvington"));
  assert.ok(names.includes("pagefind/pagefind.js"), names.join(", "));
  assert.not.ok(names.some((n) => n.includes("/parts/") && /pagefind\.js$|\.wasm|wasm\./.test(n)), names.join(", "));
  // The page says its month, the filter a date-ordered search asks parts by.
  const page = await readPage(f.output, "/world/old/");
  assert.is(page.querySelector(".article__header")?.getAttribute("data-pagefind-filter"), "month:2022-05");

  const times = async () => {
    const out = new Map<string, number>();
    for (const name of (await searchIndexText(f.output)).keys()) out.set(name, (await fs.stat(path.join(f.output, name))).mtimeMs);
    return out;
  };
  const before = await times();
  await fs.appendFile(path.join(f.root, "articles/world/old.md"), "\nAnd the Bellwether buoy.\n");
  const second = await build();
  assert.is(second.search?.pages, 1, "only the 2022 part is indexed again");
  const after = await times();
  const changed = [...after.keys()].filter((name) => before.get(name) !== after.get(name));
  assert.ok(changed.length > 0 && changed.every((name) => name.startsWith("pagefind/parts/2022/")), changed.join(", "));
  assert.ok(await indexHas(f.output, "bellwether"));
});

test("npm run build: an edit writes only the index files of its part that changed, and keeps the rest where they are", async () => {
  const f = await createFixture({
    "world/one.md": article({ title: "One story", date: "2022-05-10T10:00:00Z" }, "The Ambervale ferry sank."),
    "world/two.md": article({ title: "Two story", date: "2022-06-10T10:00:00Z" }, "The Corvington depot shut."),
    "world/three.md": article({ title: "Three story", date: "2022-07-10T10:00:00Z" }, "The Dunmarsh pier reopened."),
    "world/new.md": article({ title: "New story", date: "2023-02-10T10:00:00Z" }, "The Eastwick road."),
  });
  const build = (output = "_site", full = false) => buildSite({ root: f.root, output, quiet: true, full });
  await build();
  const part = "pagefind/parts/2022/";
  const times = async () => {
    const out = new Map<string, number>();
    for (const name of (await searchIndexText(f.output)).keys()) if (name.startsWith(part)) out.set(name, (await fs.stat(path.join(f.output, name))).mtimeMs);
    return out;
  };
  const before = await times();
  await fs.appendFile(path.join(f.root, "articles/world/one.md"), "\nAnd the Bellwether buoy.\n");
  const second = await build();
  const kept = second.search?.kept ?? [];
  // The fragments of the two stories not edited, at least: Pagefind names files by their content.
  assert.ok(kept.filter((name) => name.startsWith(`${part}fragment/`)).length >= 2, kept.join(", "));
  const after = await times();
  for (const name of kept) assert.is(after.get(name), before.get(name), `${name} kept, untouched`);
  assert.ok([...after.keys()].some((name) => !before.has(name)), "the edited story's fragment is new");
  assert.ok(await indexHas(f.output, "bellwether"));
  // The same index as a cold build of the same articles, file for file.
  const cold = await build("_cold", true);
  const index = async (site: string) => new Map([...(await searchIndexText(site))].filter(([name]) => name.startsWith("pagefind/")));
  assert.equal(await index(f.output), await index(cold.output));
});

test.run();
