import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { nextChange, SourceStats, sourcesStamp, stampedEnvironment } from "../../src/build/unchanged-build.ts";

const HOUR = 3_600_000;

test("nextChange: the earliest pending embargo or exit from the news window; drafts and old stories never", () => {
  const now = 100 * HOUR;
  const window = 48 * HOUR;
  assert.is(nextChange([{ status: "published", timestamp: now - 60 * HOUR }, { status: "draft", timestamp: now + HOUR }], now, window), null);
  assert.is(nextChange([{ status: "published", timestamp: now - 47 * HOUR }, { status: "embargoed", timestamp: now + 5 * HOUR }], now, window), now + HOUR);
  assert.is(nextChange([{ status: "published", timestamp: now - 10 * HOUR }, { status: "embargoed", timestamp: now + 5 * HOUR }], now, window), now + 5 * HOUR);
  // Leaving the window exactly now is a change already due, never a future one.
  assert.is(nextChange([{ status: "published", timestamp: now - window }], now, window), null);
});

test("sourcesStamp: same files same stamp; a changed, added or removed file, or other options, another; output and dot-folders ignored", async () => {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), "newsroom-stamp-"));
  await fs.mkdir(path.join(root, "articles/world"), { recursive: true });
  await fs.writeFile(path.join(root, "articles/world/a.md"), "a");
  await fs.mkdir(path.join(root, "_site"));
  await fs.mkdir(path.join(root, ".cache"));
  const later = () => Date.now() + 10_000;
  const stamp = (extra: unknown = 1) => sourcesStamp(root, [path.join(root, "_site")], extra, later());
  const first = stamp();
  assert.type(first, "string");
  assert.is(stamp(), first);
  assert.is.not(stamp(2), first, "options are part of it");
  await fs.writeFile(path.join(root, "_site/index.html"), "x");
  await fs.mkdir(path.join(root, "_site.next-1"));
  await fs.writeFile(path.join(root, ".cache/articles.cache"), "x");
  assert.is(stamp(), first, "the output, its staging folders and .cache are not sources");
  await fs.writeFile(path.join(root, "articles/world/a.md"), "b");
  const edited = stamp();
  assert.is.not(edited, first, "an edited file");
  await fs.writeFile(path.join(root, ".eleventy.ts"), "x");
  assert.is.not(stamp(), edited, "a dot-file (the config) is a source");
  await fs.rm(path.join(root, ".eleventy.ts"));
  assert.is(stamp(), edited);
  // Written at the moment the build starts: its time cannot tell a later write apart.
  const { mtimeMs } = await fs.stat(path.join(root, "articles/world/a.md"));
  assert.is(sourcesStamp(root, [], 1, mtimeMs + 5), undefined);
  await fs.rm(root, { recursive: true, force: true });
});

test("sourcesStamp hands on the stat of every source file it hashed, by absolute path, and of nothing it skipped", async () => {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), "newsroom-stamp-"));
  await fs.mkdir(path.join(root, "articles/world"), { recursive: true });
  await fs.writeFile(path.join(root, "articles/world/a.md"), "a");
  await fs.symlink("a.md", path.join(root, "articles/world/b.md"));
  await fs.writeFile(path.join(root, ".eleventy.ts"), "x");
  await fs.mkdir(path.join(root, "_site"));
  await fs.writeFile(path.join(root, "_site/index.html"), "x");
  await fs.mkdir(path.join(root, ".cache"));
  await fs.writeFile(path.join(root, ".cache/articles.cache"), "x");
  const stats = new SourceStats();
  const stamp = sourcesStamp(root, [path.join(root, "_site")], 1, Date.now() + 10_000, stats);
  assert.type(stamp, "string");
  assert.equal(stats.files().sort(), [path.join(root, ".eleventy.ts"), path.join(root, "articles/world/a.md"), path.join(root, "articles/world/b.md")]);
  const now = await fs.stat(path.join(root, "articles/world/a.md"));
  assert.equal(stats.get(path.join(root, "articles/world/a.md")), { size: now.size, mtimeMs: now.mtimeMs });
  // A symbolic link's stat is its target's: it is handed on, but never as a plain file's (an lstat's).
  assert.equal(stats.plain(path.join(root, "articles/world/a.md")), { size: now.size, mtimeMs: now.mtimeMs });
  assert.equal(stats.get(path.join(root, "articles/world/b.md")), { size: now.size, mtimeMs: now.mtimeMs });
  assert.is(stats.plain(path.join(root, "articles/world/b.md")), undefined);
  assert.is(stats.folder(path.join(root, "articles/world")), path.join(await fs.realpath(root), "articles/world"), "the folders' real paths");
  assert.equal(stats.listing(path.join(root, "articles/world"))?.map((entry) => [entry.name, entry.isFile()]), [["a.md", true], ["b.md", false]], "and listings");
  assert.is(stats.get(path.join(root, "_site/index.html")), undefined);
  assert.equal(sourcesStamp(root, [path.join(root, "_site")], 1, Date.now() + 10_000), stamp, "the same stamp without them");
  await fs.rm(root, { recursive: true, force: true });
});

test("SourceStats: many files (past its first array), one set twice keeps its last values", () => {
  const stats = new SourceStats();
  for (let i = 0; i < 5000; i++) stats.set(`/site/articles/${i}.md`, i, 1_700_000_000_000.5 + i);
  stats.set("/site/articles/7.md", 70, 1);
  stats.set("/site/articles/8.md", 80, 2, true);
  assert.is(stats.size, 5000);
  assert.equal(stats.plain("/site/articles/8.md"), { size: 80, mtimeMs: 2 });
  assert.is(stats.plain("/site/articles/7.md"), undefined);
  assert.equal(stats.get("/site/articles/4999.md"), { size: 4999, mtimeMs: 1_700_000_004_999.5 });
  assert.equal(stats.get("/site/articles/7.md"), { size: 70, mtimeMs: 1 });
  assert.is(stats.get("/site/articles/5000.md"), undefined);
});

test("stampedEnvironment: NEWSROOM_* settings and TZ, not the clock or the wait", () => {
  const env = stampedEnvironment({ NEWSROOM_IMAGE_CACHE: "x", NEWSROOM_NOW: "2023", NEWSROOM_BUILD_WAIT: "5", TZ: "UTC", HOME: "/root" });
  assert.equal(env, { NEWSROOM_IMAGE_CACHE: "x", TZ: "UTC" });
});

test.run();
