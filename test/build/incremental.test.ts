import fs from "node:fs/promises";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { article, createFixture, jpeg } from "../support/fixture-site.ts";
import { NewsDesk, seededRandom } from "../support/random-edits.ts";
import { buildFolder, buildInChild, copySources, type FolderBuild } from "../support/site-folder.ts";
import { compareTrees, describeDifference, isSame, readTree, touchedFiles, type SiteTree } from "../support/site-tree.ts";

/**
 * Issue 9's correctness tests for incremental builds: whatever the previous `_site/` and
 * `.cache/` hold, a build must give exactly what a cold build of the same sources gives (file
 * list and bytes; build-time fields, none so far, are named in test/support/site-tree.ts).
 *
 * Differential: random sequences of edits (test/support/random-edits.ts) to one site folder,
 * each followed by a build of that folder (incremental) and a build of a fresh copy of its
 * sources (cold). Seeds: DEFAULT_SEEDS, or NEWSROOM_DIFF_SEEDS="7,8,9" / "1-200" for more. A
 * failure names its seed and the steps so far; NEWSROOM_DIFF_SEEDS=<seed> replays it.
 * NEWSROOM_DIFF_CHILD=1 builds the incremental side in child processes.
 *
 * In-process builds see changes to articles but not to layouts or settings: Eleventy keeps
 * compiled layouts in a module-level cache (LayoutCache) keyed by their path inside the input
 * folder, shared by every site built in the process, and Node keeps the imported site.config.ts.
 * So the layout and settings tests build in child processes, as `npm run build` does.
 */

// Together these three make every kind of edit at least once (add with and without a photo,
// body, headline, tag added and removed, date, delete, rename, photo, draft and back, the clock
// passing an embargo and not, a correction), checked when they were chosen (the fewest steps
// among seeds 1-300 that cover them all).
const DEFAULT_SEEDS = [10, 96, 262];
/**
 * NEWSROOM_DIFF_CHILD=1 runs each incremental build in its own process, as `npm run build` runs,
 * so nothing the build keeps in memory between builds in one process can hide a bug in what it
 * keeps on disk (slower: about 2 s more per build).
 */
const IN_CHILD = process.env.NEWSROOM_DIFF_CHILD === "1";
const STORIES = 15;

function seeds(): number[] {
  const spec = process.env.NEWSROOM_DIFF_SEEDS?.trim();
  if (!spec) return DEFAULT_SEEDS;
  return spec.split(",").flatMap((part) => {
    const range = /^(\d+)-(\d+)$/.exec(part.trim());
    if (range) return Array.from({ length: Number(range[2]) - Number(range[1]) + 1 }, (_, i) => Number(range[1]) + i);
    const seed = Number(part.trim());
    if (!Number.isInteger(seed)) throw new Error(`NEWSROOM_DIFF_SEEDS: "${part}" is not a seed (write e.g. 7,8,9 or 1-200)`);
    return [seed];
  });
}

// Two different small photos: encoding stays quick, and articles share or differ in photos.
const photos = Promise.all([jpeg(400, 250), jpeg(320, 240)]) as Promise<[Buffer, Buffer]>;
// Two per page, so sections, tags and authors run to archive pages.
const SETTINGS = { perPage: 2 };

/** Builds a fresh copy of `root`'s sources (no _site, no .cache) and reads its output; the copy is removed. */
async function coldBuild(root: string, now: string): Promise<{ build: FolderBuild; tree: SiteTree }> {
  const copy = await copySources(root);
  try {
    const build = await buildFolder(copy, { now, full: true });
    return { build, tree: build.ok ? await readTree(path.join(copy, "_site")) : new Map() };
  } finally {
    await fs.rm(copy, { recursive: true, force: true });
  }
}

/** Fails unless `tree` (the incremental build) equals `cold`, with the difference in words. */
function assertSameSite(tree: SiteTree, cold: SiteTree, context: string): void {
  const difference = compareTrees(tree, cold);
  if (!isSame(difference)) assert.unreachable(`${context}\n${describeDifference(difference, tree, cold, ["incremental", "cold"])}`);
}

