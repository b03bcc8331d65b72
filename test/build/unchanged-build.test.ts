import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { buildSite, type BuildResult } from "../../src/build/build.ts";
import { article, createFixture, type Fixture } from "../support/fixture-site.ts";
import { PROJECT_ROOT } from "../support/sample-site.ts";
import { readTree, touchedFiles } from "../support/site-tree.ts";

/**
 * Issue 9: a build with nothing changed stops before Eleventy starts (src/build/unchanged-build.ts),
 * and every change that can alter the site still builds: an embargo lifting or a story leaving the
 * news sitemap with no file changed, the clock set back, a public/ file, a file missing from _site/,
 * a layout.
 */

const NOW = "2023-08-26T12:00:00+05:30";
// The embargoed story goes live at 09:00 on the 27th; the story of the 25th, 10:00, leaves the
// 48-hour news sitemap at 10:00 on the 27th.
const EMBARGO = "2023-08-27T09:00:00+05:30";
const AFTER_EMBARGO = "2023-08-27T09:30:00+05:30";
const AFTER_NEWS_WINDOW = "2023-08-27T10:30:00+05:30";

/** A build at `now`, in this process, as `npm run build` runs it. */
async function build(site: Fixture, now: string): Promise<BuildResult> {
  const saved = process.env.NEWSROOM_NOW;
  process.env.NEWSROOM_NOW = now;
  try {
    return await buildSite({ root: site.root, output: "_site", quiet: true });
  } finally {
    if (saved === undefined) delete process.env.NEWSROOM_NOW;
    else process.env.NEWSROOM_NOW = saved;
  }
}

