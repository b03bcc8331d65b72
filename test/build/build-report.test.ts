import fs from "node:fs/promises";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { formatReport, REPORT_FILE, type BuildReport, type BuildReportJson } from "../../src/build/build-report.ts";
import { article, createFixture, jpeg, type Fixture } from "../support/fixture-site.ts";

// The build report of `npm run build` (issue 11): what it says across builds, that it is kept for
// tools in .cache/newsroom/ and that nothing of a draft or an embargoed article reaches the site.
// Each held-back article carries unique marker words in its headline, body, slug (its folder) and
// photo file name, so any trace of it in any file of the site is found.

const NOW = "2023-09-01T12:00:00+05:30";
const MARKERS = {
  draft: ["quixoticdraftheadline", "zephyrdraftbody", "draftslugvellum", "draftphotomarmalade"],
  embargo: ["quixoticembargoheadline", "zephyrembargobody", "embargoslugtundra", "embargophotolantern"],
};
const DRAFT_FILE = "articles/world/draftslugvellum/index.md";
const EMBARGO_FILE = "articles/india/embargoslugtundra/index.md";
// Lifts 3 h 20 min after NOW.
const LIFTS = "2023-09-01T15:20:00+05:30";

let site: Fixture;
let first: BuildReport;

async function build(now = NOW): Promise<BuildReport> {
  const result = await site.build({ now });
  if (!result.ok) throw new Error(result.message);
  return result.report;
}

const readJson = async (): Promise<BuildReportJson> => JSON.parse(await fs.readFile(path.join(site.root, ".cache/newsroom", REPORT_FILE), "utf8")) as BuildReportJson;

async function siteFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

test.before(async () => {
  const photo = await jpeg(1600, 900);
  site = await createFixture(
    {
      "world/harbour-reopens/index.md": article(
        { title: "Harbour reopens", tags: ["Ports"], image: { src: "harbour.jpg", alt: "The harbour", credit: "AP" } },
        "The published body, with the word publishedsentinel.",
      ),
      "world/harbour-reopens/harbour.jpg": await jpeg(1400, 800),
      "india/monsoon-arrives.md": article({ title: "Monsoon arrives", section: "india" }),
      "world/draftslugvellum/index.md": article(
        { title: `A ${MARKERS.draft[0]} story`, draft: true, tags: ["Ports"], image: { src: `${MARKERS.draft[3]}.jpg`, alt: "A photo", credit: "AP" } },
        `Body with ${MARKERS.draft[1]}.\n\n![Inline](${MARKERS.draft[3]}.jpg)\n`,
      ),
      [`world/draftslugvellum/${MARKERS.draft[3]}.jpg`]: photo,
      "india/embargoslugtundra/index.md": article(
        { title: `A ${MARKERS.embargo[0]} story`, section: "india", date: LIFTS, tags: ["Ports"], image: { src: `${MARKERS.embargo[3]}.jpg`, alt: "A photo", credit: "AP" } },
        `Body with ${MARKERS.embargo[1]}.\n`,
      ),
      [`india/embargoslugtundra/${MARKERS.embargo[3]}.jpg`]: photo,
    },
    { embargoLimitDays: 365 },
  );
  first = await build();
});

test("no file of the site, of any kind, holds a trace of the draft or the embargoed article; the report is kept outside the site", async () => {
  const files = await siteFiles(site.output);
  assert.ok(files.some((f) => f.endsWith(".xml")) && files.some((f) => f.endsWith(".html")) && files.some((f) => /\.(jpe?g|webp|avif)$/.test(f)), "pages, feeds and photos were written");
  let sawPublished = false;
  for (const file of files) {
    const bytes = await fs.readFile(file);
    const rel = path.relative(site.output, file);
    for (const marker of [...MARKERS.draft, ...MARKERS.embargo]) {
      assert.not.ok(rel.toLowerCase().includes(marker), `${rel}: its name holds ${marker}`);
      assert.not.ok(bytes.includes(marker), `${rel} holds ${marker}`);
    }
    if (bytes.includes("publishedsentinel")) sawPublished = true;
  }
  // The scan reads what it should: the published article's own word is found.
  assert.ok(sawPublished, "the published article's marker is in the site");

  const file = path.join(site.root, ".cache/newsroom", REPORT_FILE);
  assert.ok(path.relative(site.output, file).startsWith(".."), "the JSON report is outside _site/");
  const json = await fs.readFile(file, "utf8");
  // …and it does name what it held back (so the scan above would have found a leak of it).
  assert.match(json, MARKERS.draft[2]!);
  assert.match(json, MARKERS.embargo[2]!);
});

