import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { article, createFixture } from "../support/fixture-site.ts";
import { runCli, runLauncher, type CliResult } from "../support/cli.ts";
import { PROJECT_ROOT } from "../support/sample-site.ts";

/**
 * The launcher of `npm run build`, `check` and `new` (scripts/run.mjs): it runs JavaScript
 * compiled from the current src/ (kept in .cache/newsroom/compiled/<key>/), compiles again when
 * a source changes, falls back to tsx when it cannot compile, and prints, exits and builds as
 * `node --import tsx src/…` does. Edits and broken sources are made in a copy of the repository,
 * never in this one.
 */

const NOW = { NEWSROOM_NOW: "2023-09-01T12:00:00+05:30" };
const DEBUG = { ...NOW, DEBUG: "Newsroom:launch" };

/**
 * A copy of the repository with its own src/, scripts/ and package.json (node_modules, layouts
 * and public linked), and a one-article site in it (the sample's site.config.ts, which imports
 * ./src/settings.ts). Its launcher compiles the copy's src/ into the copy's .cache/.
 */
async function repositoryCopy(): Promise<{ root: string; launcher: string }> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), "newsroom-launcher-"));
  for (const name of ["src", "scripts", "package.json", "site.config.ts"]) {
    await fs.cp(path.join(PROJECT_ROOT, name), path.join(root, name), { recursive: true });
  }
  for (const name of ["node_modules", "layouts", "public"]) await fs.symlink(path.join(PROJECT_ROOT, name), path.join(root, name), "dir");
  await fs.mkdir(path.join(root, "articles", "world"), { recursive: true });
  await fs.writeFile(path.join(root, "articles", "world", "fine.md"), article({ title: "A fine story", tags: ["Ports"] }));
  return { root, launcher: path.join(root, "scripts", "run.mjs") };
}

/** The compiled copies of src/ in `root`'s cache, and anything else there (a temporary folder left over) but the site's compiled files. */
async function compiledFolders(root: string): Promise<string[]> {
  const names = await fs.readdir(path.join(root, ".cache", "newsroom", "compiled")).catch(() => [] as string[]);
  return names.filter((name) => name !== "site-files").sort();
}

const copy = await repositoryCopy();
const run = (command: string, args: string[], env: NodeJS.ProcessEnv = DEBUG): Promise<CliResult> =>
  runLauncher(command, args, { cwd: copy.root, env, launcher: copy.launcher });
const withoutDebug = (stderr: string) => stderr.replace(/^Newsroom:launch .*\n/gm, "");

