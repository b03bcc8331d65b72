import fs from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Eleventy } from "@11ty/eleventy";

/**
 * `npm run build`: the production build. Eleventy writes into a fresh sibling folder and only a
 * complete, successful build replaces the previous output, so a bad article (or any failure)
 * leaves the site that is already there untouched and nothing half-written.
 */

export interface BuildOptions {
  /** Project root (where .eleventy.ts lives). */
  root: string;
  /** Output folder, relative to root or absolute. */
  output?: string;
  /** Eleventy config, relative to root. */
  config?: string;
  /** Silence Eleventy's own logging (per-file lines and its copy of any error). */
  quiet?: boolean;
}

export async function buildSite(options: BuildOptions): Promise<{ output: string; pages: number }> {
  let pages = 0;
  const root = path.resolve(options.root);
  const output = path.resolve(root, options.output ?? "_site");
  const staging = `${output}.next-${process.pid}`;
  const retired = `${output}.old-${process.pid}`;
  const cwd = process.cwd();
  await fs.rm(staging, { recursive: true, force: true });
  try {
    // Eleventy resolves its folders against the working directory.
    process.chdir(root);
    const eleventy = new Eleventy(undefined, staging, {
      configPath: options.config ?? ".eleventy.ts",
      quietMode: options.quiet ?? false,
    });
    // Eleventy would print a failure with its stack trace; the caller reports it once, plainly.
    if (options.quiet) eleventy.disableLogger();
    const result = (await eleventy.write()) as unknown[];
    pages = result.flat(Infinity).filter((r) => typeof r === "object" && r !== null && "outputPath" in r).length;
  } catch (error) {
    await fs.rm(staging, { recursive: true, force: true });
    throw error;
  } finally {
    process.chdir(cwd);
  }
  const hadOutput = await fs.stat(output).then(() => true, () => false);
  if (hadOutput) await fs.rename(output, retired);
  await fs.rename(staging, output);
  if (hadOutput) await fs.rm(retired, { recursive: true, force: true });
  return { output, pages };
}

/** The message of an error and of every error it wraps: Eleventy wraps data errors. */
export function describe(error: unknown): string {
  let current: unknown = error;
  while (current instanceof Error && current.cause) current = current.cause;
  return current instanceof Error ? current.message : String(error);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const started = Date.now();
  buildSite({ root: process.cwd(), quiet: !process.argv.includes("--verbose") }).then(
    ({ output, pages }) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(`Newsroom: built ${pages} pages into ${path.relative(process.cwd(), output)}/ in ${seconds} s`);
    },
    (error: unknown) => {
      console.error(`\n${describe(error)}\n\nThe build failed; the previous output (if any) is unchanged.`);
      process.exitCode = 1;
    },
  );
}
