import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { createFixture, jpeg } from "../test/support/fixture-site.ts";
import { BASELINE_INPUT, baselineSite } from "./baseline-site.ts";
import { benchArgs, median, seconds } from "./bench-args.ts";
import { generateArchive, storyFile } from "./generate-archive.ts";
import { hugoSite } from "./hugo-site.ts";
import { compareOutput, snapshotOutput, type OutputChange } from "./output-files.ts";
import { hasHugo, runHugo, runNodeBuild, runNpmBuild, type BuildRun } from "./run-build.ts";

/**
 * `npm run bench:incremental [-- 4000 20000] [--repeat 3] [--newsroom-only] [--photos]`: what a build costs when the previous
 * `_site/` and `.cache/` are there (issue 9). For each archive size (bench/generate-archive.ts),
 * every build in a fresh process, each scenario repeated:
 *   newsroom  cold (no _site, no .cache) | +1 new article | 1 article edited | nothing changed | --full
 *             (each as `npm run build` runs it: scripts/run.mjs in the site folder, bench/run-build.ts)
 *   eleventy  (bench/baseline-site.ts) cold | +1 new article | +1 with Eleventy's --incremental=<file>
 *   hugo      (bench/hugo-site.ts, only when `hugo` is on the PATH) cold | +1 new article
 * It prints min and median wall time of the whole command, the build's own time, peak memory, and
 * how many output files each build rewrote (new modification time) and changed (other bytes). After
 * each new article it checks that every page, feed and sitemap that should list it does (✓/✗), and
 * after an edit that the article's page shows it.
 */
const { sizes, repeat } = benchArgs(process.argv.slice(2), { size: 4000, repeat: 3 });
// `--newsroom-only`: Newsroom's rows alone, for a quick look at our own warm builds (no baseline ratios).
const newsroomOnly = process.argv.includes("--newsroom-only");
// `--photos`: every article has a lead photo (bench/generate-archive.ts), as most of a real archive's do.
const photos = process.argv.includes("--photos") ? await jpeg(1600, 1000) : undefined;

type Tool = "newsroom" | "eleventy" | "hugo";
interface Row {
  tool: Tool;
  scenario: string;
  runs: BuildRun[];
  changes: OutputChange[];
  /** Per run, what a check found missing (empty: all there); undefined when the scenario has no check. */
  missing: string[][] | undefined;
  checked: string[];
  /** Why the build failed, when it did (the scenario stops there). */
  failed?: string;
}

/** One article newer than the whole archive, published a minute ago so the news sitemap holds it. */
function newArticle(i: number): { file: string; url: string; title: string; text: string } {
  const title = `Breaking ${i}: bench new article`;
  const date = new Date(Date.now() - 60_000).toISOString().replace(/\.\d+Z$/, "+00:00");
  const text = `---\ntitle: "${title}"\ndescription: "A new story."\ndate: ${date}\nsection: world\ntags: [Topic 0, Topic 1]\nauthors: [Asha Menon]\n---\nText of the new story.\n`;
  return { file: `world/breaking-${i}.md`, url: `/world/breaking-${i}/`, title, text };
}

/** Files of `output` that must name `url` after a new article, by what they are. */
type Expect = Record<string, string[]>;
const NEWSROOM_EXPECT: Expect = {
  home: ["index.html"],
  section: ["world/index.html"],
  tags: ["tags/topic-0/index.html", "tags/topic-1/index.html"],
  author: ["authors/asha-menon/index.html"],
  feeds: ["feed.xml", "atom.xml", "feed.json", "world/feed.xml", "world/atom.xml", "world/feed.json"],
  sitemap: ["sitemap*.xml"],
  "news sitemap": ["news-sitemap.xml"],
};
const ELEVENTY_EXPECT: Expect = { tags: ["tags/topic-0/index.html", "tags/topic-1/index.html"] };
const HUGO_EXPECT: Expect = {
  home: ["index.html"],
  section: ["world/index.html"],
  tags: ["tags/topic-0/index.html", "tags/topic-1/index.html"],
  author: ["authors/asha-menon/index.html"],
  feeds: ["index.xml", "world/index.xml"],
  sitemap: ["sitemap.xml"],
};

/** What is missing: the page (with its title) and each kind of file that does not name the URL. "sitemap*.xml": any of the sitemap files. */
async function findMissing(output: string, article: { url: string; title: string }, expect: Expect): Promise<string[]> {
  const read = (name: string) => fs.readFile(path.join(output, name), "utf8").catch(() => "");
  const missing: string[] = [];
  if (!(await read(`${article.url.slice(1)}index.html`)).includes(article.title)) missing.push("page");
  for (const [what, files] of Object.entries(expect)) {
    let ok = true;
    for (const name of files) {
      if (name.includes("*")) {
        const pattern = new RegExp(`^${name.replace(".", "\\.").replace("*", ".*")}$`);
        const texts = await Promise.all((await fs.readdir(output)).filter((f) => pattern.test(f)).map(read));
        ok &&= texts.some((t) => t.includes(article.url));
      } else ok &&= (await read(name)).includes(article.url);
    }
    if (!ok) missing.push(what);
  }
  return missing;
}

