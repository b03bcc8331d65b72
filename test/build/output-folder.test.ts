import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { article, createFixture, type Fixture } from "../support/fixture-site.ts";
import { commitOutput } from "../../src/build/commit-output.ts";
import { SiteError } from "../../src/content/errors.ts";
import { PROJECT_ROOT } from "../support/sample-site.ts";

/**
 * Issue 10, case 15-symlinked-site-replaced-target-never-updated and its kind: the output folder
 * may be a link, a mount point, another user's or read-only. The build writes through a link to
 * a folder; anything it cannot write into fails at once, before rendering, with a message naming
 * the folder and the fix, and never says "unchanged" when it changed something.
 */

let shared: Promise<Fixture> | undefined;
function site(): Promise<Fixture> {
  shared ??= createFixture({ "world/visit.md": article({ title: "Visit", section: "world" }) });
  return shared;
}

/** Names beside the output folder: a staging folder there means rendering had started. */
async function beside(root: string): Promise<string[]> {
  return (await fs.readdir(root)).filter((n) => n.startsWith("_site.")).sort();
}

test("_site as a symbolic link to a folder: the site is written into that folder and the link stays", async () => {
  const fixture = await site();
  const www = await fs.mkdtemp(path.join(os.tmpdir(), "newsroom-www-"));
  await fs.writeFile(path.join(www, "index.html"), "the site deployed last week");
  await fs.rm(fixture.output, { recursive: true, force: true });
  await fs.symlink(www, fixture.output);
  const result = await fixture.build();
  assert.ok(result.ok, JSON.stringify(result));
  assert.ok((await fs.lstat(fixture.output)).isSymbolicLink(), "_site is still the link");
  assert.match(await fs.readFile(path.join(www, "index.html"), "utf8"), "<html");
  assert.ok(await fs.stat(path.join(www, "world", "visit", "index.html")));
  assert.equal(await beside(fixture.root), []);
  await fs.rm(fixture.output);
});

test("_site as a link to a missing folder: OutputLinkBroken naming the link and its target; the link stays, nothing rendered", async () => {
  const fixture = await site();
  const missing = path.join(os.tmpdir(), `newsroom-missing-${process.pid}`);
  await fs.rm(fixture.output, { recursive: true, force: true });
  await fs.symlink(missing, fixture.output);
  const result = await fixture.build();
  assert.not.ok(result.ok);
  if (result.ok) return;
  assert.match(result.message, "The output folder is a link to nothing: _site");
  assert.match(result.message, `_site is a symbolic link to ${missing}, which does not exist.`);
  assert.match(result.message, `mkdir -p ${missing}`);
  assert.is(await fs.readlink(fixture.output), missing, "the link is left as it was");
  assert.equal(await beside(fixture.root), [], "no staging folder: nothing was rendered");
  await fs.rm(fixture.output);
});

test("_site as a file, or as a link to a file: OutputNotFolder, the file untouched", async () => {
  const fixture = await site();
  await fs.rm(fixture.output, { recursive: true, force: true });
  await fs.writeFile(fixture.output, "not a folder");
  let result = await fixture.build();
  assert.not.ok(result.ok);
  if (!result.ok) assert.match(result.message, "_site is a file, not a folder");
  assert.is(await fs.readFile(fixture.output, "utf8"), "not a folder");
  await fs.rm(fixture.output);

  const file = path.join(fixture.root, "elsewhere.txt");
  await fs.writeFile(file, "a file");
  await fs.symlink(file, fixture.output);
  result = await fixture.build();
  assert.not.ok(result.ok);
  if (!result.ok) assert.match(result.message, "_site is a symbolic link to a file");
  assert.is(await fs.readFile(file, "utf8"), "a file");
  assert.equal(await beside(fixture.root), []);
  await fs.rm(fixture.output);
});

test("an output folder this user cannot write (read-only, another user's): OutputNotWritable naming it and the fix", async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "newsroom-readonly-"));
  const output = path.join(dir, "_site");
  await fs.mkdir(output);
  await fs.chmod(dir, 0o755);
  await fs.chmod(output, 0o555);
  // Root may write anywhere, so as root the check runs as "nobody" (65534), to whom the folder
  // is another user's read-only folder.
  const script = `import("${path.join(PROJECT_ROOT, "src/build/output-folder.ts")}").then((m) => m.checkOutputFolder(${JSON.stringify(output)}, "_site")).then(() => console.log("ok"), (e) => console.log(e.code + ": " + e.message + " | " + e.hint))`;
  const asOther = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  const said = await new Promise<string>((resolve, reject) =>
    execFile(process.execPath, ["--import", import.meta.resolve("tsx"), "-e", script], { ...asOther, cwd: os.tmpdir() }, (error, stdout, stderr) =>
      error ? reject(new Error(stderr)) : resolve(stdout.trim()),
    ),
  );
  assert.match(said, "OutputNotWritable: _site cannot be written by this user (EACCES)");
  assert.match(said, "Make _site writable by the user running the build");
});

test("a commit cut short says the output folder changed part-way, never that it is unchanged", async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "newsroom-commit-"));
  const staging = path.join(dir, "_site.next-1");
  const output = path.join(dir, "_site");
  // 40 pages commit first; the last one's folder is a file in the live site, so it fails after them.
  for (let i = 0; i < 40; i++) {
    await fs.mkdir(path.join(staging, `a${String(i).padStart(2, "0")}`), { recursive: true });
    await fs.writeFile(path.join(staging, `a${String(i).padStart(2, "0")}`, "index.html"), `new ${i}`);
  }
  await fs.mkdir(path.join(staging, "zz", "deep"), { recursive: true });
  await fs.writeFile(path.join(staging, "zz", "deep", "index.html"), "new");
  await fs.mkdir(output);
  await fs.writeFile(path.join(output, "zz"), "a file where the new site has a folder");
  try {
    await commitOutput({ staging, output, kept: [], shown: "_site" });
    assert.unreachable("the commit should have failed");
  } catch (error) {
    assert.instance(error, SiteError);
    const e = error as SiteError;
    assert.is(e.code, "CommitInterrupted");
    assert.match(e.message, /updating _site failed part-way \((?:ENOTDIR|EEXIST), after \d+ files written/);
    assert.match(e.message, "some of its files are from this build, some from the previous one");
  }
});

test("a staging folder missing pages of the plan is never committed: BuildIncomplete, the live site untouched", async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "newsroom-commit-"));
  const staging = path.join(dir, "_site.next-2");
  const output = path.join(dir, "_site");
  await fs.mkdir(path.join(staging, "assets"), { recursive: true });
  await fs.writeFile(path.join(staging, "assets", "site.css"), "body{}");
  await fs.mkdir(output);
  await fs.writeFile(path.join(output, "index.html"), "the live home page");
  try {
    await commitOutput({ staging, output, kept: [], expected: ["index.html", "world/visit/index.html"], shown: "_site" });
    assert.unreachable("the commit should have failed");
  } catch (error) {
    assert.instance(error, SiteError);
    assert.is((error as SiteError).code, "BuildIncomplete");
    assert.match((error as Error).message, "2 of its 2 pages are missing from _site.next-2 (index.html, world/visit/index.html)");
  }
  assert.is(await fs.readFile(path.join(output, "index.html"), "utf8"), "the live home page");
  assert.not.ok(await fs.stat(path.join(output, "assets")).catch(() => false), "nothing moved in");
});

test.run();
