import fs from "node:fs/promises";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { article, createFixture, jpeg } from "../support/fixture-site.ts";
import { NewsDesk, seededRandom } from "../support/random-edits.ts";
import { buildFolder, buildInChild, copySources, type FolderBuild } from "../support/site-folder.ts";
import { compareTrees, describeDifference, isSame, readTree, type SiteTree } from "../support/site-tree.ts";

/**
 * Issue 9's correctness tests for incremental builds: whatever the previous `_site/` and
 * `.cache/` hold, a build must give exactly what a cold build of the same sources gives (file
 * list and bytes; build-time fields, none so far, are named in test/support/site-tree.ts).
 *
 * Differential: random sequences of edits (test/support/random-edits.ts) to one site folder,
 * each followed by a build of that folder (incremental) and a build of a fresh copy of its
 * sources (cold). Seeds: DEFAULT_SEEDS, or NEWSROOM_DIFF_SEEDS="7,8,9" / "1-200" for more. A
 * failure names its seed and the steps so far; NEWSROOM_DIFF_SEEDS=<seed> replays it.
 *
 * In-process builds see changes to articles but not to layouts or settings (Eleventy keeps
 * compiled layouts for the life of the process, and Node keeps site.config.ts), so the layout and
 * settings tests build in child processes, as `npm run build` does.
 */

const DEFAULT_SEEDS = [1, 2, 3];
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
      const incremental = await buildFolder(site.root, { now: edits.nowIso });
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
test.run();
