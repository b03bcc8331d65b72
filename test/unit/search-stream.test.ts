import { test } from "uvu";
import * as assert from "uvu/assert";
import { SearchStream, type PartIndexer } from "../../src/outputs/search-stream.ts";
import type { SearchPart } from "../../src/outputs/search-parts.ts";

/** An indexer that records what it is told, in order. */
function recorder(): PartIndexer & { log: string[] } {
  const log: string[] = [];
  return {
    log,
    add: (part) => void log.push(`add ${part.name}`),
    finish: async (all) => {
      log.push(`finish ${all.map((p) => p.name).join(",")}`);
      return { pages: 0, files: 0, bytes: 0, ms: 0 };
    },
    stop: async () => void log.push("stop"),
  };
}

function part(name: string, urls: string[], kept = false): SearchPart & { kept: boolean } {
  return { name, folder: `pagefind/parts/${name}`, months: [name], urls, kept };
}

test("a changed part is handed over once the last of its rendered pages is written; a kept part never", async () => {
  const indexer = recorder();
  const stream = new SearchStream(indexer);
  const parts = [part("c", ["/c1/", "/c2/"]), part("b", ["/b1/"]), part("a", ["/a1/", "/a2/"], true), part("d", ["/d1/"])];
  // /d1/ is kept (not rendered): part d changed because an article left it, so it starts at once.
  stream.plan(parts, ["/c1/", "/c2/", "/b1/", "/a1/", "/x/"]);
  assert.equal(indexer.log, ["add d"]);
  stream.written("/c2/");
  stream.written("/x/"); // a page of no waiting part
  stream.written("/a1/"); // a page of a kept part
  assert.equal(indexer.log, ["add d"]);
  stream.written("/b1/");
  assert.equal(indexer.log, ["add d", "add b"]);
  stream.written("/c1/");
  stream.written("/c1/"); // told twice: handed over once
  assert.equal(indexer.log, ["add d", "add b", "add c"]);
  const done = await stream.finish();
  assert.equal(indexer.log.at(-1), "finish c,b,a,d");
  assert.is(done?.changed, 3);
});

test("finish hands over a part whose pages were not all written, then waits for the index", async () => {
  const indexer = recorder();
  const stream = new SearchStream(indexer);
  stream.plan([part("b", ["/b1/", "/b2/"]), part("a", ["/a1/"])], ["/b1/", "/b2/", "/a1/"]);
  stream.written("/b1/");
  assert.equal(indexer.log, []);
  await stream.finish();
  assert.equal(indexer.log, ["add b", "add a", "finish b,a"]);
});

test("no plan (search off, or the plugin did not run): finish stops the indexer and gives nothing; a second plan is refused", async () => {
  const indexer = recorder();
  const stream = new SearchStream(indexer);
  stream.written("/a1/");
  assert.is(await stream.finish(), undefined);
  assert.equal(indexer.log, ["stop"]);
  const twice = new SearchStream(recorder());
  twice.plan([], []);
  assert.throws(() => twice.plan([], []), /planned twice/);
});

test.run();
