// `node --import …/scripts/launcher/register.mjs?compiled=<folder>`: what a process running the
// launcher's compiled JavaScript needs to load a site's TypeScript (.eleventy.ts,
// site.config.ts) on Node 20: tsx, which `npm run build` has always run under, and the
// redirection of src/*.ts to the compiled copy (redirect-hooks.mjs). Imported by the launcher
// itself and passed to the processes a command starts (a shared build's helpers) through
// process.execArgv, as src/cli/typescript-loader.ts does for the installed package.
import { register } from "node:module";
import { pathToFileURL } from "node:url";

const compiled = new URL(import.meta.url).searchParams.get("compiled");
if (!compiled) throw new Error("scripts/launcher/register.mjs: no ?compiled=<folder> in its address.");

await import("tsx");
// Registered after tsx, so it runs first (hooks run last registered first) and sees tsx's answer.
register(new URL("./redirect-hooks.mjs", import.meta.url), {
  data: {
    source: new URL("../../src/", import.meta.url).href,
    compiled: pathToFileURL(compiled).href.replace(/\/?$/, "/"),
  },
});
