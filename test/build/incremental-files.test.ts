import fs from "node:fs/promises";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { article, createFixture, jpeg, type Fixture } from "../support/fixture-site.ts";
import { buildFolder } from "../support/site-folder.ts";
import { readTree, touchedFiles, type SiteTree } from "../support/site-tree.ts";

/**
 * Issue 9: a build leaves every file in `_site/` whose bytes it does not change untouched (same
 * bytes, same modification time), so `rsync` and `aws s3 sync` upload only what changed. These
 * tests check the build commits only changed files into `_site/` (src/build/commit-output.ts)
 * and renders only the pages whose key changed (src/pages/page-plan.ts).
 */

const NOW = "2023-08-26T12:00:00+05:30";
const day = (d: number, hour = 10) => `2023-08-${String(d).padStart(2, "0")}T${String(hour).padStart(2, "0")}:00:00+05:30`;

let shared: Promise<Fixture> | undefined;
/** Ten stories in three sections (two with a photo), two per page, built once. */
function builtSite(): Promise<Fixture> {
  shared ??= (async () => {
    const photo = await jpeg(400, 250);
    const files: Record<string, string | Buffer> = {};
    const sections = ["world", "india", "business"];
    for (let d = 1; d <= 10; d++) {
      const section = sections[d % 3]!;
      const fields = { title: `Story ${d}`, section, date: day(d + 10), tags: d % 2 ? ["Monsoon"] : ["Markets", "Monsoon"], authors: [d % 2 ? "Asha Menon" : "Rahul Iyer"] };
      if (d % 4 === 0) {
        files[`${section}/story-${d}/index.md`] = article({ ...fields, image: { src: "photo.jpg", alt: "Rain" } });
        files[`${section}/story-${d}/photo.jpg`] = photo;
      } else files[`${section}/story-${d}.md`] = article(fields);
    }
    const site = await createFixture(files, { perPage: 2 });
    const first = await site.build({ now: NOW });
    if (!first.ok) assert.unreachable(first.message);
    return site;
  })();
  return shared;
}

async function build(site: Fixture): Promise<SiteTree> {
  const result = await buildFolder(site.root, { now: NOW });
  if (!result.ok) throw new Error(result.message);
  return readTree(site.output);
}

/** The touched files in words: which changed bytes and which only got a new modification time. */
function explain(before: SiteTree, after: SiteTree, files: string[]): string {
  const sameBytes = files.filter((f) => before.get(f)?.bytes.equals(after.get(f)!.bytes));
  const newBytes = files.filter((f) => !sameBytes.includes(f));
  const list = (items: string[]) => (items.length > 30 ? `${items.slice(0, 30).join(", ")}, … (${items.length})` : items.join(", "));
  return [
    sameBytes.length > 0 ? `rewritten with the same bytes (new mtime only): ${list(sameBytes)}` : "",
    newBytes.length > 0 ? `new or changed bytes: ${list(newBytes)}` : "",
  ]
    .filter(Boolean)
    .join("\n");
}

test("a second build with nothing changed leaves every file in _site/ with the same bytes and modification time", async () => {
  const site = await builtSite();
  const before = await readTree(site.output);
  assert.ok(before.size > 40, `a whole site (${before.size} files)`);
  // Long enough for any file system's timestamps to tell the two builds apart.
  await new Promise((resolve) => setTimeout(resolve, 50));
  const result = await buildFolder(site.root, { now: NOW });
  if (!result.ok) throw new Error(result.message);
  // Articles now come from the cache, built in another order than a fresh read: no page's key
  // may depend on that. Only the pages that are not the plugin's are rendered (home, 404, manifest, search).
  assert.ok(result.pages <= 4, `${result.pages} pages rendered again`);
  const after = await readTree(site.output);
  const { changed, added, removed } = touchedFiles(before, after);
  assert.equal(added, [], "no file added");
  assert.equal(removed, [], "no file removed");
  if (changed.length > 0) assert.unreachable(`${changed.length} of ${after.size} files touched:\n${explain(before, after, changed)}`);
});