test("the printed report: published count, held back with the time each lifts, the next embargo and when", () => {
  const printed = formatReport(first);
  assert.match(printed, "Articles: 4 (4 read, 0 unchanged)");
  assert.match(printed, "Published: 2 (no list from an earlier build to compare with: none named as new)");
  assert.match(printed, "Held back (not published): 2 (1 draft, 1 embargoed)");
  assert.match(printed, `  ${EMBARGO_FILE}: embargoed until 1 September 2023 at 3:20 pm IST (2023-09-01T15:20:00+05:30)\n  ${DRAFT_FILE}: draft: true`);
  assert.match(printed, `Next embargo: ${EMBARGO_FILE} lifts 1 September 2023 at 3:20 pm IST (2023-09-01T15:20:00+05:30), in 3 h 20 min`);
  assert.match(printed, /Report for tools: .*\.cache\/newsroom\/build-report\.json/);
});

test("the JSON report: its documented shape", async () => {
  const json = await readJson();
  assert.is(json.version, 1);
  assert.is(json.builtFor, new Date(NOW).toISOString());
  assert.is(json.timezone, "Asia/Kolkata");
  assert.is(json.output, "_site");
  assert.equal(json.articles, { files: 4, read: 4, unchanged: 0, published: 2 });
  assert.is(json.newSincePreviousBuild, null, "a first build names nothing as new");
  assert.equal(json.heldBack.map((h) => [h.file, h.status, h.lifts?.at]), [
    [EMBARGO_FILE, "embargoed", "2023-09-01T15:20:00+05:30"],
    [DRAFT_FILE, "draft", undefined],
  ]);
  assert.equal(json.nextEmbargo, { file: EMBARGO_FILE, lifts: { at: "2023-09-01T15:20:00+05:30", text: "1 September 2023 at 3:20 pm IST" }, inMinutes: 200 });
  assert.equal(json.images, { photos: 1, encoded: json.images!.encoded, reused: json.images!.reused, failed: 0, seconds: json.images!.seconds });
  assert.is(json.images!.encoded + json.images!.reused, 1);
  assert.ok(json.pages && json.pages.rendered > 0 && json.pages.written > 0 && json.pages.deleted === 0, JSON.stringify(json.pages));
});

test("the next build names the articles new since the previous one; a lifted embargo is new, a deleted article no longer published", async () => {
  await fs.writeFile(path.join(site.root, "articles/world/ferry-strike.md"), article({ title: "Ferry strike" }));
  const second = await build();
  let json = await readJson();
  assert.equal(json.newSincePreviousBuild, [{ url: "/world/ferry-strike/", file: "articles/world/ferry-strike.md" }]);
  assert.equal(json.noLongerPublished, []);
  assert.match(formatReport(second), "Published: 3, 1 new since the previous build\n  /world/ferry-strike/ (articles/world/ferry-strike.md)");

  // Nothing changed: nothing is new.
  assert.match(formatReport(await build()), "Published: 3, none new since the previous build");

  // The scheduled build after the embargo's time publishes it; the report says so.
  await fs.rm(path.join(site.root, "articles/india/monsoon-arrives.md"));
  const later = await build("2023-09-01T15:25:00+05:30");
  json = await readJson();
  assert.equal(json.newSincePreviousBuild, [{ url: "/india/embargoslugtundra/", file: EMBARGO_FILE }]);
  assert.equal(json.noLongerPublished, [{ url: "/india/monsoon-arrives/", file: "articles/india/monsoon-arrives.md" }]);
  assert.is(json.nextEmbargo, null);
  const printed = formatReport(later);
  assert.match(printed, "No longer published: 1\n  /india/monsoon-arrives/ (articles/india/monsoon-arrives.md)");
  assert.not.match(printed, "Next embargo");
  assert.ok(await fs.stat(path.join(site.output, "india/embargoslugtundra/index.html")), "the lifted embargo is published");
});

test.after(async () => {
  await fs.rm(site.root, { recursive: true, force: true });
});

test.run();
