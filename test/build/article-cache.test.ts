import fs from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { buildSite } from "../../src/build/build.ts";
import { formatReport, type BuildReport } from "../../src/build/build-report.ts";
import { article, createFixture, jpeg, type Fixture } from "../support/fixture-site.ts";
import { readPage, text } from "../support/html.ts";
import { assertReported } from "../support/report.ts";

/**
 * The article cache (src/content/article-cache.ts) through real builds of one fixture site: a
 * warm build reads only what changed and makes exactly the site a cold build makes.
 */

const NOW = "2023-09-01T12:00:00+05:30";
const ARTICLES = 5;
let site: Fixture;
let cold: Map<string, Buffer>;
let coldReport: BuildReport;

async function built(env: Parameters<Fixture["build"]>[0] = {}): Promise<BuildReport> {
  const result = await site.build(env);
  if (!result.ok) assert.unreachable(`the build failed:\n${result.message}`);
  return (result as { report: BuildReport }).report;
}

/** Every file of the built site, by path, with its bytes. */
async function outputFiles(output: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await fs.readdir(output, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    files.set(path.relative(output, full), await fs.readFile(full));
  }
  return files;
}

function assertSameSite(actual: Map<string, Buffer>, expected: Map<string, Buffer>, what: string): void {
  assert.equal([...actual.keys()].sort(), [...expected.keys()].sort(), `${what}: the same files`);
  for (const [file, bytes] of expected) assert.ok(actual.get(file)!.equals(bytes), `${what}: ${file} has the same bytes`);
}

const cacheFile = () => path.join(site.root, ".cache/newsroom/articles.cache");
const articleFile = (name: string) => path.join(site.root, "articles", name);
const counts = (report: BuildReport) => report.articles;

/** Sets a file's modification time an hour back: as after a checkout, and old enough to be trusted by stat. */
async function age(name: string): Promise<void> {
  const then = new Date(Date.now() - 3_600_000);
  await fs.utimes(articleFile(name), then, then);
}

test("a cold build reads every article and reports it", async () => {
  site = await createFixture({
    "world/plain.md": article({ title: "Plain story" }, "Plain text."),
    // A lead photo narrower than 1200 px (a warning) and an inline photo.
    "world/photo/index.md": article({ title: "Photo story", image: { src: "lead.jpg", alt: "Lead" } }, "Text.\n\n![Chart](chart.jpg)\n"),
    "world/photo/lead.jpg": await jpeg(800, 500),
    "world/photo/chart.jpg": await jpeg(400, 300),
    // A link with no text: a body warning.
    "world/empty-link.md": article({ title: "Empty link story" }, "See [](https://example.org/)."),
    "world/embargo.md": article({ title: "Embargoed story", date: "2023-09-05T09:00:00+05:30" }),
    "world/updated.md": article({ title: "Updated story", updated: "2023-08-31T10:00:00+05:30" }),
  });
  coldReport = await built({ now: NOW });
  assert.equal(counts(coldReport), { total: ARTICLES, read: ARTICLES, reused: 0 });
  assert.match(formatReport(coldReport), `Articles: ${ARTICLES} (${ARTICLES} read, 0 unchanged)`);
  assert.equal(coldReport.warnings.map((w) => `${w.file} ${w.field}`), ["articles/world/empty-link.md body", "articles/world/photo/index.md image.src"]);
  assert.equal(coldReport.heldBack.map((h) => h.file), ["articles/world/embargo.md"]);
  cold = await outputFiles(site.output);
  assert.ok((await fs.stat(cacheFile())).size > 0, "the cache is saved");
});

test("a warm build reuses every unchanged article and makes the same site, byte for byte, with the same report", async () => {
  const report = await built({ now: NOW });
  assert.equal(counts(report), { total: ARTICLES, read: 0, reused: ARTICLES });
  assert.equal(report.warnings, coldReport.warnings, "warnings replayed");
  assert.equal(report.heldBack, coldReport.heldBack);
  // The printed report, but for the counts of articles read and photos encoded, and what is new
  // since the previous build (a first build has nothing to compare with).
  const printed = (r: BuildReport) => formatReport(r).split("\n").filter((line) => !/^(Articles|Images|Published):/.test(line));
  assert.equal(printed(report), printed(coldReport));
  assertSameSite(await outputFiles(site.output), cold, "warm build");
});