test("one new article touches only its page, home, its listings' front and newest archive pages, feeds and sitemaps", async () => {
  const site = await builtSite();
  const before = await readTree(site.output);
  await new Promise((resolve) => setTimeout(resolve, 50));
  await fs.writeFile(
    path.join(site.root, "articles/world/breaking.md"),
    article({ title: "Breaking", section: "world", date: day(26, 11), tags: ["Markets"], authors: ["Asha Menon"] }),
  );
  const after = await build(site);
  const { changed, added, removed } = touchedFiles(before, after);
  // The search index is made again (its files are named by their content; src/outputs/search-index.ts).
  const searchIndex = (file: string) => file.startsWith("pagefind/");
  assert.equal(removed.filter((f) => !searchIndex(f)), [], "no file removed");

  // A listing may change its front page and its archive pages from the newest one before the
  // build on (the newest gains the story that left the front page; when full, a new page appears).
  const newestArchive = (listing: string) =>
    Math.max(0, ...[...before.keys()].map((f) => new RegExp(`^${listing}/page/(\\d+)/index\\.html$`).exec(f)).map((m) => (m ? Number(m[1]) : 0)));
  const listingFile = (file: string) =>
    ["world", "tags/markets", "authors/asha-menon"].some((listing) => {
      if (file === `${listing}/index.html`) return true;
      const page = new RegExp(`^${listing}/page/(\\d+)/index\\.html$`).exec(file);
      return page !== null && Number(page[1]) >= newestArchive(listing);
    });
  // Feeds: all of them, as issue 9 lists ("all feeds"): an empty section's feed is dated by the
  // site's newest change (src/outputs/feeds.ts), so a new story anywhere changes it.
  const allowed = (file: string) =>
    file === "world/breaking/index.html" ||
    file === "index.html" ||
    listingFile(file) ||
    /^([^/]+\/)?(feed\.xml|atom\.xml|feed\.json)$/.test(file) ||
    /^sitemap(-\d+)?\.xml$/.test(file) ||
    file === "news-sitemap.xml" ||
    searchIndex(file);
  const touched = [...changed, ...added];
  // Whatever its kind, a file whose bytes did not change keeps its modification time…
  const sameBytes = changed.filter((f) => before.get(f)!.bytes.equals(after.get(f)!.bytes));
  // …and only the new article's pages may change at all.
  const outside = touched.filter((f) => !allowed(f));
  if (sameBytes.length + outside.length > 0) {
    assert.unreachable(`${new Set([...sameBytes, ...outside]).size} files touched that should not be:\n${explain(before, after, [...new Set([...sameBytes, ...outside])].sort())}`);
  }
  // And what must change did.
  for (const file of ["world/breaking/index.html", "index.html", "world/index.html", "tags/markets/index.html", "authors/asha-menon/index.html", "feed.xml", "world/feed.xml", "sitemap.xml", "news-sitemap.xml", "pagefind/pagefind-entry.json"]) {
    assert.ok(touched.includes(file), `${file} was updated`);
  }
});

test("a feed or sitemap is written only when what it lists changed, and again when its file went missing", async () => {
  const site = await builtSite();
  const file = (name: string) => path.join(site.output, name);
  // Marked by hand: a build that wrote the file again would replace the mark.
  const mark = "<!-- left as it was -->";
  for (const name of ["india/feed.xml", "india/atom.xml", "news-sitemap.xml"]) await fs.appendFile(file(name), mark);
  await fs.rm(file("sitemap.xml"));
  await fs.rm(file("business/feed.json"));
  await build(site);
  for (const name of ["india/feed.xml", "india/atom.xml", "news-sitemap.xml"]) {
    assert.ok((await fs.readFile(file(name), "utf8")).endsWith(mark), `${name}: lists the same articles, so not written again`);
  }
  assert.match(await fs.readFile(file("sitemap.xml"), "utf8"), "/india/story-4/", "a missing sitemap is written again");
  assert.match(await fs.readFile(file("business/feed.json"), "utf8"), "Story", "a missing feed is written again, with its scope's articles");

  // An article of the India section edited: its feeds are written again (without the mark).
  const india = (await fs.readdir(path.join(site.root, "articles/india"))).find((f) => f.endsWith(".md"))!;
  const source = path.join(site.root, "articles/india", india);
  await fs.writeFile(source, (await fs.readFile(source, "utf8")).replace(/title: .*/, 'title: "Story edited for the feed"'));
  await build(site);
  for (const name of ["india/feed.xml", "india/atom.xml"]) {
    const text = await fs.readFile(file(name), "utf8");
    assert.not.ok(text.endsWith(mark), `${name} written again`);
    assert.match(text, "Story edited for the feed");
  }
  assert.match(await fs.readFile(file("feed.xml"), "utf8"), "Story edited for the feed", "the site's feed too");
});

test.after(async () => {
  const root = await shared?.then((s) => s.root, () => undefined);
  if (root) await fs.rm(root, { recursive: true, force: true });
});

test.run();
