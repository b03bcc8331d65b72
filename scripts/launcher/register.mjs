// `node --import …/scripts/launcher/register.mjs?compiled=<folder>`: what a command running from
// the launcher's compiled copy of src/ needs to import the site's TypeScript (.eleventy.ts,
// site.config.ts) on any Node version: the module hooks of ./site-hooks.mjs. Imported by
// src/cli/typescript-loader.ts just before the first such import (so the command's own modules
// load without hooks) and passed to the processes a command starts (a shared build's helpers)
// through process.execArgv, as that file does with tsx for the installed package.
import fs from "node:fs";
import { createRequire, register } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const compiled = new URL(import.meta.url).searchParams.get("compiled");
if (!compiled) throw new Error("scripts/launcher/register.mjs: no ?compiled=<folder> in its address.");

const repository = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const esbuild = createRequire(import.meta.url).resolve("esbuild/package.json");
register(new URL("./site-hooks.mjs", import.meta.url), {
  data: {
    source: pathToFileURL(path.join(repository, "src")).href + "/",
    compiled: pathToFileURL(compiled).href.replace(/\/?$/, "/"),
    cache: path.join(repository, ".cache", "newsroom", "compiled", "site-files"),
    esbuildVersion: JSON.parse(fs.readFileSync(esbuild, "utf8")).version,
  },
});
