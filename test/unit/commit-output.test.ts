import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { commitOutput } from "../../src/build/commit-output.ts";
import { siteFiles } from "../../src/build/site-files.ts";

/** A folder with these files (path → text) under a fresh temp root. */
async function folder(root: string, name: string, files: Record<string, string>): Promise<string> {
  const dir = path.join(root, name);
  await fs.mkdir(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await fs.writeFile(path.join(dir, file), text);
  }
  return dir;
}

const OLD = new Date("2020-01-01T00:00:00Z");

async function aged(dir: string): Promise<void> {
  for (const file of await siteFiles(dir)) await fs.utimes(path.join(dir, file), OLD, OLD);
}

async function mtime(file: string): Promise<number> {
  return (await fs.stat(file)).mtimeMs;
}

test("only files whose bytes changed are replaced; the rest keep their time; gone files and emptied folders go", async () => {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), "newsroom-commit-"));
  const output = await folder(root, "_site", {
    "index.html": "home v1",
    "feed.xml": "feed",
    "world/a/index.html": "a",
    "world/old/index.html": "old",
    "keep.txt": "kept by the plan",
  });
  await aged(output);
  const staging = await folder(root, "_site.next", { "index.html": "home v2", "feed.xml": "feed", "world/b/index.html": "b" });
  const previousFiles = await siteFiles(output);
  const result = await commitOutput({ staging, output, kept: ["world/a/index.html", "keep.txt"], previousFiles });
  assert.equal(result.files, ["feed.xml", "index.html", "keep.txt", "world/a/index.html", "world/b/index.html"]);
  assert.equal(await siteFiles(output), result.files);
  assert.equal({ written: result.written, unchanged: result.unchanged, deleted: result.deleted }, { written: 2, unchanged: 1, deleted: 1 });
  assert.is(await fs.readFile(path.join(output, "index.html"), "utf8"), "home v2");
  assert.is(await mtime(path.join(output, "feed.xml")), OLD.getTime(), "identical bytes: left untouched");
  assert.is(await mtime(path.join(output, "world/a/index.html")), OLD.getTime());
  assert.not.ok(await fs.stat(path.join(output, "world/old")).catch(() => undefined), "the emptied folder is removed");
  assert.not.ok(await fs.stat(staging).catch(() => undefined), "the staging folder is gone");
});

test("without a list of the previous files, anything in the site that the new build lacks goes", async () => {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), "newsroom-commit-"));
  const output = await folder(root, "_site", { "index.html": "x", "stray/file.html": "from an older build" });
  const staging = await folder(root, "_site.next", { "index.html": "x" });
  const result = await commitOutput({ staging, output, kept: [] });
  assert.equal(await siteFiles(output), ["index.html"]);
  assert.is(result.deleted, 1);
});

test("a site folder that is a symbolic link is written through, not replaced", async () => {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), "newsroom-commit-"));
  const target = await folder(root, "www", { "index.html": "old" });
  const output = path.join(root, "_site");
  await fs.symlink(target, output, "dir");
  const staging = await folder(root, "_site.next", { "index.html": "new" });
  await commitOutput({ staging, output, kept: [] });
  assert.ok((await fs.lstat(output)).isSymbolicLink());
  assert.is(await fs.readFile(path.join(target, "index.html"), "utf8"), "new");
});

test("the first build: the staging folder becomes the site", async () => {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), "newsroom-commit-"));
  const staging = await folder(root, "_site.next", { "index.html": "x", "a/b.html": "y" });
  const output = path.join(root, "_site");
  const result = await commitOutput({ staging, output, kept: [] });
  assert.equal(await siteFiles(output), ["a/b.html", "index.html"]);
  assert.is(result.written, 2);
});

test.run();
