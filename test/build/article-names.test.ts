import fs from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { formatReport } from "../../src/build/build-report.ts";
import { scanArticleFiles } from "../../src/content/article-files.ts";
import { SourceStats, sourcesStamp } from "../../src/build/unchanged-build.ts";
import { SiteError } from "../../src/content/errors.ts";
import { article, createFixture, jpeg } from "../support/fixture-site.ts";
import { readPage, text } from "../support/html.ts";

/**
 * Which files under articles/ are articles (issue 10, case 25-article-with-other-extension-
 * silently-skipped: stories saved as .MD, .markdown, .Md and .md.txt were skipped without a
 * word), and a site with no articles/ folder (case 03, the build's side).
 */

const CASE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/cases/25-article-with-other-extension-silently-skipped/articles");
const NOW = "2023-09-01T12:00:00+05:30";

async function caseFiles(): Promise<Record<string, Buffer>> {
  const files: Record<string, Buffer> = {};
  for (const name of await fs.readdir(path.join(CASE, "india"))) files[`india/${name}`] = await fs.readFile(path.join(CASE, "india", name));
  return files;
}

test("case 25: stories saved as .MD, .Md and .markdown are built; .md.txt is named in the report with the fix", async () => {
  const site = await createFixture({
    ...(await caseFiles()),
    "world/plain.md": article({ title: "Plain", section: "world" }),
    // Kinds beyond the example: upper-case .MARKDOWN, an article folder with index.MD and its photo.
    "world/loud.MARKDOWN": article({ title: "Loud", section: "world" }),
    "world/harbour-visit/index.MD": article({ title: "Harbour visit", section: "world", image: { src: "photo.jpg", alt: "A ship" } }),
    "world/harbour-visit/photo.jpg": await jpeg(800, 500),
    "world/harbour-visit/spare.PNG": await jpeg(100, 100),
    // Not articles: reported, each with what to do.
    "world/draft-from-mac.markdown.txt": article({ title: "TextEdit", section: "world" }),
    "world/components.mdx": article({ title: "MDX", section: "world" }),
    "world/interview.docx": "not really a docx",
    "world/notes.txt": "call back the mayor",
    // Kept aside on purpose: never reported, never published.
    "_templates/story.md": "---\ntitle: \n---\n",
    "world/_notes.md": "ideas, not an article",
    "world/_research/sources.txt": "links",
    "world/.plain.md.swp": "swap",
  });
  const result = await site.build({ now: NOW });
  if (!result.ok) throw new Error(result.message);

  for (const [url, title] of [
    ["/india/council-budget-vote/", "Saved as .MD (Windows)"],
    ["/india/school-fees-capped/", null],
    ["/india/metro-line-opens/", null],
    ["/world/loud/", "Loud"],
    ["/world/harbour-visit/", "Harbour visit"],
  ] as const) {
    const page = await readPage(site.output, url);
    const h1 = text(page.querySelector("h1"));
    assert.ok(h1.length > 0, `${url} has a headline`);
    if (title) assert.is(h1, title);
  }
  const harbour = await readPage(site.output, "/world/harbour-visit/");
  assert.ok(harbour.querySelector("main img, main picture"), "the photo beside index.MD is read");

  assert.equal(
    result.report.notRead?.map((n) => n.file),
    ["articles/india/flood-relief-camps.md.txt", "articles/world/components.mdx", "articles/world/draft-from-mac.markdown.txt", "articles/world/interview.docx", "articles/world/notes.txt"],
  );
  const lines = formatReport(result.report);
  assert.match(lines, "Not read (not articles): 5");
  assert.match(lines, "articles/india/flood-relief-camps.md.txt: only files ending in .md are articles: rename it to flood-relief-camps.md if it is one");
  assert.match(lines, "articles/world/draft-from-mac.markdown.txt: only files ending in .md are articles: rename it to draft-from-mac.md");
  assert.match(lines, "articles/world/components.mdx: only files ending in .md are articles: rename it to components.md");
  assert.match(lines, 'articles/world/interview.docx: not an article (those end in .md) nor a photo (.jpg, .jpeg, .png, .webp, .avif, .gif); to keep it here without this line, start its name with "_"');
  assert.not.match(lines, "_notes");
  assert.not.match(lines, "_templates");
  assert.not.match(lines, "swp");
  assert.not.match(lines, "spare.PNG");
  for (const url of ["/india/flood-relief-camps/", "/world/draft-from-mac/", "/world/components/", "/world/notes/", "/world/story/"]) {
    assert.not.ok(await fs.stat(path.join(site.output, url, "index.html")).catch(() => false), `${url} not published`);
  }

  // The preview reads the same files and reports the same ones.
  const preview = await site.build({ now: NOW, preview: true });
  if (!preview.ok) throw new Error(preview.message);
  assert.equal(preview.report.notRead, result.report.notRead);

  // `npm run build` lists the folders once, in its first walk, and hands the listings on: the same files either way.
  await fs.symlink(path.join(site.root, "articles/india"), path.join(site.root, "articles/world/linked-india"));
  const stats = new SourceStats();
  sourcesStamp(site.root, [site.output], 1, Date.now() + 10_000, stats);
  const articles = path.join(site.root, "articles");
  assert.equal(await scanArticleFiles(articles, site.root, (folder) => stats.listing(folder)), await scanArticleFiles(articles, site.root));
});

test("story.md and story.MD in one folder are one address: the build says so instead of picking one", async () => {
  const site = await createFixture({
    "world/story.md": article({ title: "Lower", section: "world" }),
    "world/story.MD": article({ title: "Upper", section: "world" }),
  });
  const result = await site.build({ now: NOW });
  assert.not.ok(result.ok);
  if (!result.ok) {
    assert.match(result.message, "articles/world/story.md");
    assert.match(result.message, "articles/world/story.MD");
    assert.match(result.message, "/world/story/");
  }
});

test("case 03: no articles/ folder is ArticlesFolderMissing with the fix, nothing written and no staging folder left; an empty folder builds", async () => {
  const site = await createFixture({});
  await fs.rm(path.join(site.root, "articles"), { recursive: true, force: true });
  const result = await site.build({ now: NOW });
  assert.not.ok(result.ok);
  if (!result.ok) {
    assert.match(result.message, "No articles folder: articles");
    assert.match(result.message, `there is no articles/ folder in ${site.root}.`);
    assert.match(result.message, "mkdir articles");
  }
  // Eleventy's copy of public/ would finish after a failed build: none may have started.
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal((await fs.readdir(site.root)).filter((n) => n.startsWith("_site")), [], "no _site/, no _site.next-*");

  await fs.mkdir(path.join(site.root, "articles"));
  const empty = await site.build({ now: NOW });
  if (!empty.ok) throw new Error(empty.message);
  assert.ok(await readPage(site.output, "/"), "a home page with no stories yet");
});

test("the preview's loader (no staged build) reports a missing articles folder from the catalogue too", async () => {
  const site = await createFixture({});
  try {
    await scanArticleFiles(path.join(site.root, "stories"), site.root);
    assert.unreachable("should throw");
  } catch (error) {
    assert.instance(error, SiteError);
    assert.is((error as SiteError).code, "ArticlesFolderMissing");
    assert.is((error as SiteError).file, "stories");
  }
});

test.run();
