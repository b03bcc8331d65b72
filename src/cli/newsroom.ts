#!/usr/bin/env node
import { fileURLToPath } from "node:url";
import { FROM_SOURCE } from "../package/package-root.ts";
import { findConfigFile, findSettingsFile } from "../package/project-files.ts";
import { loadTypeScriptFor } from "./typescript-loader.ts";

/**
 * `newsroom <command>`: the commands of the installed package (`npx newsroom build`), the same
 * code as `npm run build`, `npm start`, `npm run new` and `npm run check` in this repository.
 * Each command is its module run as a program: the module is imported with process.argv set as
 * if Node had been started with it (build.ts runs only when it is the program), so it reads the
 * same arguments, prints the same report and sets the same exit status.
 *
 *   newsroom build [--full] [--verbose]   the site in _site/ (staging folder, report)
 *   newsroom serve                        the preview on http://127.0.0.1:8080
 *   newsroom new "Headline" --section …   a new draft article
 *   newsroom check [files…]               what the build would refuse, without building
 *   newsroom init <folder> [options]      a new site (src/cli/init.ts)
 */

const USAGE = `Usage: newsroom <command> [options]

  build [--full] [--verbose]   build the site into _site/
  serve                        preview the site on http://127.0.0.1:8080 (drafts shown)
  new "Headline" --section s   start a new draft article (newsroom new --help)
  check [files…]               check articles without building (newsroom check --help)
  init <folder>                make a new site (newsroom init --help)`;

// Each command's module, relative to this file (src/ in the repository, dist/ in the package).
const COMMANDS: Record<string, string> = {
  build: "../build/build",
  serve: "../dev/serve",
  start: "../dev/serve",
  new: "./new",
  check: "./check",
  init: "./init",
};

async function main(argv: string[]): Promise<void> {
  const [command, ...args] = argv;
  if (!command || command === "--help" || command === "-h" || command === "help") {
    console.log(USAGE);
    return;
  }
  const module = COMMANDS[command];
  if (!module) {
    console.error(`newsroom: unknown command "${command}".\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  // A TypeScript site on a Node that cannot run TypeScript: the site's tsx (init makes no such files).
  if (command !== "init") {
    const root = process.cwd();
    await loadTypeScriptFor(root, [findConfigFile(root), findSettingsFile(root) ?? ""]);
  }
  const file = fileURLToPath(new URL(`${module}${FROM_SOURCE ? ".ts" : ".js"}`, import.meta.url));
  process.argv = [process.argv[0]!, file, ...args];
  await import(new URL(`${module}${FROM_SOURCE ? ".ts" : ".js"}`, import.meta.url).href);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 2;
});
