import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { ArticleStatsLook } from "../../src/content/article-stats.ts";
import { plainFilesHere, plainFilesOnThread, statHere, statOnThread } from "../../src/build/stat-thread.ts";

/**
 * Issue 9: a preview save at 20,000 articles no longer stats every article before it reuses it
 * (src/content/article-stats.ts). The stats come from a look after the last build, except for
 * the files the watcher reported, which must be stat'ed afresh. The preview's own test (a save
 * with the real watcher): test/build/preview-sync.test.ts.
 */

async function folder(files: Record<string, string>): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "newsroom-stats-"));
  for (const [name, text] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await fs.writeFile(path.join(dir, name), text);
  }
  return dir;
}

test("statOnThread: size and time of files, nothing for a missing file or a folder; the same as on this thread", async () => {
  const dir = await folder({ "a.md": "12345", "world/b.md": "1" });
  const files = ["a.md", "world/b.md", "gone.md", "world"];
  const { stat, how } = await statOnThread(files, dir);
  assert.match(how, /worker thread/);
  const a = await fs.stat(path.join(dir, "a.md"));
  assert.equal(stat(0), { size: 5, mtimeMs: a.mtimeMs });
  assert.is(stat(1)?.size, 1);
  assert.is(stat(2), undefined, "missing");
  assert.is(stat(3), undefined, "a folder");
  assert.equal([...statHere(files, dir)].map(String), [5, a.mtimeMs, 1, stat(1)!.mtimeMs, NaN, NaN, NaN, NaN].map(String));
  assert.equal((await statOnThread([path.join(dir, "a.md")])).stat(0)?.size, 5, "absolute paths without a folder");
});

test("ArticleStatsLook: the look's stats for files the watcher did not report, none for those it did or under a folder it did", async () => {
  const dir = await folder({ "world/a.md": "one", "world/b.md": "two", "sport/c.md": "three" });
  const files = ["world/a.md", "world/b.md", "sport/c.md"].map((f) => path.join(dir, f));
  const look = new ArticleStatsLook();
  assert.is(await look.stats([]), undefined, "no look yet: every file is stat'ed");
  await look.look(files);
  const before = await Promise.all(files.map((f) => fs.stat(f)));
  // Written after the look: b.md was reported, a.md was not (a missed event).
  await fs.writeFile(files[0]!, "one, longer");
  await fs.writeFile(files[1]!, "two, longer");
  const stats = (await look.stats([path.relative(process.cwd(), files[1]!)]))!;
  assert.ok(stats, "a look was made");
  assert.is(stats.get(files[1]!), undefined, "reported by the watcher (a path relative to the working directory): stat'ed afresh");
  assert.equal(stats.get(files[0]!), { size: before[0]!.size, mtimeMs: before[0]!.mtimeMs }, "not reported: the look's stat (the next look sees the change)");
  assert.is(stats.get(path.join(dir, "world/new.md")), undefined, "a file the look did not see");
  assert.is(await look.stats([]), undefined, "a look serves one build");

  look.look(files);
  const next = (await look.stats([path.join(dir, "world")]))!;
  assert.is(next.get(files[0]!), undefined, "under a folder the watcher reported");
  assert.is(next.get(files[1]!), undefined);
  assert.is(next.get(files[2]!)?.size, 5, "elsewhere: the look's");
  assert.is(next.get(files[0]!.replace("world", "worldwide")), undefined);

  void look.look(files);
  const newer = (await look.stats([]))!;
  assert.is(newer.get(files[0]!)?.size, "one, longer".length, "the next look sees the change the watcher missed");
});

