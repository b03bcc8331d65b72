import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { missingFiles, missingHere } from "../../src/pages/page-files.ts";

/**
 * Issue 9: a page kept from the last build must still be a file in the live site (a page deleted
 * from _site/ by hand is rendered again); the files are looked for on a worker thread
 * (src/pages/page-files.ts). The build's own test: test/build/unchanged-build.test.ts.
 */

test("missingFiles: a deleted page, a folder where the page was and a broken link are missing; the pages still there are not", async () => {
  const output = await fs.mkdtemp(path.join(os.tmpdir(), "newsroom-pages-"));
  const files = ["index.html", "world/a/index.html", "world/b/index.html", "world/c/index.html", "world/d/index.html", "feed.xml", "tags/é/index.html"];
  for (const file of ["index.html", "world/a/index.html", "feed.xml", "tags/é/index.html"]) {
    await fs.mkdir(path.dirname(path.join(output, file)), { recursive: true });
    await fs.writeFile(path.join(output, file), "page");
  }
  // world/b: never written (deleted by hand); world/c/index.html: a folder; world/d: a link to nothing.
  await fs.mkdir(path.join(output, "world/c/index.html"), { recursive: true });
  await fs.mkdir(path.join(output, "world/d"), { recursive: true });
  await fs.symlink(path.join(output, "nowhere.html"), path.join(output, "world/d/index.html"));
  const expected = ["world/b/index.html", "world/c/index.html", "world/d/index.html"];
  assert.equal([...(await missingFiles(output, files))].sort(), expected);
  assert.equal(missingHere(output, files).sort(), expected, "the same answer on this thread");
  assert.equal([...(await missingFiles(path.join(output, "gone"), ["index.html"]))], ["index.html"], "no output folder: every page missing");
  assert.equal([...(await missingFiles(output, []))], []);
  await fs.rm(output, { recursive: true, force: true });
});

test.run();
