import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { buildSite, describe, type BuildOptions } from "../../src/build/build.ts";
import { PROJECT_ROOT } from "./sample-site.ts";

/**
 * Building a fixture's folder as `npm run build` does, with the options incremental tests need
 * (a forced cold build), and copying its sources into a fresh folder for a build that is cold
 * whatever any cache would say.
 */

export type FolderBuild = { ok: true; pages: number } | { ok: false; message: string };

/**
 * Builds the site in `root` into `root/_site` at the moment `now` (NEWSROOM_NOW, ISO 8601, in
 * the past). `full` asks for a cold build: `buildSite({ full: true })` and
 * NEWSROOM_FULL_BUILD=1, the two ways issue 9 gives to force one (a build that does not know
 * them is cold anyway). Resolves to the failure's message rather than throwing.
 */
export async function buildFolder(root: string, options: { now: string; full?: boolean }): Promise<FolderBuild> {
  const saved = { now: process.env.NEWSROOM_NOW, full: process.env.NEWSROOM_FULL_BUILD };
  process.env.NEWSROOM_NOW = options.now;
  if (options.full) process.env.NEWSROOM_FULL_BUILD = "1";
  else delete process.env.NEWSROOM_FULL_BUILD;
  // Built as a variable so that this compiles both before and after BuildOptions has `full`.
  const buildOptions: BuildOptions & { full?: boolean } = { root, output: "_site", quiet: true, full: options.full };
  try {
    const { pages } = await buildSite(buildOptions);
    return { ok: true, pages };
  } catch (error) {
    return { ok: false, message: describe(error) };
  } finally {
    restore("NEWSROOM_NOW", saved.now);
    restore("NEWSROOM_FULL_BUILD", saved.full);
  }
}

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

/** What a build writes or keeps in a site folder; everything else in it is a source. */
const OUTPUTS = /^(_site|_site\..*|_preview|\.cache)$/;

/**
 * Copies the sources of the site in `root` (articles, layouts, public, settings, config and the
 * `src` symlink as a symlink) into a new temp folder, without `_site/` or `.cache/`: building
 * the copy is a cold build of the same sources. Returns the copy's root.
 */
export async function copySources(root: string): Promise<string> {
  const copy = await fs.mkdtemp(path.join(os.tmpdir(), "newsroom-cold-"));
  for (const name of await fs.readdir(root)) {
    if (OUTPUTS.test(name)) continue;
    await fs.cp(path.join(root, name), path.join(copy, name), { recursive: true, verbatimSymlinks: true });
  }
  return copy;
}

/**
 * Builds the site in `root` as `npm run build` does, in a new process (tsx src/build/build.ts,
 * working directory `root`), so nothing a previous build in this process compiled or imported
 * (layouts, site.config.ts) is reused. `full` adds `--full` and NEWSROOM_FULL_BUILD=1.
 */
export async function buildInChild(root: string, options: { now: string; full?: boolean }): Promise<FolderBuild> {
  const tsx = path.join(PROJECT_ROOT, "node_modules", ".bin", "tsx");
  const script = path.join(PROJECT_ROOT, "src", "build", "build.ts");
  const env: NodeJS.ProcessEnv = { ...process.env, NEWSROOM_NOW: options.now };
  delete env.NEWSROOM_PREVIEW;
  if (options.full) env.NEWSROOM_FULL_BUILD = "1";
  else delete env.NEWSROOM_FULL_BUILD;
  return new Promise((resolve) => {
    execFile(tsx, [script, ...(options.full ? ["--full"] : [])], { cwd: root, env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) resolve({ ok: false, message: `${stderr}${stdout}`.trim() || String(error) });
      else {
        // The line src/build/build.ts prints at the end: "Newsroom: rendered N pages into …".
        const pages = /rendered ([\d,]+) pages/.exec(stdout);
        if (pages) resolve({ ok: true, pages: Number(pages[1]!.replaceAll(",", "")) });
        else resolve({ ok: false, message: `the build printed no "rendered N pages" line:\n${stdout}` });
      }
    });
  });
}
