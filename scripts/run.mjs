#!/usr/bin/env node
// `node scripts/run.mjs <command> [arguments…]`: how the npm scripts `build`, `check` and `new`
// start. The command runs from JavaScript compiled from the current src/ (launcher/compile.mjs,
// kept in .cache/newsroom/compiled/ and made again when a source file changes) in this same
// process, with plain Node: no TypeScript compiled at start-up, so a command starts 0.3-0.5 s
// sooner (about 0.8 s less CPU) than under `node --import tsx` (README, "Performance"). The
// site's own TypeScript is loaded by ./launcher/register.mjs, only when the command imports it.
//
// Exit status, output and signals are the command's own: the command module is imported here,
// with process.argv as if Node had been started with it (as src/cli/newsroom.ts runs it in the
// installed package). If the copy cannot be made (a syntax error, a read-only folder, no
// esbuild), or NEWSROOM_TSX=1 is set, the TypeScript runs through tsx as before; DEBUG=Newsroom:*
// says why.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { REPOSITORY, compiledSources } from "./launcher/compile.mjs";

/** Each command's module under src/, without ".ts". */
const COMMANDS = {
  build: "build/build",
  check: "cli/check",
  new: "cli/new",
};

const [command, ...args] = process.argv.slice(2);
const module = COMMANDS[command];
if (!module) {
  console.error(`Usage: node scripts/run.mjs <${Object.keys(COMMANDS).join("|")}> [arguments…]`);
  process.exit(2);
}

// DEBUG=Newsroom:* (or Newsroom:launch) says which code runs and why.
const debug = /(^|,)\s*Newsroom:(\*|launch)/.test(process.env.DEBUG ?? "") ? (line) => console.error(`Newsroom:launch ${line}`) : () => {};

// A build runs Eleventy once, never in watch mode: Eleventy's module resolver, which busts the
// import cache of files changed while watching, has nothing to do, and registering it would make
// every module loaded after it pass through module hooks (src/build/build.ts renderStaged).
if (command === "build") process.env.ELEVENTY_SKIP_ESM_RESOLVER ??= "1";

let compiled;
if (process.env.NEWSROOM_TSX === "1") debug("NEWSROOM_TSX=1: running src/ through tsx");
else {
  try {
    const copy = await compiledSources();
    compiled = copy.folder;
    debug(`${copy.made ? "compiled src/ into" : "running"} ${compiled}`);
  } catch (error) {
    debug(`could not compile src/, running it through tsx: ${error?.message ?? error}`);
  }
}

let entry;
if (compiled) {
  // No module hooks yet: the command's own modules load as plain JavaScript. The site's
  // TypeScript (site.config.ts, .eleventy.ts) gets module hooks when the command is about to
  // import it (src/cli/typescript-loader.ts: esbuild through ./launcher/site-hooks.mjs).
  entry = path.join(compiled, `${module}.js`);
} else {
  const tsx = import.meta.resolve("tsx");
  await import(tsx);
  process.execArgv.push("--import", tsx);
  entry = path.join(REPOSITORY, "src", `${module}.ts`);
}
process.argv = [process.argv[0], entry, ...args];
await import(pathToFileURL(entry).href);
