import { execFileSync } from "node:child_process";
import fs from "node:fs/promises";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { parseHTML } from "linkedom";
import { article, createFixture, jpeg, type Fixture } from "../support/fixture-site.ts";
import { eventually, startPreview, type PreviewProcess } from "../support/preview-process.ts";
import { compareTrees, describeDifference, isSame, readTree, type SiteTree } from "../support/site-tree.ts";

// Cases 05 and 06 (05-renamed-article-old-url-lingers-in-preview, 06-deleted-article-stays-in-preview): with `npm start`
// running, every kind of file operation (delete, rename, a folder article deleted, a git checkout
// of another branch, files renamed over others as editors and `git pull` do, a file deleted from
// public/) leaves the preview
// exactly as a build of the same files: the same files with the same bytes (photos aside: the
// preview makes them on request), and the same home page served. Eleventy 3.1 only logs a deleted
// file; before the fix a deleted article stayed listed and served until something else changed.

const NOW = "2023-09-01T12:00:00+05:30";
let site: Fixture;
let mirror: Fixture;
let preview: PreviewProcess;

const git = (...args: string[]) => execFileSync("git", args, { cwd: site.root, stdio: "pipe" }).toString();

test.before(async () => {
  site = await createFixture({
    "world/heatwave.md": article({ title: "Heatwave grips Europe", tags: ["Climate", "Europe"], date: "2023-08-20T10:00:00+05:30" }),
    "world/trade-talks.md": article({ title: "Trade talks restart", tags: ["Trade"], date: "2023-08-21T10:00:00+05:30" }),
    "world/summit.md": article({ title: "Summit ends", tags: ["Europe"], date: "2023-08-22T10:00:00+05:30" }),
    "science/telescopes/index.md": article({ title: "Amateur telescopes", section: "science", tags: ["Space"], image: { src: "orbit.jpg", alt: "An orbit" } }),
    "science/telescopes/orbit.jpg": await jpeg(640, 400),
    "sport/final.md": article({ title: "Cup final", section: "sport", tags: ["Football"], date: "2023-08-25T10:00:00+05:30" }),
    "sport/draft.md": article({ title: "Unfinished", section: "sport", draft: true }),
  });
  // What a build of the same files gives is built in a second site with the same layouts and settings.
  mirror = await createFixture({});
  // A second branch, as a colleague would push it: one article edited, one gone, two new.
  git("init", "-q", "-b", "main");
  git("-c", "user.email=t@example.test", "-c", "user.name=Test", "add", "articles");
  git("-c", "user.email=t@example.test", "-c", "user.name=Test", "commit", "-qm", "articles");
  git("checkout", "-q", "-b", "other");
  await fs.writeFile(path.join(site.root, "articles/world/summit.md"), article({ title: "Summit ends with a deal", tags: ["Europe", "Trade"], date: "2023-08-22T10:00:00+05:30" }));
  await fs.rm(path.join(site.root, "articles/sport/final.md"));
  await fs.writeFile(path.join(site.root, "articles/sport/derby.md"), article({ title: "Derby draw", section: "sport", tags: ["Football"], date: "2023-08-26T10:00:00+05:30" }));
  await fs.mkdir(path.join(site.root, "articles/india"));
  await fs.writeFile(path.join(site.root, "articles/india/monsoon.md"), article({ title: "Monsoon returns", section: "india", tags: ["Climate"], date: "2023-08-27T10:00:00+05:30" }));
  git("-c", "user.email=t@example.test", "-c", "user.name=Test", "add", "-A", "articles");
  git("-c", "user.email=t@example.test", "-c", "user.name=Test", "commit", "-qm", "other");
  git("checkout", "-q", "main");
  // Newsroom:Content says how many article stats a build took from before it (the preview's look).
  preview = await startPreview(site.root, { NEWSROOM_NOW: NOW, DEBUG: "Newsroom:Content" });
});

test.after(async () => {
  await preview?.stop();
});

/** The site's files, photos aside (the preview makes them when a page asks). */
async function files(dir: string): Promise<SiteTree> {
  const tree = await readTree(dir);
  for (const name of [...tree.keys()]) if (name.startsWith("img/")) tree.delete(name);
  return tree;
}

