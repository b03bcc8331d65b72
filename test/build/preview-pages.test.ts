import fs from "node:fs/promises";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { article, createFixture } from "../support/fixture-site.ts";
import { readPage, text } from "../support/html.ts";
import { previewBuild } from "../support/preview-build.ts";
import type { AfterReloadTask } from "../../src/dev/after-reload.ts";

/**
 * When Eleventy writes into the live folder itself (the preview's builder; a site running
 * `npx @11ty/eleventy`), the plugin renders only the pages that changed and removes the pages of
 * articles that are gone, as `npm run build` does through its staging folder.
 */

const OLD = new Date("2020-01-01T00:00:00Z");

/** A site with a world story (tagged Ports) and an older sport one. */
const twoStories = () =>
  createFixture({
    "world/first.md": article({ title: "First story", tags: ["Ports"] }),
    "sport/match.md": article({ title: "Match report", section: "sport", date: "2023-08-28T10:00:00+05:30" }),
  });

test("a renamed article's old page goes; pages it does not touch are not written again", async () => {
  const site = await createFixture({
    "world/first.md": article({ title: "First story", tags: ["Ports"] }),
    "world/second.md": article({ title: "Second story", date: "2023-08-29T10:00:00+05:30", tags: ["Rail"] }),
    "sport/match.md": article({ title: "Match report", section: "sport", date: "2023-08-28T10:00:00+05:30" }),
  });
  const output = path.join(site.root, "_preview");
  await previewBuild(site.root, output);
  const untouched = path.join(output, "sport/match/index.html");
  await fs.utimes(untouched, OLD, OLD);

  await fs.rename(path.join(site.root, "articles/world/first.md"), path.join(site.root, "articles/world/first-renamed.md"));
  await fs.appendFile(path.join(site.root, "articles/world/second.md"), "\nA new paragraph.\n");
  await previewBuild(site.root, output);

  const gone = await fs.stat(path.join(output, "world/first/index.html")).then(() => false, () => true);
  assert.ok(gone, "the old address is gone");
  assert.is(text((await readPage(output, "/world/first-renamed/")).querySelector("h1")), "First story");
  assert.match(text((await readPage(output, "/world/second/")).querySelector(".article__body")), "A new paragraph.");
  assert.is((await fs.stat(untouched)).mtimeMs, OLD.getTime(), "a page nothing changed is left as it was");
  const listed = [...(await readPage(output, "/world/")).querySelectorAll(".card__title a")].map((a) => a.getAttribute("href"));
  assert.equal(listed.sort(), ["/world/first-renamed/", "/world/second/"]);
});

test("the preview's builder gets the feeds, sitemaps and cache file to write after the pages, and they come out as without it", async () => {
  const site = await twoStories();
  const output = path.join(site.root, "_preview");
  const later: AfterReloadTask[] = [];
  await previewBuild(site.root, output, { afterReload: later });
  const exists = (file: string) => fs.stat(file).then(() => true, () => false);
  const cacheFile = path.join(site.root, ".cache/newsroom/articles.cache");
  // What a writer looks at is there when the build ends…
  assert.is(text((await readPage(output, "/world/first/")).querySelector("h1")), "First story");
  // …what they do not, not yet: it waits for the builder.
  for (const file of ["feed.xml", "sitemap.xml", "news-sitemap.xml", "robots.txt"]) assert.not.ok(await exists(path.join(output, file)), `${file} is left for later`);
  assert.not.ok(await exists(cacheFile), "the article cache's file is left for later");
  const manifestFile = path.join(site.root, ".cache/newsroom/pages-_preview.json");
  assert.not.ok(await exists(manifestFile), "the page manifest's file (for the next start) is left for later");
  assert.is(later.length, 4, "four tasks: the cache, the outputs, the page manifest, the looks for pages deleted by hand and at the article files");
  for (const task of later) await task();
  assert.ok(await exists(cacheFile), "the cache's file is written by its task");
  assert.ok(await exists(manifestFile), "the manifest's file is written by its task");

  // The same files as a build that writes them in place (no builder listening).
  const inPlace = path.join(site.root, "_inplace");
  await previewBuild(site.root, inPlace);
  for (const file of ["feed.xml", "atom.xml", "feed.json", "sitemap.xml", "news-sitemap.xml", "robots.txt"]) {
    assert.is(await fs.readFile(path.join(output, file), "utf8"), await fs.readFile(path.join(inPlace, file), "utf8"), file);
  }

  // An edit: the page is new at once, the feed once the task ran.
  await fs.writeFile(path.join(site.root, "articles/world/first.md"), article({ title: "First story, updated", tags: ["Ports"] }));
  later.length = 0;
  await previewBuild(site.root, output, { afterReload: later });
  assert.is(text((await readPage(output, "/world/first/")).querySelector("h1")), "First story, updated");
  assert.not.match(await fs.readFile(path.join(output, "feed.xml"), "utf8"), "First story, updated");
  for (const task of later) await task();
  assert.match(await fs.readFile(path.join(output, "feed.xml"), "utf8"), "First story, updated");
});

test("one builder, several saves: a feed or sitemap is written again only when what it lists changed", async () => {
  const site = await twoStories();
  const output = path.join(site.root, "_preview");
  const files = ["sport/feed.xml", "world/feed.xml", "feed.xml", "sitemap.xml"];
  await previewBuild(site.root, output, {
    saves: [
      async () => {
        // After the first build: every file is there; mark them old.
        for (const file of files) await fs.utimes(path.join(output, file), OLD, OLD);
        await fs.writeFile(path.join(site.root, "articles/world/first.md"), article({ title: "First story, updated", tags: ["Ports"] }));
      },
    ],
  });
  const mtime = async (file: string) => (await fs.stat(path.join(output, file))).mtimeMs;
  assert.is(await mtime("sport/feed.xml"), OLD.getTime(), "the sport feed lists nothing that changed: kept");
  for (const file of ["world/feed.xml", "feed.xml"]) {
    assert.is.not(await mtime(file), OLD.getTime(), `${file} lists the edited story: written`);
    assert.match(await fs.readFile(path.join(output, file), "utf8"), "First story, updated");
  }
  // A file that went missing is written again, whatever its key says.
  await fs.rm(path.join(output, "sport/feed.xml"));
  await previewBuild(site.root, output);
  assert.match(await fs.readFile(path.join(output, "sport/feed.xml"), "utf8"), "Match report");
});

test("one builder, several saves: pages deleted from the folder by hand come back", async () => {
  const site = await twoStories();
  const output = path.join(site.root, "_preview");
  const tasks: AfterReloadTask[] = [];
  // What the builder does after telling the tabs to reload: the feeds, the cache, and the look for deleted pages.
  const afterReload = async () => {
    for (const task of tasks.splice(0)) await task();
  };
  await previewBuild(site.root, output, {
    afterReload: tasks,
    saves: [
      async () => {
        await afterReload();
        // A whole folder deleted after that look: seen when the next build starts.
        await fs.rm(path.join(output, "sport"), { recursive: true });
      },
      async () => {
        // One page deleted before the look that follows a build: rendered by the next one.
        await fs.rm(path.join(output, "world/first/index.html"));
        await afterReload();
      },
    ],
  });
  const h1 = async (url: string) => text((await readPage(output, url)).querySelector("h1"));
  assert.is(await h1("/sport/match/"), "Match report");
  assert.is(await h1("/world/first/"), "First story");
});

test.run();