/**
 * Runs one scenario `repeat` times: `prepare` changes the sources (and returns a check to run
 * after the build, resolving to what is missing), then one build in a fresh process.
 */
async function scenario(
  tool: Tool,
  name: string,
  output: string,
  build: () => BuildRun,
  prepare: (i: number) => Promise<(() => Promise<string[]>) | undefined>,
  checked: string[] = [],
): Promise<Row> {
  const row: Row = { tool, scenario: name, runs: [], changes: [], missing: undefined, checked };
  for (let i = 0; i < repeat; i++) {
    const check = await prepare(i);
    const before = await snapshotOutput(output);
    const run = build();
    if (!run.ok) {
      // Reported in the table (Eleventy's --incremental=<file> crashes on paginated templates).
      row.failed = (run.error ?? "").split("\n").find((line) => /error/i.test(line))?.trim() ?? "no message";
      process.stderr.write(`  ${tool} ${name}: failed\n${run.error}\n`);
      break;
    }
    row.runs.push(run);
    row.changes.push(compareOutput(before, await snapshotOutput(output)));
    if (check) (row.missing ??= []).push(await check());
    // Each run as it ends, so a long run stopped half-way still has its figures.
    const change = row.changes.at(-1)!;
    process.stderr.write(`  ${tool} ${name}: ${seconds(run.wallMs)} s, ${run.maxRssMB} MB, ${change.touched} files rewritten, ${change.changed} changed\n`);
  }
  return row;
}

const wall = (row: Row) => (row.failed ? NaN : median(row.runs.map((r) => r.wallMs)));