/** Builds the mirror site from a copy of the site's articles and public/ now, as `npm run build` would with drafts shown. */
async function buildOfSameFiles(): Promise<SiteTree> {
  for (const folder of ["articles", "public"]) {
    await fs.rm(path.join(mirror.root, folder), { recursive: true, force: true });
    await fs.cp(path.join(site.root, folder), path.join(mirror.root, folder), { recursive: true });
  }
  const result = await mirror.build({ now: NOW, preview: true });
  if (!result.ok) throw new Error(result.message);
  return files(mirror.output);
}

/** Article links of a home page, in order. */
function homeLinks(html: string): string[] {
  const { document } = parseHTML(html);
  return [...document.querySelectorAll("main a[href]")].map((a) => a.getAttribute("href")!).filter((href) => /^\/[a-z]+\/[^/]+\/$/.test(href) && !href.startsWith("/tags/"));
}

/** Waits until the preview's folder equals a build of the same files, then checks what it serves. */
async function assertPreviewMatchesBuild(step: string): Promise<void> {
  const expected = await buildOfSameFiles();
  let actual: SiteTree = new Map();
  await eventually(
    async () => {
      actual = await files(preview.output).catch(() => new Map());
      return isSame(compareTrees(actual, expected));
    },
    () => `${step}: the preview is not what a build of the same files gives:\n${describeDifference(compareTrees(actual, expected), actual, expected, ["preview", "build"])}\n--- preview log:\n${preview.log().slice(-3000)}`,
  );
  const served = await (await fetch(`${preview.url}/`)).text();
  const built = await fs.readFile(path.join(mirror.output, "index.html"), "utf8");
  assert.equal(homeLinks(served), homeLinks(built), `${step}: the home page served lists what the build's lists`);
  assert.ok(homeLinks(built).length > 0, `${step}: the home page lists articles`);
}

const status = async (urlPath: string) => (await fetch(`${preview.url}${urlPath}`)).status;

