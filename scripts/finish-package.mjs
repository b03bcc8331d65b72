// The last step of `npm run build:package`, after tsc has compiled src/ into dist/:
// Eleventy ships no TypeScript types, so the part of its API the plugin's types use
// (src/eleventy.d.ts, which tsc does not copy) goes beside them, referenced from the entry's types.
import fs from "node:fs";

fs.copyFileSync("src/eleventy.d.ts", "dist/eleventy.d.ts");
const entry = "dist/index.d.ts";
fs.writeFileSync(entry, `/// <reference path="./eleventy.d.ts" />\n${fs.readFileSync(entry, "utf8")}`);
// The command is run as a file by npm's bin link: it must be executable.
if (fs.existsSync("dist/cli/newsroom.js")) fs.chmodSync("dist/cli/newsroom.js", 0o755);
