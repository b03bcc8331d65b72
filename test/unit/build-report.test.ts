import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { finishReport, formatReport, LIST_LIMIT, reportJson, waitText, type BuildReport, type HeldBack } from "../../src/build/build-report.ts";
import { comparePublished, publishedListPath } from "../../src/build/published-list.ts";

const tmp = () => fs.mkdtemp(path.join(os.tmpdir(), "newsroom-report-"));
const articles = (count: number, from = 0) =>
  Array.from({ length: count }, (_, i) => ({ url: `/world/story-${String(i + from).padStart(5, "0")}/`, file: `articles/world/story-${String(i + from).padStart(5, "0")}.md` }));

test("waitText: a wait as a writer reads it", () => {
  const min = 60_000;
  assert.is(waitText(30_000), "less than a minute");
  assert.is(waitText(45 * min), "45 min");
  assert.is(waitText(200 * min), "3 h 20 min");
  assert.is(waitText(120 * min), "2 h");
  assert.is(waitText(47 * 60 * min), "47 h");
  assert.is(waitText((2 * 1440 + 4 * 60 + 5) * min), "2 days 4 h");
  assert.is(waitText(400 * 1440 * min), "400 days");
});

test("comparePublished: no list is no comparison; then added and removed by URL; an unchanged list is not rewritten", async () => {
  const dir = await tmp();
  const file = publishedListPath(dir, "/site/_site");
  assert.equal(await comparePublished(file, "/site/_site", articles(3)), { previous: false, added: [], removed: [] });
  const next = [...articles(2), ...articles(2, 10)];
  assert.equal(await comparePublished(file, "/site/_site", next), {
    previous: true,
    added: articles(2, 10),
    removed: [{ url: "/world/story-00002/", file: "articles/world/story-00002.md" }],
  });
  const written = (await fs.stat(file)).mtimeMs;
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(await comparePublished(file, "/site/_site", [...next].reverse()), { previous: true, added: [], removed: [] });
  assert.is((await fs.stat(file)).mtimeMs, written, "not rewritten");
  // Another output folder's list, or a damaged one, is no list.
  assert.is((await comparePublished(file, "/site/other", next)).previous, false);
  await fs.writeFile(file, "{not json");
  assert.is((await comparePublished(file, "/site/_site", next)).previous, false);
  await fs.rm(dir, { recursive: true, force: true });
});

test("comparePublished at archive scale: 20,000 articles against 20,000, a set difference", async () => {
  const dir = await tmp();
  const file = publishedListPath(dir, "/site/_site");
  await comparePublished(file, "/site/_site", articles(20_000));
  const started = performance.now();
  const changes = await comparePublished(file, "/site/_site", articles(20_000, 5));
  const ms = performance.now() - started;
  assert.is(changes.added.length, 5);
  assert.is(changes.removed.length, 5);
  // Generous for a shared machine; it takes ~40 ms.
  assert.ok(ms < 1500, `${ms.toFixed(0)} ms`);
  await fs.rm(dir, { recursive: true, force: true });
});

function bigReport(): BuildReport {
  const heldBack: HeldBack[] = [
    ...Array.from({ length: 30 }, (_, i): HeldBack => ({ file: `articles/world/draft-${i}.md`, status: "draft", reason: "draft: true" })),
    ...Array.from({ length: 12 }, (_, i): HeldBack => {
      const at = `2023-09-${String(2 + i).padStart(2, "0")}T09:00:00+05:30`;
      return { file: `articles/india/embargo-${i}.md`, status: "embargoed", reason: `embargoed until ${at}`, lifts: { at, text: at } };
    }).reverse(),
  ];
  return {
    articles: { total: 20_042, read: 3, reused: 20_039 },
    heldBack,
    warnings: Array.from({ length: 25 }, (_, i) => ({ file: `articles/world/w-${String(i).padStart(2, "0")}.md`, field: "tags", message: "no tags", hint: "add tags" })),
    published: { articles: articles(20_000), now: "2023-09-01T06:30:00Z", cacheDir: "/x", timezone: "Asia/Kolkata" },
    changes: { previous: true, added: articles(130), removed: [] },
  };
}

test("formatReport stays short at archive scale: every list stops at LIST_LIMIT names and says how many more", () => {
  const printed = formatReport(bigReport());
  const lines = printed.split("\n");
  assert.ok(lines.length < 80, `${lines.length} lines:\n${printed}`);
  assert.match(printed, "Published: 20,000, 130 new since the previous build");
  assert.match(printed, "  … and 120 more");
  assert.match(printed, "Held back (not published): 42 (30 drafts, 12 embargoed)");
  assert.match(printed, "  … and 32 more");
  // Embargoes first, soonest first.
  const held = lines.indexOf("Held back (not published): 42 (30 drafts, 12 embargoed)");
  assert.match(lines[held + 1]!, "articles/india/embargo-0.md");
  assert.match(printed, "Next embargo: articles/india/embargo-0.md lifts 2023-09-02T09:00:00+05:30 (2023-09-02T09:00:00+05:30), in 21 h");
  assert.match(printed, "Warnings: 25 in 25 files");
  assert.match(printed, "  … and 15 more files");
  assert.is(lines.filter((l) => l.startsWith("  /world/story-")).length, LIST_LIMIT);
});

test("reportJson: the full lists (not cut), the next embargo in minutes", () => {
  const json = reportJson(bigReport(), "_site");
  assert.is(json.version, 1);
  assert.is(json.newSincePreviousBuild?.length, 130);
  assert.is(json.heldBack.length, 42);
  assert.equal(json.nextEmbargo, { file: "articles/india/embargo-0.md", lifts: { at: "2023-09-02T09:00:00+05:30", text: "2023-09-02T09:00:00+05:30" }, inMinutes: 21 * 60 });
  assert.equal(json.articles, { files: 20_042, read: 3, unchanged: 20_039, published: 20_000 });
  assert.is(json.warnings.length, 25);
});

test("finishReport writes no report into a cache folder inside the output folder (it would be published), and says why", async () => {
  const dir = await tmp();
  const output = path.join(dir, "_site");
  const report = bigReport();
  report.published!.cacheDir = path.join(output, ".cache");
  await finishReport(report, { output, shown: "_site", pages: 1 });
  assert.not.ok(await fs.stat(output).catch(() => false), "nothing written");
  assert.is(report.file, undefined);
  assert.match(formatReport(report), /Report for tools not written: the build cache folder is inside the output folder _site\/, where the report would publish drafts and embargoes: set the plugin's "cache" option/);
  // Outside it, the report and the list are written.
  report.published!.cacheDir = path.join(dir, ".cache/newsroom");
  delete report.notWritten;
  await finishReport(report, { output, shown: "_site", pages: 1 });
  assert.is(report.file, path.join(dir, ".cache/newsroom/build-report.json"));
  assert.is((JSON.parse(await fs.readFile(report.file!, "utf8")) as { version: number }).version, 1);
  assert.ok(await fs.stat(publishedListPath(report.published!.cacheDir, output)));
  await fs.rm(dir, { recursive: true, force: true });
});

test.run();