for (const seed of seeds()) {
  test(`seed ${seed}: after each random edit, the incremental build equals a cold build`, async () => {
    const random = seededRandom(seed);
    const site = await createFixture({}, SETTINGS);
    const edits = new NewsDesk(site.root, random, await photos);
    edits.seed(STORIES);
    await edits.writeAll();
    const steps = 6 + Math.floor(random() * 5);
    const done: string[] = [];
    const context = () => `seed ${seed} (replay: NEWSROOM_DIFF_SEEDS=${seed}); steps:\n  ${done.join("\n  ") || "(the first build)"}`;
    const first = await buildFolder(site.root, { now: edits.nowIso });
    if (!first.ok) assert.unreachable(`${context()}\nthe first build failed: ${first.message}`);
    for (let i = 0; i < steps; i++) {
      done.push(`${i + 1}. ${await edits.step()}`);
      const incremental = await (IN_CHILD ? buildInChild : buildFolder)(site.root, { now: edits.nowIso });
      const cold = await coldBuild(site.root, edits.nowIso);
      if (!incremental.ok || !cold.build.ok) {
        assert.unreachable(
          `${context()}\nincremental: ${incremental.ok ? "built" : incremental.message}\ncold: ${cold.build.ok ? "built" : cold.build.message}`,
        );
      }
      assertSameSite(await readTree(site.output), cold.tree, context());
    }
    await fs.rm(site.root, { recursive: true, force: true });
  });
}

test("two cold builds of the same sources at the same `now`, a second apart, are byte-identical (so no build-time field is excepted)", async () => {
  const site = await createFixture({}, SETTINGS);
  const desk = new NewsDesk(site.root, seededRandom(99), await photos);
  desk.seed(8);
  await desk.writeAll();
  const one = await coldBuild(site.root, desk.nowIso);
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const two = await coldBuild(site.root, desk.nowIso);
  assert.ok(one.build.ok && two.build.ok, "both builds succeed");
  assert.ok(one.tree.size > 30, `a whole site was built (${one.tree.size} files)`);
  // The build's clock (`now`) is not a build-time field but an input (embargoes, the news
  // sitemap's 48 hours): both builds of every comparison here share it.
  assertSameSite(one.tree, two.tree, "two cold builds");
  await fs.rm(site.root, { recursive: true, force: true });
});

// ---- Targeted tests: one hand-made site, edited step by step (the tests run in order). ----

const NOW = "2023-08-26T12:00:00+05:30";
const day = (d: number, hour = 10) => `2023-08-${String(d).padStart(2, "0")}T${String(hour).padStart(2, "0")}:00:00+05:30`;

/** Seven world stories (Monsoon, Asha Menon; one with a photo), an India story alone in its tag, a business story to rename. */
async function handMadeSite() {
  const photo = (await photos)[0];
  const files: Record<string, string | Buffer> = {};
  for (let d = 1; d <= 7; d++) {
    const fields = { title: `World story ${d}`, date: day(d), tags: ["Monsoon"], authors: ["Asha Menon"] };
    if (d === 3) {
      files["world/story-3/index.md"] = article({ ...fields, image: { src: "photo.jpg", alt: "Rain over the city" } });
      files["world/story-3/photo.jpg"] = photo;
    } else files[`world/story-${d}.md`] = article(fields);
  }
  files["india/only-solo-story.md"] = article({ title: "The solo story", section: "india", date: day(8), tags: ["Solo Topic", "Monsoon"], authors: ["Rahul Iyer"] });
  files["india/other-india-story.md"] = article({ title: "Another India story", section: "india", date: day(2), authors: ["Rahul Iyer"] });
  files["business/old-address.md"] = article({ title: "Markets wait", section: "business", date: day(9), tags: ["Markets"], authors: ["Meera Das"] });
  files["business/second-business-story.md"] = article({ title: "Markets move", section: "business", date: day(4), tags: ["Markets"], authors: ["Meera Das"] });
  return createFixture(files, SETTINGS);
}

let shared: ReturnType<typeof handMadeSite> | undefined;
const handMade = async () => {
  shared ??= handMadeSite().then(async (site) => {
    const first = await buildFolder(site.root, { now: NOW });
    if (!first.ok) assert.unreachable(first.message);
    return site;
  });
  return shared;
};

/** Text files of the site that mention `needle` (an address), as relative paths. */
function mentioning(tree: SiteTree, needle: string): string[] {
  return [...tree].filter(([file, { bytes }]) => /\.(html|xml|json|txt)$/.test(file) && bytes.includes(needle)).map(([file]) => file);
}

