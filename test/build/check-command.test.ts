import fs from "node:fs/promises";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { article, createFixture, jpeg } from "../support/fixture-site.ts";
import { runCli } from "../support/cli.ts";
import { PROJECT_ROOT } from "../support/sample-site.ts";

/**
 * `npm run check` as a writer and CI run it: a child process in a site folder. One fixture is
 * shared by the output formats; the sample site must pass; --staged checks what git will commit.
 */

const NOW = { NEWSROOM_NOW: "2023-09-01T12:00:00+05:30" };

// A misspelt field (line 4), a date that does not exist (line 5), a lead photo that is not there (line 8).
const BAD = [
  "---",
  'title: "Port strike enters second week"',
  'description: "Dock workers stay out."',
  "tittle: Port strike",
  "date: 2023-02-30",
  "section: world",
  "image:",
  "  src: missing-photo.jpg",
  "  alt: Dock workers at the gate",
  "tags: [Ports]",
  "---",
  "Text.",
  "",
].join("\n");

const site = await createFixture({
  "world/strike/x.md": BAD,
  "world/fine.md": article({ title: "A fine story", tags: ["Ports"] }),
});

test("check prints each problem as file:line:column with its fix, and exits 1", async () => {
  const run = await runCli("check", [], { cwd: site.root, env: NOW });
  assert.is(run.status, 1, run.stderr);
  const lines = run.stdout.split("\n").filter((l) => l.startsWith("articles/"));
  assert.equal(
    lines.map((l) => l.split(": ")[0]),
    ["articles/world/strike/x.md:4:1", "articles/world/strike/x.md:5:1", "articles/world/strike/x.md:8:3"],
    run.stdout,
  );
  assert.match(lines[0]!, /tittle: is not a field Newsroom knows\. Fix: Did you mean "title"\?/);
  assert.match(lines[1]!, /date: "2023-02-30" is not a valid date .* Fix: Write a real day/);
  assert.match(lines[2]!, /image\.src: "missing-photo\.jpg" does not exist\. Fix: Put the image file in the article's folder/);
  assert.match(run.stdout, /2 articles checked: 3 errors and 0 warnings in 1 article\./);
  // Nothing written: no site, no cache.
  const names = await fs.readdir(site.root);
  assert.not.ok(names.some((n) => n === "_site" || n === ".cache" || n.startsWith("_site.")), names.join(" "));
});

test("--format github gives one workflow command per problem, escaped", async () => {
  const run = await runCli("check", ["--format", "github"], { cwd: site.root, env: NOW });
  assert.is(run.status, 1);
  const lines = run.stdout.trim().split("\n");
  assert.is(lines.length, 3, run.stdout);
  assert.match(lines[0]!, /^::error file=articles\/world\/strike\/x\.md,line=4,col=1,title=Unknown field \(tittle\)::is not a field/);
  assert.match(lines[1]!, /^::error file=articles\/world\/strike\/x\.md,line=5,col=1,/);
  // The fix is on a second line of the annotation: a newline is %0A, never a raw line break.
  assert.match(lines[2]!, /::"missing-photo\.jpg" does not exist\.%0AFix: Put the image file/);
  // A ":" inside a property would end it early: "Title: (x)" must be escaped.
  for (const line of lines) assert.not.match(line.split("::")[1]!.replace(/^error /, ""), /[:]/);
});

test("--format json parses, with positions and fixes", async () => {
  const run = await runCli("check", ["--format", "json", "articles/world/strike/x.md"], { cwd: site.root, env: NOW });
  assert.is(run.status, 1);
  const report = JSON.parse(run.stdout) as { ok: boolean; checked: number; archive: number; errors: number; findings: { file: string; line: number; column: number; name: string; hint: string }[] };
  assert.is(report.ok, false);
  assert.is(report.checked, 1);
  assert.is(report.archive, 2);
  assert.equal(report.findings.map((f) => [f.name, f.line, f.column]), [["FieldUnknown", 4, 1], ["DateInvalid", 5, 1], ["ImageMissing", 8, 3]]);
  assert.ok(report.findings.every((f) => f.hint.length > 10));
});

test("a named file is checked against the whole archive for its address; a bad argument exits 2", async () => {
  const root = (await createFixture({
    "world/visit.md": article({ title: "Visit" }),
    "world/other-name.md": article({ title: "Same address by its slug", slug: "visit" }),
    "world/unrelated.md": article({ title: "Unrelated" }),
  })).root;
  const run = await runCli("check", ["articles/world/visit.md"], { cwd: root, env: NOW });
  assert.is(run.status, 1, run.stdout);
  assert.match(run.stdout, /articles\/world\/visit\.md:1:1: error: slug: gives the URL \/world\/visit\/, which articles\/world\/other-name\.md also has\./);
  const wrong = await runCli("check", ["README.md"], { cwd: root, env: NOW });
  assert.is(wrong.status, 2);
  assert.match(wrong.stderr, /README\.md: no such file/);
});

test("the sample site passes", async () => {
  const run = await runCli("check", [], { cwd: PROJECT_ROOT });
  assert.is(run.status, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /articles checked: (no problems|0 errors)/);
});

test("--staged checks the staged text of staged articles only", async () => {
  const repo = await createFixture({ "world/fine.md": article({ title: "Fine" }) });
  const git = (...args: string[]) => execFileSync("git", args, { cwd: repo.root, encoding: "utf8" });
  git("init", "-q");
  git("-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-q", "--allow-empty", "-m", "start");
  const staged = path.join(repo.root, "articles/world/new story.md");
  // Staged: a bad date. Then fixed in the working tree but not staged: the commit would carry the bad one.
  await fs.writeFile(staged, article({ title: "New", date: "2023-13-01" }));
  git("add", "articles/world/new story.md");
  await fs.writeFile(staged, article({ title: "New" }));
  // Not staged at all: a broken article the hook must not complain about.
  await fs.writeFile(path.join(repo.root, "articles/world/unstaged.md"), "no front matter");
  const run = await runCli("check", ["--staged"], { cwd: repo.root, env: NOW });
  assert.is(run.status, 1, run.stdout + run.stderr);
  assert.match(run.stdout, /articles\/world\/new story\.md:\d+:1: error: date: "2023-13-01"/);
  assert.not.match(run.stdout, /unstaged/);
  assert.match(run.stdout, /1 article checked/);

  git("add", "articles/world/new story.md");
  const fixed = await runCli("check", ["--staged"], { cwd: repo.root, env: NOW });
  assert.is(fixed.status, 0, fixed.stdout);
  git("-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-q", "-m", "add");
  const none = await runCli("check", ["--staged"], { cwd: repo.root, env: NOW });
  assert.is(none.status, 0);
  assert.match(none.stdout, /No staged articles/);
});

test("editorial warnings do not fail; a site can make one an error or turn it off", async () => {
  const long = "A".repeat(111);
  const files = {
    "world/photo/index.md": article({ title: long, image: { src: "small.jpg", alt: "Same words", caption: "Same words" } }),
    "world/photo/small.jpg": await jpeg(800, 500),
  };
  const warned = await createFixture(files);
  const run = await runCli("check", [], { cwd: warned.root, env: NOW });
  assert.is(run.status, 0, run.stdout);
  const kinds = run.stdout.split("\n").filter((l) => l.includes(": warning: ")).map((l) => l.split(": warning: ")[1]!.split(":")[0]);
  assert.equal(kinds, ["title", "image", "image.alt", "image.src", "tags"], run.stdout);
  assert.match(run.stdout, /index\.md:2:1: warning: title: is 111 characters, over 110/);
  assert.match(run.stdout, /"small\.jpg" is 800×500 pixels, narrower than the 1200 pixels/);

  const strict = await createFixture(files, { check: { headlineLength: "error", noTags: "off", leadPhotoCredit: "off", altTextIsCaption: "off", leadPhotoWidth: "off" } });
  const failed = await runCli("check", [], { cwd: strict.root, env: NOW });
  assert.is(failed.status, 1, failed.stdout);
  assert.equal(failed.stdout.trim().split("\n").slice(0, -1).map((l) => l.split(": ").slice(0, 2).join(": ")), ["articles/world/photo/index.md:2:1: error"]);
});

test("with the build's article cache: unchanged articles are taken from it, the findings are the same, and edits and duplicate addresses are still caught", async () => {
  const fixture = await createFixture({
    "world/visit.md": article({ title: "Visit", tags: ["Ports"] }),
    "world/other.md": article({ title: "Other" }), // no tags: a warning on line 1
    "world/third.md": article({ title: "Third", tags: ["Ports"] }),
    "world/photo/index.md": article({ title: "Photo", tags: ["Ports"], image: { src: "small.jpg", alt: "Dock workers", caption: "Dock workers" } }),
    "world/photo/small.jpg": await jpeg(800, 500),
  });
  const built = await fixture.build({ now: NOW.NEWSROOM_NOW });
  assert.ok(built.ok, built.ok ? "" : built.message);
  const cacheDir = path.join(fixture.root, ".cache", "newsroom");
  const env = { ...NOW, DEBUG: "Newsroom:ArticleCache" };
  // Without the cache (moved away) and with it, the same text; with it, every article came from it.
  const check = async (args: string[], cache: boolean) => {
    if (!cache) await fs.rename(cacheDir, `${cacheDir}.away`);
    try {
      return await runCli("check", args, { cwd: fixture.root, env });
    } finally {
      if (!cache) await fs.rename(`${cacheDir}.away`, cacheDir);
    }
  };
  const cold = await check([], false);
  const warm = await check([], true);
  assert.is(warm.status, 0, warm.stdout + warm.stderr);
  assert.match(warm.stderr, /opened 4 stored articles/);
  assert.not.match(cold.stderr, /opened \d+ stored articles/);
  assert.is(warm.stdout, cold.stdout);
  // The cached articles' editorial warnings, at their lines: the lead photo's (its size from the image store), the missing tags.
  assert.match(warm.stdout, /articles\/world\/photo\/index\.md:\d+:\d+: warning: image\.alt: is the same as the caption/);
  assert.match(warm.stdout, /articles\/world\/photo\/index\.md:\d+:\d+: warning: image\.src: .*800×500/);
  assert.match(warm.stdout, /articles\/world\/other\.md:1:1: warning: tags:/);

  // An edit since the build: read again, not taken from the cache. A duplicate address in a file
  // not named (other.md, changed) and in one named and cached (visit.md, unchanged).
  await fs.writeFile(path.join(fixture.root, "articles/world/third.md"), article({ title: "Third", tags: ["Ports"], date: "2023-13-01" }));
  await fs.writeFile(path.join(fixture.root, "articles/world/other.md"), article({ title: "Other", tags: ["Ports"], slug: "visit" }));
  for (const cache of [true, false]) {
    const named = await check(["articles/world/visit.md", "articles/world/third.md"], cache);
    assert.is(named.status, 1, named.stdout);
    assert.match(named.stdout, /articles\/world\/third\.md:\d+:1: error: date: "2023-13-01"/);
    assert.match(named.stdout, /articles\/world\/visit\.md:1:1: error: slug: gives the URL \/world\/visit\/, which articles\/world\/other\.md also has\./);
  }
  const all = await check([], true);
  assert.is(all.status, 1);
  assert.match(all.stdout, /articles\/world\/other\.md:\d+:1: error: slug: gives the URL \/world\/visit\/, which articles\/world\/visit\.md also has\./);
  assert.match(all.stdout, /articles\/world\/visit\.md:1:1: error: slug: gives the URL \/world\/visit\/, which articles\/world\/other\.md also has\./);
});

test.run();
