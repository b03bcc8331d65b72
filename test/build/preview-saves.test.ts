import fs from "node:fs/promises";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { createFixture, jpeg } from "../support/fixture-site.ts";
import { previewBuild } from "../support/preview-build.ts";
import { NewsDesk, seededRandom } from "../support/random-edits.ts";
import { copySources } from "../support/site-folder.ts";
import { compareTrees, describeDifference, isSame, readTree, type SiteTree } from "../support/site-tree.ts";

/**
 * The preview's builder keeps what one build worked out for the next, in memory (the article
 * objects, related lists, page keys: src/index.ts). Whatever it keeps, each save must give the
 * folder a fresh preview build of the same files gives. Differential, like incremental.test.ts:
 * one builder through random edits (test/support/random-edits.ts), and after each save a
 * preview build of a copy of the sources, compared file by file. NEWSROOM_DIFF_SEEDS="1-50"
 * runs other seeds.
 */

const DEFAULT_SEEDS = [10, 96];
const STORIES = 15;
// Two per page, so sections, tags and authors run to archive pages.
const SETTINGS = { perPage: 2 };
const photos = Promise.all([jpeg(400, 250), jpeg(320, 240)]) as Promise<[Buffer, Buffer]>;

function seeds(): number[] {
  const spec = process.env.NEWSROOM_DIFF_SEEDS?.trim();
  if (!spec) return DEFAULT_SEEDS;
  const range = /^(\d+)-(\d+)$/.exec(spec);
  if (range) return Array.from({ length: Number(range[2]) - Number(range[1]) + 1 }, (_, i) => Number(range[1]) + i);
  return spec.split(",").map(Number);
}

/** The folder's files, photos aside (the preview's server encodes each when a page asks). */
async function files(dir: string): Promise<SiteTree> {
  const tree = await readTree(dir);
  for (const name of [...tree.keys()]) if (name.startsWith("img/")) tree.delete(name);
  return tree;
}

for (const seed of seeds()) {
  test(`seed ${seed}: one preview builder through random saves gives, at each, a fresh preview build's folder`, async () => {
    const random = seededRandom(seed);
    const site = await createFixture({}, SETTINGS);
    const desk = new NewsDesk(site.root, random, await photos);
    desk.seed(STORIES);
    await desk.writeAll();
    const output = path.join(site.root, "_preview");
    // The builder keeps the clock it started with (NEWSROOM_NOW is read when the config loads),
    // so the desk's clock is put back after each step, and every build runs at that time (the
    // clock passing an embargo is the article cache's unit tests').
    const clock = desk.nowIso;
    const clockMs = desk.now;
    const done: string[] = [];
    let checked = 0;
    const compare = async () => {
      const copy = await copySources(site.root);
      try {
        await previewBuild(copy, path.join(copy, "_preview"), { now: clock });
        const [kept, fresh] = [await files(output), await files(path.join(copy, "_preview"))];
        const difference = compareTrees(kept, fresh);
        if (!isSame(difference)) {
          assert.unreachable(`seed ${seed}; steps:\n  ${done.join("\n  ") || "(the first build)"}\n${describeDifference(difference, kept, fresh, ["builder", "fresh"])}`);
        }
        checked++;
      } finally {
        await fs.rm(copy, { recursive: true, force: true });
        // previewBuild clears these when it ends: the builder's next save runs with them.
        process.env.NEWSROOM_PREVIEW = "1";
        process.env.NEWSROOM_NOW = clock;
      }
    };
    const steps = 6 + Math.floor(random() * 4);
    const saves = Array.from({ length: steps }, (_, i) => async () => {
      await compare();
      done.push(`${i + 1}. ${await desk.step()}`);
      desk.now = clockMs;
    });
    await previewBuild(site.root, output, { now: clock, saves });
    await compare();
    assert.is(checked, steps + 1, "every save was compared");
    await fs.rm(site.root, { recursive: true, force: true });
  });
}

test.run();