test("a deleted or renamed article leaves no page, sitemap entry, feed item or listing behind; a tag left with no article loses its pages", async () => {
  const site = await handMade();
  const before = await readTree(site.output);
  // What the test removes was there: the pages, and mentions in the sitemap, feeds and listings.
  for (const file of ["india/only-solo-story/index.html", "business/old-address/index.html", "tags/solo-topic/index.html"]) {
    assert.ok(before.has(file), `${file} exists before`);
  }
  for (const address of ["/india/only-solo-story/", "/business/old-address/"]) {
    const where = mentioning(before, address);
    for (const file of ["sitemap.xml", "feed.xml", "atom.xml", "feed.json", "index.html"]) assert.ok(where.includes(file), `${file} links ${address} before`);
  }
  assert.ok(mentioning(before, "/india/only-solo-story/").includes("tags/monsoon/index.html"));
  assert.ok(mentioning(before, "/business/old-address/").includes("business/index.html"));

  await fs.rm(path.join(site.root, "articles/india/only-solo-story.md"));
  await fs.rename(path.join(site.root, "articles/business/old-address.md"), path.join(site.root, "articles/business/new-address.md"));
  const build = await buildFolder(site.root, { now: NOW });
  if (!build.ok) assert.unreachable(build.message);
  const after = await readTree(site.output);

  for (const address of ["/india/only-solo-story/", "/business/old-address/", "/tags/solo-topic/"]) {
    assert.equal(mentioning(after, address), [], `nothing links ${address}`);
  }
  assert.equal([...after.keys()].filter((f) => /^(india\/only-solo-story|business\/old-address|tags\/solo-topic)\//.test(f)), [], "their files are gone");
  assert.ok(after.has("business/new-address/index.html"), "the renamed article has its new address");
  assert.ok(mentioning(after, "/business/new-address/").includes("sitemap.xml"));
  assertSameSite(after, (await coldBuild(site.root, NOW)).tree, "after a delete and a rename");
});

test("a failed build leaves _site/ as it was: the same files, bytes and modification times", async () => {
  const site = await handMade();
  const before = await readTree(site.output);
  await fs.writeFile(path.join(site.root, "articles/world/broken.md"), article({ title: undefined, section: "sports" }));
  // Something that would change many pages if it were published, so a partial write shows.
  await fs.writeFile(path.join(site.root, "articles/world/newest.md"), article({ title: "Would lead the home page", date: day(25), tags: ["Monsoon"] }));
  const build = await buildFolder(site.root, { now: NOW });
  await fs.rm(path.join(site.root, "articles/world/broken.md"));
  await fs.rm(path.join(site.root, "articles/world/newest.md"));
  assert.not.ok(build.ok, "the build fails");
  if (!build.ok) assert.match(build.message, "articles/world/broken.md");
  const after = await readTree(site.output);
  assert.equal([...after.keys()], [...before.keys()], "the same files");
  assert.equal(touchedFiles(before, after).changed, [], "no file's bytes or modification time changed");
  const siblings = (await fs.readdir(site.root)).filter((name) => name.startsWith("_site."));
  assert.equal(siblings, [], "no staging folder is left beside _site/");
});

test("full: true gives what a cold build gives", async () => {
  const site = await handMade();
  await fs.writeFile(path.join(site.root, "articles/world/story-5.md"), article({ title: "World story 5, rewritten", date: day(5), tags: ["Climate"], authors: ["Asha Menon"] }));
  const build = await buildFolder(site.root, { now: NOW, full: true });
  if (!build.ok) assert.unreachable(build.message);
  assertSameSite(await readTree(site.output), (await coldBuild(site.root, NOW)).tree, "a full build");
});

/** Every file under `dir`, recursively (none when it does not exist). */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

for (const [kind, spoil] of [
  ["garbage in every file under .cache/newsroom/", async (root: string) => {
    for (const file of await filesUnder(path.join(root, ".cache/newsroom"))) await fs.writeFile(file, "\u0000garbage{\"not\": json]\n".repeat(7));
  }],
  ["every file under .cache/newsroom/ emptied", async (root: string) => {
    for (const file of await filesUnder(path.join(root, ".cache/newsroom"))) await fs.writeFile(file, "");
  }],
  ["no .cache/ at all", async (root: string) => fs.rm(path.join(root, ".cache"), { recursive: true, force: true })],
  // A CI runner that restores the cache but not the output: the cache says pages are current,
  // but their files are not there.
  ["no _site/, .cache/ kept", async (root: string) => fs.rm(path.join(root, "_site"), { recursive: true, force: true })],
] as const) {
  test(`${kind}: the next build is still correct`, async () => {
    const site = await handMade();
    // The tests before this one left a built site and its cache; spoil the cache, then make an
    // edit that a build trusting the spoilt cache would miss.
    assert.ok((await filesUnder(path.join(site.root, ".cache"))).length > 0, "there is a cache to spoil");
    await spoil(site.root);
    await fs.appendFile(path.join(site.root, "articles/world/story-6.md"), `\nA line added after the cache was spoilt (${kind}).\n`);
    const build = await buildFolder(site.root, { now: NOW });
    if (!build.ok) assert.unreachable(`${kind}: ${build.message}`);
    const tree = await readTree(site.output);
    assert.ok(tree.get("world/story-6/index.html")!.bytes.includes("after the cache was spoilt"), "the edit is published");
    assertSameSite(tree, (await coldBuild(site.root, NOW)).tree, kind);
  });
}

// ---- Layouts and settings: builds in child processes (see the note at the top). ----

const LAYOUT_MARK = "<!-- layout changed by incremental.test.ts -->";

let layoutSite: Promise<Awaited<ReturnType<typeof handMadeSite>>> | undefined;

test("a changed layout (partials/base.njk) rebuilds every page that uses it", async () => {
  layoutSite ??= handMadeSite();
  const site = await layoutSite;
  const first = await buildInChild(site.root, { now: NOW });
  if (!first.ok) assert.unreachable(first.message);
  await fs.appendFile(path.join(site.root, "layouts/partials/base.njk"), `${LAYOUT_MARK}\n`);
  const build = await buildInChild(site.root, { now: NOW });
  if (!build.ok) assert.unreachable(build.message);
  const tree = await readTree(site.output);
  const pages = [...tree.keys()].filter((f) => f.endsWith(".html"));
  assert.ok(pages.length > 30, `${pages.length} pages`);
  assert.equal(pages.filter((f) => !tree.get(f)!.bytes.includes(LAYOUT_MARK)), [], "every page has the new layout");
  const copy = await copySources(site.root);
  const cold = await buildInChild(copy, { now: NOW, full: true });
  if (!cold.ok) assert.unreachable(cold.message);
  assertSameSite(tree, await readTree(path.join(copy, "_site")), "after a layout change");
  await fs.rm(copy, { recursive: true, force: true });
});

test("a changed setting (a section's label, perPage) rebuilds every page it affects", async () => {
  layoutSite ??= handMadeSite();
  const site = await layoutSite;
  const before = await readTree(site.output);
  const config = path.join(site.root, "site.config.ts");
  const base = /import base from (".*");/.exec(await fs.readFile(config, "utf8"))![1];
  await fs.writeFile(
    config,
    `import base from ${base};\n` +
      `export default { ...base, perPage: 3, sections: { ...base.sections, world: { ...base.sections.world, label: "World news" } } };\n`,
  );
  const build = await buildInChild(site.root, { now: NOW });
  if (!build.ok) assert.unreachable(build.message);
  const tree = await readTree(site.output);
  // The label is in every page's navigation; perPage 3 leaves world (7 stories) two archive pages, not three.
  const pages = [...tree.keys()].filter((f) => f.endsWith(".html"));
  assert.equal(pages.filter((f) => !tree.get(f)!.bytes.includes("World news")), [], "every page shows the new label");
  assert.ok(before.has("world/page/3/index.html") && !tree.has("world/page/3/index.html"), "world's third archive page is gone");
  const copy = await copySources(site.root);
  const cold = await buildInChild(copy, { now: NOW, full: true });
  if (!cold.ok) assert.unreachable(cold.message);
  assertSameSite(tree, await readTree(path.join(copy, "_site")), "after a settings change");
  await fs.rm(copy, { recursive: true, force: true });
});

test.after(async () => {
  for (const site of [shared, layoutSite]) {
    const root = await site?.then((s) => s.root, () => undefined);
    if (root) await fs.rm(root, { recursive: true, force: true });
  }
});

test.run();