/** Past the file system's timestamp granularity: a build right after a write records no stamp. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 120));

async function newSite(): Promise<Fixture> {
  const site = await createFixture({
    "world/older.md": article({ title: "Older story", date: "2023-08-20T10:00:00+05:30", tags: ["Monsoon"] }),
    "world/recent.md": article({ title: "Recent story", date: "2023-08-25T10:00:00+05:30", tags: ["Monsoon"] }),
    "india/embargoed.md": article({ title: "Embargoed story", section: "india", date: EMBARGO }),
  });
  await settle();
  return site;
}

const read = (site: Fixture, file: string) => fs.readFile(path.join(site.output, file), "utf8");

test("nothing changed: no page rendered, every file left as it was, the last report given again", async () => {
  const site = await newSite();
  const first = await build(site, NOW);
  assert.not.ok(first.unchanged, "the first build builds");
  const before = await readTree(site.output);
  await settle();
  const second = await build(site, NOW);
  assert.ok(second.unchanged, "nothing changed");
  assert.is(second.pages, 0);
  assert.equal(second.report.articles, { total: 3, read: 0, reused: 3 }, "every article counted, none read");
  assert.equal(second.report.heldBack.map((h) => h.file), ["articles/india/embargoed.md"], "the embargo is still reported");
  const { changed, added, removed } = touchedFiles(before, await readTree(site.output));
  assert.equal([...changed, ...added, ...removed], [], "no file touched");
  await fs.rm(site.root, { recursive: true, force: true });
});

test("with no file changed, an embargo lifting publishes the story, and a story leaving the news window leaves the news sitemap", async () => {
  const site = await newSite();
  await build(site, NOW);
  await settle();
  assert.ok((await build(site, NOW)).unchanged);
  assert.not.match(await read(site, "index.html"), "Embargoed story");

  const lifted = await build(site, AFTER_EMBARGO);
  assert.not.ok(lifted.unchanged, "the embargo lifted");
  assert.match(await read(site, "india/embargoed/index.html"), "Embargoed story");
  assert.match(await read(site, "index.html"), "Embargoed story");
  assert.match(await read(site, "news-sitemap.xml"), "/world/recent/");
  assert.ok((await build(site, AFTER_EMBARGO)).unchanged, "then nothing to do at the same time");

  const later = await build(site, AFTER_NEWS_WINDOW);
  assert.not.ok(later.unchanged, "the story of the 25th left the 48-hour window");
  assert.not.match(await read(site, "news-sitemap.xml"), "/world/recent/");
  await fs.rm(site.root, { recursive: true, force: true });
});

test("the clock set back before the last build's builds again (the embargoed story is held back again)", async () => {
  const site = await newSite();
  await build(site, AFTER_EMBARGO);
  await settle();
  assert.ok((await build(site, AFTER_EMBARGO)).unchanged);
  const back = await build(site, NOW);
  assert.not.ok(back.unchanged);
  assert.not.ok(await read(site, "india/embargoed/index.html").then(() => true, () => false), "the embargoed page is gone");
  await fs.rm(site.root, { recursive: true, force: true });
});

test("a public/ file added or changed, an article edited, a file deleted from _site/: each builds again", async () => {
  const site = await newSite();
  await build(site, NOW);
  await fs.writeFile(path.join(site.root, "public/extra.txt"), "one");
  await settle();
  assert.not.ok((await build(site, NOW)).unchanged, "a new public/ file");
  assert.is(await read(site, "extra.txt"), "one");
  await fs.writeFile(path.join(site.root, "public/extra.txt"), "two");
  await settle();
  assert.not.ok((await build(site, NOW)).unchanged, "a changed public/ file");
  assert.is(await read(site, "extra.txt"), "two");

  await fs.appendFile(path.join(site.root, "articles/world/older.md"), "An added sentence.\n");
  await settle();
  assert.not.ok((await build(site, NOW)).unchanged, "an edited article");
  assert.match(await read(site, "world/older/index.html"), "An added sentence.");

  await settle();
  assert.ok((await build(site, NOW)).unchanged);
  await fs.rm(path.join(site.output, "world/older/index.html"));
  await fs.rm(path.join(site.output, "feed.xml"));
  assert.not.ok((await build(site, NOW)).unchanged, "files missing from _site/");
  assert.match(await read(site, "world/older/index.html"), "An added sentence.");
  assert.match(await read(site, "feed.xml"), "Older story");
  await fs.rm(site.root, { recursive: true, force: true });
});

test("a build right after a file was written records no stamp, so the next build looks again", async () => {
  const site = await newSite();
  await build(site, NOW);
  await fs.appendFile(path.join(site.root, "articles/world/older.md"), "Written as the build starts.\n");
  // No settling: the edit is within the file system's timestamp granularity of the build's start.
  assert.not.ok((await build(site, NOW)).unchanged);
  assert.not.ok((await build(site, NOW)).unchanged, "no stamp was recorded by the build that raced the edit");
  await settle();
  assert.ok((await build(site, NOW)).unchanged);
  await fs.rm(site.root, { recursive: true, force: true });
});

test("an article saved after the build looked at the sources, before it used the article: the next build publishes what was saved", async () => {
  const site = await newSite();
  const older = path.join(site.root, "articles/world/older.md");
  // The config saves the article when Eleventy loads it: after buildSite stat'ed every source
  // (the stamp), before the plugin loads the articles (with those stats).
  const configFile = path.join(site.root, ".eleventy.ts");
  const config = await fs.readFile(configFile, "utf8");
  const head = "export default function (eleventyConfig: UserConfig) {";
  assert.ok(config.includes(head), "the sample config's function");
  const edit = `${head}\n  if (process.env.SAVE_DURING_BUILD) { appendFileSync(process.env.SAVE_DURING_BUILD, "Saved during the build.\\n"); delete process.env.SAVE_DURING_BUILD; }`;
  await fs.writeFile(configFile, `import { appendFileSync } from "node:fs";\n${config.replace(head, edit)}`);
  // Saved an hour ago: the cache trusts its stat (a file written seconds before is compared by its bytes).
  const hourAgo = new Date(Date.now() - 3_600_000);
  await fs.utimes(older, hourAgo, hourAgo);
  await build(site, NOW);
  // Another article edited, so that the next build goes ahead and loads Eleventy.
  await fs.appendFile(path.join(site.root, "articles/world/recent.md"), "A new line.\n");
  await settle();
  process.env.SAVE_DURING_BUILD = older;
  try {
    assert.not.ok((await build(site, NOW)).unchanged);
  } finally {
    delete process.env.SAVE_DURING_BUILD;
  }
  assert.match(await fs.readFile(older, "utf8"), "Saved during the build.", "the config saved the article during the build");
  // The article as it was when the stamp was taken (its stat from then matched the cache's).
  assert.not.match(await read(site, "world/older/index.html"), "Saved during the build.");
  assert.match(await read(site, "world/recent/index.html"), "A new line.");
  await settle();
  const next = await build(site, NOW);
  assert.not.ok(next.unchanged, "the saved article is a change since the stamp");
  assert.match(await read(site, "world/older/index.html"), "Saved during the build.");
  await settle();
  assert.ok((await build(site, NOW)).unchanged, "then nothing to do");
  await fs.rm(site.root, { recursive: true, force: true });
});

/** `npm run build` in a new process (Eleventy caches layouts per process); its output. */
function buildInChild(root: string, now: string): Promise<string> {
  const tsx = path.join(PROJECT_ROOT, "node_modules", ".bin", "tsx");
  const env: NodeJS.ProcessEnv = { ...process.env, NEWSROOM_NOW: now };
  delete env.NEWSROOM_FULL_BUILD;
  return new Promise((resolve, reject) => {
    execFile(tsx, [path.join(PROJECT_ROOT, "src/build/build.ts")], { cwd: root, env }, (error, stdout, stderr) =>
      error ? reject(new Error(`${stderr}${stdout}`)) : resolve(stdout),
    );
  });
}

test("npm run build says when nothing changed; a changed layout renders every page again", async () => {
  const site = await newSite();
  await buildInChild(site.root, NOW);
  await settle();
  assert.match(await buildInChild(site.root, NOW), "nothing changed since the last build");
  const mark = "<!-- layout changed by unchanged-build.test.ts -->";
  await fs.appendFile(path.join(site.root, "layouts/partials/base.njk"), `${mark}\n`);
  await settle();
  const out = await buildInChild(site.root, NOW);
  assert.not.match(out, "nothing changed");
  for (const page of ["index.html", "world/older/index.html", "world/index.html"]) assert.match(await read(site, page), mark, page);
  await fs.rm(site.root, { recursive: true, force: true });
});

test.run();
