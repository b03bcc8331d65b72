// `npm run build:package` (and prepack, so `npm pack` and `npm publish` run it): src/ compiled
// by tsc (tsconfig.package.json) into a fresh dist/ of ESM JavaScript and .d.ts types, then:
// Eleventy ships no TypeScript types, so the part of its API the plugin's types use
// (src/eleventy.d.ts, which tsc does not copy) goes beside them, referenced from the entry's
// types; and the `newsroom` command is made executable.
//
// NEWSROOM_PACKAGE_NO_CHECK=1 emits without type checking (tsc --noCheck): the package test
// (test/build/package.test.ts) sets it, because `npm test` has checked the same sources with
// `npm run typecheck` just before.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";

fs.rmSync("dist", { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const noCheck = process.env.NEWSROOM_PACKAGE_NO_CHECK === "1" ? ["--noCheck"] : [];
execFileSync(process.execPath, [tsc, "-p", "tsconfig.package.json", ...noCheck], { stdio: "inherit" });

fs.copyFileSync("src/eleventy.d.ts", "dist/eleventy.d.ts");
const entry = "dist/index.d.ts";
fs.writeFileSync(entry, `/// <reference path="./eleventy.d.ts" />\n${fs.readFileSync(entry, "utf8")}`);
fs.chmodSync("dist/cli/newsroom.js", 0o755);