function printRows(rows: Row[]): void {
  const head = ["tool", "scenario", "min s", "median s", "in-build s", "peak MB", "files", "rewritten", "bytes changed", "check"];
  const lines = rows.map((row) => {
    if (row.failed) return [row.tool, row.scenario, "", "", "", "", "", "", "", `build failed: ${row.failed}`];
    const checks = row.missing === undefined ? "" : row.missing.every((m) => m.length === 0)
      ? `✓ ${row.checked.join(", ")}`
      : `✗ missing: ${[...new Set(row.missing.flat())].join(", ")} (${row.missing.filter((m) => m.length).length} of ${row.missing.length} runs)`;
    return [
      row.tool,
      row.scenario,
      seconds(Math.min(...row.runs.map((r) => r.wallMs))),
      seconds(wall(row)),
      row.tool === "hugo" ? "" : seconds(median(row.runs.map((r) => r.ms))),
      String(Math.max(...row.runs.map((r) => r.maxRssMB))),
      String(row.changes.at(-1)!.files),
      String(median(row.changes.map((c) => c.touched))),
      String(median(row.changes.map((c) => c.changed))),
      checks,
    ];
  });
  const widths = head.map((h, c) => Math.max(h.length, ...lines.map((l) => l[c]!.length)));
  for (const line of [head, ...lines]) console.log(line.map((cell, c) => (c < 2 || c === 9 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  ").trimEnd());
}

const hugo = hasHugo();
const hugoVersion = hugo ? spawnSync("hugo", ["version"], { encoding: "utf8" }).stdout.split(" ")[1] : "not installed";
console.log(`Incremental builds: ${os.cpus().length} cores, Node ${process.version}, hugo ${hugoVersion}, load average ${os.loadavg()[0]!.toFixed(1)} at the start.`);
console.log(`Each build is a fresh process (min and median of ${repeat} runs; "in-build" is the build without Node's start-up; peak MB is the highest of the runs).`);
if (photos) console.log("Every article has a lead photo (hard links to one 1600×1000 JPEG: each is checked, one is encoded).");
console.log(`"rewritten": output files written again, added or deleted; "bytes changed": of those, the ones whose bytes differ (medians).`);

for (const n of sizes) {
  const site = await createFixture({});
  const articles = path.join(site.root, "articles");
  await generateArchive(articles, n, { photos });
  const baseline = newsroomOnly ? undefined : await baselineSite(articles);
  const hugoRoot = hugo && !newsroomOnly ? await hugoSite(articles) : undefined;
  const rows: Row[] = [];
  const clean = (...dirs: string[]) => Promise.all(dirs.map((d) => fs.rm(d, { recursive: true, force: true })));
  let added = 0;
  let lastAdded = "";
  /** Writes a new article into `dir` and returns the check of `output` for it. */
  const add = (dir: string, output: string, expect: Expect) => async () => {
    const article = newArticle(added++);
    lastAdded = article.file;
    await fs.writeFile(path.join(dir, article.file), article.text);
    return () => findMissing(output, article, expect);
  };

  // Newsroom: what `npm run build` does in each situation a newsroom meets.
  const newsroom = () => runNpmBuild(site.root);
  const cold = () => clean(site.output, path.join(site.root, ".cache")).then(() => undefined);
  rows.push(await scenario("newsroom", "cold (no _site, no .cache)", site.output, newsroom, cold));
  rows.push(await scenario("newsroom", "+1 new article", site.output, newsroom, add(articles, site.output, NEWSROOM_EXPECT), ["page", ...Object.keys(NEWSROOM_EXPECT)]));
  rows.push(
    await scenario("newsroom", "1 article edited (body)", site.output, newsroom, async (i) => {
      // story-k is in "world" when k is a multiple of 5 (bench/generate-archive.ts), an older article mid-archive.
      const k = 5 * Math.floor(n / 10) + 5 * i;
      const word = `benchedit${i}x${Date.now()}`;
      await fs.appendFile(path.join(articles, storyFile(k, photos !== undefined)), `\nAn edited sentence with ${word}.\n`);
      return async () => ((await fs.readFile(path.join(site.output, `world/story-${k}/index.html`), "utf8")).includes(word) ? [] : ["the edit"]);
    }, ["page shows the edit"]),
  );
  rows.push(await scenario("newsroom", "nothing changed", site.output, newsroom, async () => undefined));
  rows.push(await scenario("newsroom", "--full, cache present", site.output, () => runNpmBuild(site.root, ["--full"]), async () => undefined));

  // Plain Eleventy has no persistent incremental production build: every build renders everything.
  if (baseline) {
    const eleventyOut = path.join(baseline, "_site");
    const eleventyIn = path.join(baseline, BASELINE_INPUT);
    const eleventy = () => runNodeBuild("eleventy", baseline);
    rows.push(await scenario("eleventy", "cold (no _site)", eleventyOut, eleventy, () => clean(eleventyOut).then(() => undefined)));
    rows.push(await scenario("eleventy", "+1 new article", eleventyOut, eleventy, add(eleventyIn, eleventyOut, ELEVENTY_EXPECT), ["page", ...Object.keys(ELEVENTY_EXPECT)]));
    // Its `--incremental=<file>` renders the one file it is given (and what Eleventy thinks depends on it).
    rows.push(
      await scenario(
        "eleventy",
        "+1, --incremental=<file>",
        eleventyOut,
        () => runNodeBuild("eleventy", baseline, [`--incremental=./${BASELINE_INPUT}/${lastAdded}`]),
        add(eleventyIn, eleventyOut, ELEVENTY_EXPECT),
        ["page", ...Object.keys(ELEVENTY_EXPECT)],
      ),
    );
  }

  if (hugoRoot) {
    const hugoOut = path.join(hugoRoot, "public");
    const build = () => runHugo(hugoRoot);
    rows.push(await scenario("hugo", "cold (no public/)", hugoOut, build, () => clean(hugoOut, path.join(hugoRoot, "resources")).then(() => undefined)));
    rows.push(await scenario("hugo", "+1 new article", hugoOut, build, add(path.join(hugoRoot, "content"), hugoOut, HUGO_EXPECT), ["page", ...Object.keys(HUGO_EXPECT)]));
  }

  console.log("");
  const find = (tool: Tool, prefix: string) => rows.find((r) => r.tool === tool && r.scenario.startsWith(prefix));
  const built = (["newsroom", "eleventy", "hugo"] as const).map((tool) => find(tool, "cold")).filter((r) => r?.runs[0]);
  console.log(`${n.toLocaleString("en")} articles (pages written cold: ${built.map((r) => `${r!.tool} ${r!.runs[0]!.pages}`).join(", ")}):`);
  printRows(rows);
  for (const prefix of ["cold", "+1 new"]) {
    const ours = wall(find("newsroom", prefix)!);
    const ratios = (["eleventy", "hugo"] as const)
      .map((tool) => find(tool, prefix))
      .filter((row): row is Row => row !== undefined)
      .map((row) => `newsroom/${row.tool} ${(ours / wall(row)).toFixed(2)}`);
    console.log(`${prefix.padEnd(6)} median wall time ratio: ${ratios.join(", ")}`);
  }
  const perArticle = built.map((r) => `${r!.tool} ${(wall(r!) / n).toFixed(2)}`);
  console.log(`cold   ms per article (median wall): ${perArticle.join(", ")}`);
  await clean(site.root, ...(baseline ? [baseline] : []), ...(hugoRoot ? [hugoRoot] : []));
}
