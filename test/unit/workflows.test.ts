import fs from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { parse } from "yaml";
import { REPORT_FILE, reportJson } from "../../src/build/build-report.ts";

// The sample GitHub Actions workflows in docs/ are copied into sites' repositories as they are:
// they must parse, and do what the README says (build on push and on a schedule, keep the caches,
// read the build report where the build writes it).

const DOCS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../docs");

interface Step {
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, string>;
}
interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, { steps?: Step[]; if?: string; needs?: string; outputs?: Record<string, string> }>;
}

const read = async (name: string) => parse(await fs.readFile(path.join(DOCS, name), "utf8")) as Workflow;

/** Minutes between runs of a cron line of the "*\/N * * * *" or "M * * * *" kind. */
function interval(cron: string): number {
  const [minute, hour, ...rest] = cron.split(/\s+/);
  assert.equal(rest, ["*", "*", "*"], `cron "${cron}": every day`);
  assert.is(hour, "*", `cron "${cron}": every hour`);
  const every = /^\*\/(\d+)$/.exec(minute!);
  if (every) return Number(every[1]);
  assert.match(minute!, /^\d+$/, `cron "${cron}"`);
  return 60;
}

test("the Pages workflow builds on push to main and on a schedule of at most an hour", async () => {
  const flow = await read("github-pages-workflow.yml");
  assert.equal((flow.on.push as { branches: string[] }).branches, ["main"]);
  const schedule = flow.on.schedule as { cron: string }[];
  assert.ok(Array.isArray(schedule) && schedule.length === 1, "one schedule");
  const minutes = interval(schedule[0]!.cron);
  assert.ok(minutes >= 5 && minutes <= 60, `every ${minutes} min`);
  assert.ok("workflow_dispatch" in flow.on);
});

test("the Pages workflow keeps .cache/images, .cache/newsroom and _site between runs, and saves only a run that changed the site", async () => {
  const steps = (await read("github-pages-workflow.yml")).jobs.build!.steps!;
  const paths = (step: Step) => (step.with?.path ?? "").split("\n").map((p) => p.trim()).filter(Boolean);
  const images = steps.find((s) => s.uses === "actions/cache@v4" && paths(s).includes(".cache/images"));
  assert.ok(images, "the image cache");
  const restore = steps.find((s) => s.uses === "actions/cache/restore@v4");
  assert.equal(restore && paths(restore), [".cache/newsroom", "_site"]);
  assert.match(restore!.with!.key!, /\$\{\{ github\.run_id \}\}$/, "a new key per run");
  const save = steps.find((s) => s.uses === "actions/cache/save@v4");
  assert.equal(save && paths(save), [".cache/newsroom", "_site"]);
  assert.is(save!.with!.key, `\${{ steps.${restore!.id}.outputs.cache-primary-key }}`);
  assert.is(save!.if, "steps.report.outputs.changed == 'true'");
  // In order: restore, build, read the report, save.
  const at = (s: Step | undefined) => steps.indexOf(s!);
  const build = steps.find((s) => s.run === "npm run build");
  const report = steps.find((s) => s.id === "report");
  assert.ok(at(restore) < at(build) && at(build) < at(report) && at(report) < at(save));
});

test("the Pages workflow reads the build report where the build writes it, with fields the report has, and deploys a scheduled run only when the site changed", async () => {
  const flow = await read("github-pages-workflow.yml");
  const steps = flow.jobs.build!.steps!;
  const report = steps.find((s) => s.id === "report")!;
  const file = `.cache/newsroom/${REPORT_FILE}`;
  assert.match(report.run!, file);
  // Every field path the jq filter reads exists, as a number, in the report's JSON.
  const fields = [...report.run!.matchAll(/\.([a-z]+)\.([a-z]+)/gi)].filter((m) => !m[0].startsWith(".cache"));
  assert.ok(fields.length >= 2, report.run);
  const json = reportJson({ heldBack: [], warnings: [], pages: { rendered: 3, written: 2, unchanged: 1, deleted: 0 } }, "_site") as unknown as Record<string, Record<string, unknown>>;
  for (const [, group, field] of fields) assert.type(json[group!]?.[field!], "number", `.${group}.${field}`);
  // The site uploaded is _site/, never the cache where the report is.
  const upload = steps.find((s) => s.uses?.startsWith("actions/upload-pages-artifact"))!;
  assert.is(upload.with!.path, "_site");
  assert.is(upload.if, "github.event_name != 'schedule' || steps.report.outputs.changed == 'true'");
  assert.is(flow.jobs.build!.outputs!.changed, "${{ steps.report.outputs.changed }}");
  assert.is(flow.jobs.deploy!.if, "github.event_name != 'schedule' || needs.build.outputs.changed == 'true'");
});

test("the check workflow runs npm run check with GitHub annotations on pull requests", async () => {
  const flow = await read("check-articles-workflow.yml");
  assert.ok("pull_request" in flow.on);
  assert.ok(flow.jobs.check!.steps!.some((s) => s.run === "npm run check -- --format github"));
});

test.run();