test("a file with a new time but the same bytes (a fresh checkout) is reused", async () => {
  for (const name of ["world/plain.md", "world/photo/index.md", "world/photo/lead.jpg"]) await age(name);
  assert.equal(counts(await built({ now: NOW })), { total: ARTICLES, read: 0, reused: ARTICLES });
  // Its new time is now trusted: the next build does not even compare bytes, and still reuses it.
  assert.equal(counts(await built({ now: NOW })), { total: ARTICLES, read: 0, reused: ARTICLES });
});

test("an edited article is the only one read, and its page shows the edit", async () => {
  // Same size as before, and an old time: only the bytes tell (Plain → Plane).
  const file = articleFile("world/plain.md");
  await fs.writeFile(file, article({ title: "Plane story" }, "Plain text."));
  await age("world/plain.md");
  const report = await built({ now: NOW });
  assert.equal(counts(report), { total: ARTICLES, read: 1, reused: ARTICLES - 1 });
  assert.match(formatReport(report), `Articles: ${ARTICLES} (1 read, ${ARTICLES - 1} unchanged)`);
  assert.is(text((await readPage(site.output, "/world/plain/")).querySelector("h1")), "Plane story");
});

test("a photo whose bytes changed makes its article read again, and the page shows the new photo", async () => {
  const before = (await readPage(site.output, "/world/photo/")).querySelector("article img, main img")!.getAttribute("src")!;
  await fs.writeFile(articleFile("world/photo/lead.jpg"), await jpeg(900, 600));
  const report = await built({ now: NOW });
  assert.equal(counts(report), { total: ARTICLES, read: 1, reused: ARTICLES - 1 });
  const after = (await readPage(site.output, "/world/photo/")).querySelector("article img, main img")!.getAttribute("src")!;
  assert.is.not(after, before, "a new image id in the page");
  const meta = await sharp(path.join(site.output, after)).metadata();
  assert.is(meta.width! / meta.height!, 900 / 600, "the published file is the new photo");
});

test("an embargoed article is published by a warm build once the clock passes its date (status is not cached)", async () => {
  const report = await built({ now: "2023-09-06T12:00:00+05:30" });
  assert.equal(counts(report), { total: ARTICLES, read: 0, reused: ARTICLES });
  assert.equal(report.heldBack, []);
  assert.is(text((await readPage(site.output, "/world/embargo/")).querySelector("h1")), "Embargoed story");
  // And held back again at the earlier clock.
  const earlier = await built({ now: NOW });
  assert.equal(earlier.heldBack.map((h) => h.file), ["articles/world/embargo.md"]);
  assert.not.ok(await fs.stat(path.join(site.output, "world/embargo/index.html")).catch(() => undefined), "no page while embargoed");
});

test("a clock before what an article's dates were checked against checks them again (an update in the future)", async () => {
  const result = await site.build({ now: "2023-08-31T09:00:00+05:30" });
  assert.not.ok(result.ok, "refused, as a cold build would");
  if (!result.ok) assertReported(result.message, [["world/updated.md", "updated", /future|after/i]]);
});

test("an article with a problem is never kept; the build after the fix reads only the fixed file", async () => {
  await fs.writeFile(articleFile("world/plain.md"), article({ title: "Plain story", section: "nowhere" }, "Plain text."));
  const failed = await site.build({ now: NOW });
  assert.not.ok(failed.ok);
  if (!failed.ok) assertReported(failed.message, [["world/plain.md", "section", /nowhere/]]);
  await fs.writeFile(articleFile("world/plain.md"), article({ title: "Plain story" }, "Plain text."));
  const report = await built({ now: NOW });
  assert.equal(counts(report), { total: ARTICLES, read: 1, reused: ARTICLES - 1 }, "the valid articles of the failed build were kept");
  const again = await site.build({ now: NOW });
  assert.equal(again.ok && counts(again.report), { total: ARTICLES, read: 0, reused: ARTICLES });
});