test("a saved edit shows; the save stat'ed only the file the watcher reported, the others' stats come from the look after the last build", async () => {
  await assertPreviewMatchesBuild("start");
  const from = preview.log().length;
  await fs.writeFile(path.join(site.root, "articles/world/summit.md"), article({ title: "Summit ends late", tags: ["Europe"], date: "2023-08-22T10:00:00+05:30" }));
  await assertPreviewMatchesBuild("edit");
  await preview.waitForLog(/loaded \d+ articles/, from);
  const loaded = /loaded (\d+) articles \((\d+) reused; (\d+) stats taken before/.exec(preview.log().slice(from));
  assert.ok(loaded, `the builder says what it loaded:\n${preview.log().slice(from)}`);
  const [, total, reused, before] = loaded.map(Number);
  assert.is(reused, total! - 1, "every article but the saved one reused");
  assert.is(before, total! - 1, "only the saved file stat'ed by the save");
});

test("a new story in a folder of its own (text and photo) shows, and so does a photo replaced beside a reused article", async () => {
  // The watcher reports the new files, not the new folder in world/: the look's listing of
  // world/ must not be used (src/content/article-stats.ts).
  await fs.mkdir(path.join(site.root, "articles/world/harbour"));
  await fs.writeFile(path.join(site.root, "articles/world/harbour/photo.jpg"), await jpeg(500, 300));
  await fs.writeFile(path.join(site.root, "articles/world/harbour/index.md"), article({ title: "Harbour reopens", tags: ["Trade"], date: "2023-08-23T10:00:00+05:30", image: { src: "photo.jpg", alt: "Ships" } }));
  await assertPreviewMatchesBuild("a new story in its own folder");
  assert.is(await status("/world/harbour/"), 200);
  // The article's file is unchanged (reused from the cache); only its photo's bytes changed.
  await fs.writeFile(path.join(site.root, "articles/science/telescopes/orbit.jpg"), await jpeg(600, 400));
  await assertPreviewMatchesBuild("a photo replaced");
  await fs.rm(path.join(site.root, "articles/world/harbour"), { recursive: true });
  await assertPreviewMatchesBuild("the new story's folder deleted");
});

test("at start, and after an article is deleted", async () => {
  await assertPreviewMatchesBuild("start");
  assert.is(await status("/world/heatwave/"), 200);
  await fs.rm(path.join(site.root, "articles/world/heatwave.md"));
  await assertPreviewMatchesBuild("delete");
  assert.is(await status("/world/heatwave/"), 404);
});

test("after an article is renamed (its address changes; the old one is gone)", async () => {
  await fs.rename(path.join(site.root, "articles/world/trade-talks.md"), path.join(site.root, "articles/world/trade-talks-restart.md"));
  await assertPreviewMatchesBuild("rename");
  assert.is(await status("/world/trade-talks/"), 404);
  assert.is(await status("/world/trade-talks-restart/"), 200);
});

test("after an article's folder (text and photo) is deleted", async () => {
  await fs.rm(path.join(site.root, "articles/science/telescopes"), { recursive: true });
  await assertPreviewMatchesBuild("folder deleted");
  assert.is(await status("/science/telescopes/"), 404);
});

test("after files are renamed over others at once (editors' atomic saves, git pull)", async () => {
  const scratch = path.join(site.root, ".incoming");
  await fs.mkdir(scratch, { recursive: true });
  const edits: Record<string, string> = {
    "world/summit.md": article({ title: "Summit: late agreement", tags: ["Europe"], date: "2023-08-22T10:00:00+05:30" }),
    "sport/final.md": article({ title: "Cup final goes to penalties", section: "sport", tags: ["Football", "Penalties"], date: "2023-08-25T10:00:00+05:30" }),
    "sport/draft.md": article({ title: "Now published", section: "sport", date: "2023-08-24T10:00:00+05:30" }),
    "world/new-one.md": article({ title: "A new story", tags: ["Trade"], date: "2023-08-28T10:00:00+05:30" }),
  };
  for (const [name, text] of Object.entries(edits)) await fs.writeFile(path.join(scratch, name.replace("/", "--")), text);
  await Promise.all(Object.keys(edits).map((name) => fs.rename(path.join(scratch, name.replace("/", "--")), path.join(site.root, "articles", name))));
  await assertPreviewMatchesBuild("renamed over");
  await fs.rm(scratch, { recursive: true });
});

test("after a file in public/ is deleted (Eleventy copies public/ but never removes a copy)", async () => {
  await fs.writeFile(path.join(site.root, "public/extra.txt"), "a file the site had for a while\n");
  await assertPreviewMatchesBuild("public file added");
  await fs.rm(path.join(site.root, "public/extra.txt"));
  await assertPreviewMatchesBuild("public file deleted");
  assert.is(await status("/extra.txt"), 404);
});

test("after a git checkout of another branch (many files changed, added and deleted at once)", async () => {
  git("checkout", "-q", "-f", "other");
  git("clean", "-qfd", "articles");
  await assertPreviewMatchesBuild("git checkout");
  assert.is(await status("/sport/final/"), 404);
  assert.is(await status("/india/monsoon/"), 200);
  // And back: the deleted article returns.
  git("checkout", "-q", "-f", "main");
  await assertPreviewMatchesBuild("git checkout back");
  assert.is(await status("/sport/final/"), 200);
});

test("after a restart on the same folder, with changes made while it was stopped (a page kept, one gone, a public/ file gone)", async () => {
  const output = preview.output;
  await preview.stop();
  const kept = path.join(output, "world/summit/index.html");
  const keptTime = (await fs.stat(kept)).mtimeMs;
  await fs.rm(path.join(site.root, "articles/sport/final.md"));
  await fs.writeFile(path.join(site.root, "articles/world/new-while-stopped.md"), article({ title: "Written while stopped", tags: ["Trade"], date: "2023-08-29T10:00:00+05:30" }));
  await fs.writeFile(path.join(output, "extra.txt"), "a copy of a public/ file deleted while the preview was stopped\n");
  preview = await startPreview(site.root, { NEWSROOM_NOW: NOW, NEWSROOM_PREVIEW_OUTPUT: output });
  await assertPreviewMatchesBuild("restart");
  assert.is(await status("/sport/final/"), 404);
  assert.is(await status("/extra.txt"), 404);
  assert.is(await status("/world/new-while-stopped/"), 200);
  assert.is((await fs.stat(kept)).mtimeMs, keptTime, "a page nothing changed is kept from the last run, not written again");
});

test.run();