test("the first run compiles src/ into .cache/newsroom/compiled/<key>/, and the command prints and exits as under tsx", async () => {
  assert.equal(await compiledFolders(copy.root), []);
  const launched = await run("check", []);
  const tsx = await runCli("check", [], { cwd: copy.root, env: NOW });
  assert.match(launched.stderr, /^Newsroom:launch compiled src\/ into .*\.cache\/newsroom\/compiled\/[0-9a-f]{20}\n/);
  assert.equal({ status: launched.status, stdout: launched.stdout, stderr: withoutDebug(launched.stderr) }, { status: tsx.status, stdout: tsx.stdout, stderr: tsx.stderr });
  assert.match(tsx.stdout, /1 article checked/);
  const folders = await compiledFolders(copy.root);
  assert.is(folders.length, 1, folders.join(", "));
  const compiled = await fs.readFile(path.join(copy.root, ".cache/newsroom/compiled", folders[0]!, "cli/check.js"), "utf8");
  // Relative imports name the compiled files; no type is left.
  assert.match(compiled, /from "\.\/site-project\.js"/);
  assert.not.match(compiled, /\.ts"|: ReportFormat/);
});

test("a second run compiles nothing and runs the compiled copy", async () => {
  const [folder] = await compiledFolders(copy.root);
  // Changed only in the copy: if it prints this, the copy is what ran.
  const file = path.join(copy.root, ".cache/newsroom/compiled", folder!, "cli/check.js");
  await fs.appendFile(file, '\nconsole.log("from the compiled copy");\n');
  const launched = await run("check", ["--help"]);
  assert.is(launched.status, 0);
  assert.match(launched.stderr, /^Newsroom:launch running .*compiled\/[0-9a-f]{20}\n$/);
  assert.match(launched.stdout, /^Usage: npm run check[^]*from the compiled copy\n$/);
  assert.equal(await compiledFolders(copy.root), [folder]);
});

test("an edit to a source file compiles again, and the edited code is what runs", async () => {
  const before = await compiledFolders(copy.root);
  const source = path.join(copy.root, "src/cli/check.ts");
  const text = await fs.readFile(source, "utf8");
  await fs.writeFile(source, text.replace("--format github   GitHub Actions annotations", "--format github   annotations for GitHub (edited)"));
  const launched = await run("check", ["--help"]);
  assert.is(launched.status, 0);
  assert.match(launched.stderr, /^Newsroom:launch compiled src\/ into/);
  assert.match(launched.stdout, /annotations for GitHub \(edited\)/);
  assert.not.match(launched.stdout, /from the compiled copy/);
  // A file the command does not import counts too: the key covers every file under src/.
  await fs.appendFile(path.join(copy.root, "src/dev/serve.ts"), "\n// edited\n");
  assert.match((await run("check", ["--help"])).stderr, /^Newsroom:launch compiled src\/ into/);
  assert.is((await compiledFolders(copy.root)).length, before.length + 2);
});

test("two commands started at once on new sources both run, and share one compiled copy", async () => {
  await fs.appendFile(path.join(copy.root, "src/cli/new.ts"), "\n// edited again\n");
  const before = await compiledFolders(copy.root);
  const runs = await Promise.all([run("check", [], NOW), run("check", [], NOW), run("new", ["--help"], NOW)]);
  assert.equal(runs.map((r) => r.status), [0, 0, 0], runs.map((r) => r.stderr).join("\n"));
  assert.is(runs[0]!.stdout, runs[1]!.stdout);
  assert.match(runs[0]!.stdout, /1 article checked/);
  assert.match(runs[2]!.stdout, /^Usage: npm run new/);
  const after = await compiledFolders(copy.root);
  // One new copy, and no temporary folder left beside it.
  assert.is(after.length, before.length + 1, after.join(", "));
  assert.ok(after.every((name) => /^[0-9a-f]{20}$/.test(name)), after.join(", "));
});

test("when src/ does not compile, the command runs through tsx as before", async () => {
  const before = await compiledFolders(copy.root);
  const serve = path.join(copy.root, "src/dev/serve.ts");
  const text = await fs.readFile(serve, "utf8");
  // A syntax error in a file check does not import: check still works, from the TypeScript.
  await fs.writeFile(serve, `${text}\nconst = ;\n`);
  const launched = await run("check", ["--help"]);
  assert.is(launched.status, 0);
  assert.match(launched.stderr, /^Newsroom:launch could not compile src\/, running it through tsx: [^]*serve\.ts/);
  assert.match(launched.stdout, /^Usage: npm run check/);
  assert.equal(await compiledFolders(copy.root), before);
  // In a file it imports: tsx's error, as `node --import tsx src/cli/check.ts` gives it.
  await fs.writeFile(serve, text);
  const check = path.join(copy.root, "src/cli/check.ts");
  await fs.appendFile(check, "\nconst = ;\n");
  const broken = await run("check", ["--help"], NOW);
  assert.is.not(broken.status, 0);
  assert.match(broken.stderr, /check\.ts/);
  assert.not.match(broken.stdout, /Usage/);
});

test("NEWSROOM_TSX=1 runs the TypeScript through tsx", async () => {
  const check = path.join(copy.root, "src/cli/check.ts");
  await fs.writeFile(check, (await fs.readFile(check, "utf8")).replace(/\nconst = ;\n$/, "\n"));
  const launched = await run("check", [], { ...DEBUG, NEWSROOM_TSX: "1" });
  assert.is(launched.status, 0);
  assert.match(launched.stderr, /^Newsroom:launch NEWSROOM_TSX=1: running src\/ through tsx\n$/);
  assert.match(launched.stdout, /1 article checked/);
});

test("the site's imports of src/*.ts get the compiled modules (one copy of each module)", async () => {
  const [folder] = (await compiledFolders(copy.root)).slice(-1);
  await run("check", ["--help"], NOW);
  const compiled = path.join(copy.root, ".cache/newsroom/compiled", (await compiledFolders(copy.root)).at(-1)!);
  const register = `${new URL(`file://${path.join(copy.root, "scripts/launcher/register.mjs")}`).href}?compiled=${encodeURIComponent(compiled)}`;
  const script = `const m = await import(${JSON.stringify(path.join(copy.root, "src/package/package-root.ts"))}); console.log(m.COMPILED_COPY, m.PACKAGE_ROOT);`;
  const { stdout } = await promisify(execFile)(process.execPath, ["--import", register, "--input-type=module", "-e", script], { cwd: copy.root });
  assert.ok(folder);
  assert.is(stdout.trim(), `${compiled} ${copy.root}`);
});

test("the site's TypeScript is compiled once and kept; an edit to it compiles it again", async () => {
  const kept = path.join(copy.root, ".cache/newsroom/compiled/site-files");
  const [file, ...others] = await fs.readdir(kept);
  // site.config.ts, compiled by the first check above.
  assert.equal(others, []);
  assert.match(await fs.readFile(path.join(kept, file!), "utf8"), /defineSite\(\{/);
  await fs.appendFile(path.join(kept, file!), '\nconsole.log("kept site file");\n');
  assert.match((await run("check", [], NOW)).stdout, /^kept site file\n1 article checked/);
  await fs.appendFile(path.join(copy.root, "site.config.ts"), "\n// edited\n");
  const edited = await run("check", [], NOW);
  assert.match(edited.stdout, /^1 article checked/);
  assert.is((await fs.readdir(kept)).length, 2);
});

test("the site's TypeScript may import its own modules as TypeScript allows: no extension, or .js for a .ts file", async () => {
  const config = path.join(copy.root, "site.config.ts");
  const original = await fs.readFile(config, "utf8");
  await fs.mkdir(path.join(copy.root, "lib"), { recursive: true });
  await fs.writeFile(path.join(copy.root, "lib", "desk.ts"), 'export const desk: string = "city desk";\n');
  await fs.writeFile(path.join(copy.root, "lib", "index.ts"), 'export const wire: string = "wire desk";\n');
  await fs.writeFile(path.join(copy.root, "lib", "night.ts"), 'export const night: string = "night desk";\n');
  try {
    await fs.appendFile(config, '\nimport { desk } from "./lib/desk";\nimport { wire } from "./lib";\nimport { night } from "./lib/night.js";\nconsole.log(desk, wire, night);\n');
    const result = await run("check", [], NOW);
    assert.is(result.status, 0, result.stderr);
    assert.match(result.stdout, /^city desk wire desk night desk\n/);
  } finally {
    await fs.writeFile(config, original);
  }
});

// This repository's own launcher, as `npm run …` runs it, on fixture sites.

test("check and new through the launcher: the same output and exit status as under tsx, errors included", async () => {
  const site = await createFixture({
    "world/fine.md": article({ title: "A fine story", tags: ["Ports"] }),
    "world/bad.md": article({ title: "A bad story", date: "2023-02-30" }),
  });
  for (const [command, args] of [
    ["check", []],
    ["check", ["--format", "xml"]],
    ["new", ["Rains lash Mumbai", "--section", "nowhere"]],
  ] as const) {
    const launched = await runLauncher(command, [...args], { cwd: site.root, env: NOW });
    const tsx = await runCli(command, [...args], { cwd: site.root, env: NOW });
    assert.equal(launched, tsx, `${command} ${args.join(" ")}`);
  }
  assert.is((await runLauncher("check", [], { cwd: site.root, env: NOW })).status, 1);
});

test("build through the launcher: the site is built, and a bad article fails it as under tsx", async () => {
  const site = await createFixture({ "world/fine.md": article({ title: "A fine story", tags: ["Ports"] }) });
  const built = await runLauncher("build", [], { cwd: site.root, env: NOW });
  assert.is(built.status, 0, built.stderr);
  assert.match(built.stdout, /Newsroom: rendered \d+ pages into _site\//);
  assert.match(await fs.readFile(path.join(site.output, "world", "fine", "index.html"), "utf8"), /A fine story/);
  const again = await runLauncher("build", [], { cwd: site.root, env: NOW });
  assert.match(again.stdout, /nothing changed since the last build/);

  // The error is a SiteError from the plugin .eleventy.ts imports: described as such only if
  // that plugin is the build's own module, not a second copy loaded through tsx.
  await fs.writeFile(path.join(site.root, "articles", "world", "bad.md"), article({ title: "A bad story", date: "2023-02-30" }));
  const failed = await runLauncher("build", [], { cwd: site.root, env: NOW });
  const tsx = await runNode(site.root, [path.join(PROJECT_ROOT, "src/build/build.ts")]);
  assert.is(failed.status, 1);
  assert.equal({ status: failed.status, stderr: failed.stderr }, { status: tsx.status, stderr: tsx.stderr });
  assert.match(failed.stderr, /bad\.md/);
});

/** `node --import tsx <args>` in `cwd`. */
async function runNode(cwd: string, args: string[]): Promise<{ status: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", import.meta.resolve("tsx"), ...args], { cwd, env: { ...process.env, ...NOW } }, (error, _stdout, stderr) =>
      resolve({ status: error ? Number((error as { code?: number }).code ?? 1) : 0, stderr }),
    );
  });
}

test.after(async () => {
  await fs.rm(copy.root, { recursive: true, force: true });
});

test.run();