test("a deleted article is dropped from the cache; a new one is read", async () => {
  await fs.rm(articleFile("world/empty-link.md"));
  await fs.writeFile(articleFile("world/new.md"), article({ title: "New story" }));
  const report = await built({ now: NOW });
  assert.equal(counts(report), { total: ARTICLES, read: 1, reused: ARTICLES - 1 });
  assert.not.ok(report.warnings.some((w) => w.file.endsWith("empty-link.md")));
  const cache = await fs.readFile(cacheFile(), "latin1");
  assert.not.ok(cache.includes("empty-link.md"), "its entry is gone from the file");
  assert.ok(cache.includes("world/new.md"));
});

test("--full reads every article (and saves them for the next build)", async () => {
  const saved = process.env.NEWSROOM_NOW;
  process.env.NEWSROOM_NOW = NOW;
  try {
    const full = await buildSite({ root: site.root, output: "_site", quiet: true, full: true });
    assert.equal(counts(full.report), { total: ARTICLES, read: ARTICLES, reused: 0 });
    assert.is(process.env.NEWSROOM_FULL_BUILD, undefined, "the environment is restored");
  } finally {
    if (saved === undefined) delete process.env.NEWSROOM_NOW;
    else process.env.NEWSROOM_NOW = saved;
  }
  assert.equal(counts(await built({ now: NOW })), { total: ARTICLES, read: 0, reused: ARTICLES });
});

test("a truncated, damaged or foreign cache file means a cold build with the same site, never a failure", async () => {
  await built({ now: NOW });
  const reference = await outputFiles(site.output);
  const good = await fs.readFile(cacheFile());
  const damaged = Buffer.from(good);
  // A byte in the HTML part (the end of the file): the checksum catches it.
  damaged[damaged.length - 10] = damaged[damaged.length - 10]! ^ 0x20;
  const versions: [string, Buffer][] = [
    ["truncated", good.subarray(0, Math.floor(good.length / 2))],
    ["damaged", damaged],
    ["foreign", Buffer.from("NEWSROOM-ARTICLES 999 abc 2 0 0\n[]")],
    ["not a cache", Buffer.from("\x00\x01garbage")],
    ["empty", Buffer.alloc(0)],
  ];
  for (const [what, bytes] of versions) {
    await fs.writeFile(cacheFile(), bytes);
    const report = await built({ now: NOW });
    assert.equal(counts(report), { total: ARTICLES, read: ARTICLES, reused: 0 }, what);
    assertSameSite(await outputFiles(site.output), reference, what);
  }
  assert.equal(counts(await built({ now: NOW })), { total: ARTICLES, read: 0, reused: ARTICLES }, "and the cache is whole again");
});

test("a changed setting (a section's label) makes every article read; the same settings elsewhere reuse the cache", async () => {
  const files: Record<string, string | Buffer> = {};
  for (const entry of await fs.readdir(path.join(site.root, "articles"), { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files[path.relative(path.join(site.root, "articles"), path.join(entry.parentPath, entry.name))] = await fs.readFile(path.join(entry.parentPath, entry.name));
  }
  const copy = async (settings: Record<string, unknown>) => {
    const other = await createFixture(files, settings);
    await fs.cp(path.join(site.root, ".cache"), path.join(other.root, ".cache"), { recursive: true });
    const result = await other.build({ now: NOW });
    if (!result.ok) assert.unreachable(result.message);
    return result.ok ? counts(result.report) : undefined;
  };
  // Every file is new to the copy (new times), but its bytes match: reused.
  assert.equal(await copy({}), { total: ARTICLES, read: 0, reused: ARTICLES });
  const base = (await import(path.join(site.root, "site.config.ts"))).default as { sections: Record<string, { label: string }> };
  const sections = { ...base.sections, world: { ...base.sections.world, label: "Around the world" } };
  assert.equal(await copy({ sections }), { total: ARTICLES, read: ARTICLES, reused: 0 });
});

test.run();