test("ArticleStatsLook: the plain files beside the articles (their photos) by lstat, never a link, less what the watcher reported", async () => {
  const dir = await folder({ "world/a.md": "one", "world/a.jpg": "photo", "world/sub/b.jpg": "deeper", "outside.jpg": "out" });
  await fs.symlink(path.join(dir, "outside.jpg"), path.join(dir, "world/link.jpg"));
  await fs.mkdir(path.join(dir, "world/folder.jpg"));
  await fs.mkdir(path.join(dir, "elsewhere"));
  await fs.writeFile(path.join(dir, "elsewhere/c.md"), "three");
  await fs.symlink(path.join(dir, "elsewhere"), path.join(dir, "linked"));
  const files = [path.join(dir, "world/a.md"), path.join(dir, "linked/c.md")];
  const look = new ArticleStatsLook();
  await look.look(files);
  const photo = await fs.lstat(path.join(dir, "world/a.jpg"));
  const stats = (await look.stats([]))!;
  const real = await fs.realpath(dir);
  assert.is(stats.folder(path.join(dir, "world")), path.join(real, "world"), "an article folder's real path");
  assert.is(stats.folder(path.join(dir, "linked")), path.join(real, "elsewhere"), "through a link");
  assert.is(stats.folder(path.join(dir, "world/sub")), undefined, "a folder the look did not see");
  assert.equal(stats.plain(path.join(dir, "world/a.jpg")), { size: 5, mtimeMs: photo.mtimeMs });
  assert.is(stats.plain(path.join(dir, "world/link.jpg")), undefined, "a symbolic link is no plain file");
  assert.is(stats.plain(path.join(dir, "world/folder.jpg")), undefined, "nor a folder");
  assert.is(stats.plain(path.join(dir, "world/sub/b.jpg")), undefined, "only the articles' own folders are looked at");
  void look.look(files);
  const reported = (await look.stats([path.join(dir, "world/a.jpg")]))!;
  assert.is(reported.plain(path.join(dir, "world/a.jpg")), undefined, "reported by the watcher: lstat'ed afresh");
  void look.look(files);
  const folderReported = (await look.stats([path.join(dir, "world")]))!;
  assert.is(folderReported.plain(path.join(dir, "world/a.jpg")), undefined, "under a reported folder");
  assert.is(folderReported.folder(path.join(dir, "world")), undefined, "a reported folder's real path is looked up afresh");
  assert.is(folderReported.folder(path.join(dir, "linked")), path.join(real, "elsewhere"));
  const here = plainFilesHere([path.join(dir, "world"), path.join(dir, "gone"), path.join(dir, "linked")]);
  assert.equal(here.names.sort(), [path.join(dir, "linked/c.md"), path.join(dir, "world/a.jpg"), path.join(dir, "world/a.md")].sort(), "the same on this thread; a missing folder has none");
  assert.equal(here.reals, [path.join(real, "world"), "", path.join(real, "elsewhere")]);
  const threaded = await plainFilesOnThread([path.join(dir, "world"), path.join(dir, "gone"), path.join(dir, "linked")]);
  assert.match(threaded.how, /worker thread/);
  assert.equal([...threaded.files.keys()].sort(), here.names.sort(), "the worker's answer is this thread's");
  assert.equal([...threaded.reals.values()], here.reals.filter(Boolean));
});

test("ArticleStatsLook: the listings of the articles' folders and those above them, listed afresh where something was reported", async () => {
  const dir = await folder({ "articles/world/a.md": "one", "articles/world/bundle/index.md": "two", "articles/world/bundle/photo.jpg": "p", "articles/sport/c.md": "three" });
  const articles = path.join(dir, "articles");
  const files = ["world/a.md", "world/bundle/index.md", "sport/c.md"].map((f) => path.join(articles, f));
  const look = new ArticleStatsLook();
  await look.look(files, articles);
  const names = (listing: readonly { name: string; isFile(): boolean; isDirectory(): boolean }[] | undefined) =>
    listing?.map((entry) => `${entry.name}${entry.isDirectory() ? "/" : entry.isFile() ? "" : "?"}`).sort();
  const stats = (await look.stats([]))!;
  assert.equal(names(stats.listing(articles)), ["sport/", "world/"], "the articles folder");
  assert.equal(names(stats.listing(path.join(articles, "world"))), ["a.md", "bundle/"]);
  assert.equal(names(stats.listing(path.join(articles, "world/bundle"))), ["index.md", "photo.jpg"]);
  assert.is(stats.listing(dir), undefined, "nothing above the articles folder");
  // A new story in a folder of its own: the watcher reports its file, not the new folder in world/.
  await fs.mkdir(path.join(articles, "world/new-story"));
  await fs.writeFile(path.join(articles, "world/new-story/index.md"), "four");
  void look.look(files, articles);
  const after = (await look.stats([path.join(articles, "world/new-story/index.md")]))!;
  assert.is(after.listing(path.join(articles, "world")), undefined, "its section's folder is listed afresh");
  assert.is(after.listing(articles), undefined, "and every folder above it");
  assert.equal(names(after.listing(path.join(articles, "sport"))), ["c.md"], "elsewhere: the look's");
  assert.equal(names(after.listing(path.join(articles, "world/bundle"))), ["index.md", "photo.jpg"]);
});

test.run();
