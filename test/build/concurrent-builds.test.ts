import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { article, createFixture, type Fixture } from "../support/fixture-site.ts";
import { PROJECT_ROOT } from "../support/sample-site.ts";
import { siteFiles } from "../../src/build/site-files.ts";
import { buildSite, describe } from "../../src/build/build.ts";
import { isRunning, lockFileOf, type LockHolder } from "../../src/build/output-lock.ts";

/**
 * Issue 10, case 11-concurrent-builds-publish-empty-site: two `npm run build` in one folder at
 * once. The second used to delete the first's staging folder as a leftover, and the first then
 * published a site without its CSS, or 18 files and no index.html, and exited 0. Now a build
 * holds a lock on its output folder (src/build/output-lock.ts): the second waits, then builds.
 */

const NOW = "2023-08-26T12:00:00+05:30";
const sections = ["world", "india", "business"];

interface Run {
  code: number | null;
  out: string;
}

/**
 * `npm run build` in `root` as a child process (node --import tsx src/build/build.ts, as the npm
 * script runs it: one process, whose pid is the build's), with its exit code and output.
 */
function buildProcess(root: string, env: Record<string, string> = {}): { child: ReturnType<typeof spawn>; done: Promise<Run> } {
  const child = spawn(process.execPath, ["--import", import.meta.resolve("tsx"), path.join(PROJECT_ROOT, "src", "build", "build.ts")], {
    cwd: root,
    env: { ...process.env, NEWSROOM_NOW: NOW, NEWSROOM_PREVIEW: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const done = new Promise<Run>((resolve) => child.on("close", (code) => resolve({ code, out })));
  return { child, done };
}

let shared: Promise<{ site: Fixture; expected: string[] }> | undefined;
/** Twenty-four stories (each build renders about 60 pages), built once; `expected` is every file of that site. */
function builtSite() {
  shared ??= (async () => {
    const files: Record<string, string> = {};
    for (let d = 1; d <= 24; d++) {
      const section = sections[d % 3]!;
      files[`${section}/story-${d}.md`] = article({ title: `Story ${d}`, section, date: `2023-08-${String(d).padStart(2, "0")}T10:00:00+05:30`, tags: [`Tag ${d % 5}`], authors: ["Asha Menon"] });
    }
    const site = await createFixture(files, { perPage: 4 });
    const first = await buildProcess(site.root).done;
    assert.is(first.code, 0, first.out);
    return { site, expected: await siteFiles(site.output) };
  })();
  return shared;
}

/** What must hold of `_site/` after any builds: the whole site, nothing beside it. */
async function assertComplete(site: Fixture, expected: string[], context: string): Promise<void> {
  const have = new Set(await siteFiles(site.output));
  // The search index's files are named by their content (pagefind/fragment/en-in_e87929d.pf_fragment),
  // which changes with the articles: its entry must be there and name a metadata file that is.
  const missing = expected.filter((f) => !have.has(f) && !/^pagefind\/.*_[0-9a-f]+\.pf_/.test(f));
  const entry = JSON.parse(await fs.readFile(path.join(site.output, "pagefind", "pagefind-entry.json"), "utf8")) as { languages: Record<string, { hash: string }> };
  for (const [language, { hash }] of Object.entries(entry.languages)) assert.ok(have.has(`pagefind/pagefind.${hash}.pf_meta`), `${context}: the search index's ${language} metadata`);
  assert.equal(missing.slice(0, 10), [], `${context}: ${missing.length} files missing from _site/`);
  for (const file of ["index.html", "assets/site.css", "404.html", "world/story-3/index.html"]) assert.ok(have.has(file), `${context}: ${file}`);
  const beside = (await fs.readdir(site.root)).filter((n) => n.startsWith("_site."));
  assert.equal(beside, [], `${context}: nothing left beside _site/`);
}

test("two builds into one folder, started at random moments, always leave a complete _site/ and both exit 0", async () => {
  const { site, expected } = await builtSite();
  const storyFile = path.join(site.root, "articles", "world", "story-3.md");
  const rounds = 4;
  for (let round = 0; round < rounds; round++) {
    // A change between rounds, so the builds have files to commit and delete, not only to compare.
    await fs.writeFile(storyFile, article({ title: `Story 3, take ${round}`, section: "world", date: "2023-08-03T10:00:00+05:30", tags: ["Tag 3"], authors: ["Asha Menon"] }));
    // The second starts from at once to well into the first's rendering (a build here takes 3-6 s).
    const delay = Math.floor(Math.random() * 2500);
    const a = buildProcess(site.root, round % 2 ? { NEWSROOM_FULL_BUILD: "1" } : {});
    await new Promise((resolve) => setTimeout(resolve, delay));
    const b = buildProcess(site.root);
    const [ra, rb] = await Promise.all([a.done, b.done]);
    const context = `round ${round} (second build ${delay} ms after the first)`;
    assert.is(ra.code, 0, `${context}, first build:\n${ra.out}`);
    assert.is(rb.code, 0, `${context}, second build:\n${rb.out}`);
    await assertComplete(site, expected, context);
    // The two never wrote at once: whichever came second waited, and said so, unless the first had
    // already finished when it started.
    const waited = [ra.out, rb.out].filter((o) => /waiting for the build in process \d+ to finish/.test(o));
    assert.ok(waited.length <= 1, `${context}: both builds waited for each other`);
    const page = await fs.readFile(path.join(site.output, "world", "story-3", "index.html"), "utf8");
    assert.ok(page.includes(`Story 3, take ${round}`), `${context}: _site/ has this round's story`);
  }
});

test("a build stopped while it holds the lock makes the next one wait; NEWSROOM_BUILD_WAIT=0 refuses with the pid and the fix", async () => {
  const { site, expected } = await builtSite();
  const a = buildProcess(site.root);
  // Held mid-build, as a slower or busier first build would be (case 11's SIGSTOP).
  const lock = lockFileOf(site.output);
  for (let i = 0; i < 200 && !(await exists(lock)); i++) await new Promise((r) => setTimeout(r, 25));
  a.child.kill("SIGSTOP");
  try {
    const refused = await buildProcess(site.root, { NEWSROOM_BUILD_WAIT: "0" }).done;
    assert.is(refused.code, 1, refused.out);
    assert.match(refused.out, `Another build is running in this folder: _site`);
    assert.match(refused.out, `the build in process ${a.child.pid} is writing _site`);
    assert.match(refused.out, "NEWSROOM_BUILD_WAIT");
    assert.match(refused.out, "the output folder is as it was");
    const gaveUp = await buildProcess(site.root, { NEWSROOM_BUILD_WAIT: "1" }).done;
    assert.is(gaveUp.code, 1, gaveUp.out);
    assert.match(gaveUp.out, `waiting for the build in process ${a.child.pid} to finish`);
    assert.match(gaveUp.out, "has not finished after 1 s of waiting");
  } finally {
    a.child.kill("SIGCONT");
  }
  const ra = await a.done;
  assert.is(ra.code, 0, ra.out);
  await assertComplete(site, expected, "after the stopped build went on");
});

test("a build killed mid-way leaves nothing that blocks: the next one takes over its lock and removes its staging folder", async () => {
  const { site, expected } = await builtSite();
  const a = buildProcess(site.root, { NEWSROOM_FULL_BUILD: "1" });
  const staging = `${site.output}.next-${a.child.pid}`;
  for (let i = 0; i < 400 && !(await exists(path.join(staging, "assets", "site.css"))); i++) await new Promise((r) => setTimeout(r, 25));
  a.child.kill("SIGKILL");
  await a.done;
  assert.ok(await exists(lockFileOf(site.output)), "the killed build's lock is still there");
  const started = Date.now();
  const b = await buildProcess(site.root, { NEWSROOM_BUILD_WAIT: "60" }).done;
  assert.is(b.code, 0, b.out);
  assert.not.match(b.out, "waiting for the build");
  assert.ok(Date.now() - started < 60_000);
  await assertComplete(site, expected, "after a killed build");
});

test("a lock whose process id now belongs to another process (same pid, another start time) counts as dead", () => {
  const host = os.hostname();
  const mine: LockHolder = { pid: process.pid, host, since: new Date().toISOString() };
  assert.ok(isRunning(mine), "this process, start time not recorded");
  assert.not.ok(isRunning({ ...mine, started: "1" }), "this pid, but another start time");
  assert.ok(isRunning({ ...mine, host: `${host}-elsewhere`, pid: 999_999 }), "a holder on another host cannot be checked: running");
  assert.not.ok(isRunning({ ...mine, pid: 999_999 }), "no such process");
});

test("an in-process build waits for a lock held by a running process, then goes on once that process ends", async () => {
  const { site, expected } = await builtSite();
  const sleeper = spawn(process.execPath, ["-e", "setTimeout(() => {}, 1500)"]);
  await new Promise((r) => sleeper.once("spawn", r));
  const lock = lockFileOf(site.output);
  await fs.writeFile(lock, JSON.stringify({ pid: sleeper.pid!, host: os.hostname(), since: new Date().toISOString() } satisfies LockHolder));
  const saved = process.env.NEWSROOM_NOW;
  process.env.NEWSROOM_NOW = NOW;
  const waitedFor: number[] = [];
  try {
    const started = Date.now();
    await buildSite({ root: site.root, quiet: true, onWait: (holder) => waitedFor.push(holder.pid) });
    assert.equal(waitedFor, [sleeper.pid], "told once whom it waited for");
    assert.ok(Date.now() - started >= 1000, "waited for the holder to end");
  } catch (error) {
    assert.unreachable(describe(error));
  } finally {
    if (saved === undefined) delete process.env.NEWSROOM_NOW;
    else process.env.NEWSROOM_NOW = saved;
  }
  await assertComplete(site, expected, "after waiting");
});

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(() => true, () => false);
}

test.run();
