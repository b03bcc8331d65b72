// Module hooks (node:module register) for a command the launcher (scripts/run.mjs) runs from its
// compiled copy of src/, registered by ./register.mjs only when the command is about to import
// the site's own TypeScript (site.config.ts, .eleventy.ts):
//  - resolve: a module of the repository's src/ imported from outside the copy (the sample's
//    .eleventy.ts imports ./src/index.ts, site.config.ts imports ./src/settings.ts) is given its
//    compiled module, so a command has one copy of each (one SiteError class for `instanceof`,
//    one page plan, one article cache), whichever way it was reached;
//  - load: any other .ts/.mts file outside node_modules (the site's own) is compiled by esbuild,
//    types removed, as an ES module (this repository is "type": "module"), and the result kept
//    in .cache/newsroom/compiled/site-files/ by a hash of its text, so the next command reads it
//    instead of starting esbuild.
// Not tsx: registering tsx cost 0.35-0.5 s of a 1.1 s `npm run check`, more than the start-up
// left once src/ is compiled (README, "Performance"). NEWSROOM_TSX=1 runs everything through tsx.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** file: URLs of the sources (…/src/) and of their compiled copy (…/<key>/), both ending in "/"; the cache folder. */
let source = "";
let compiled = "";
let cache = "";
let esbuildVersion = "";

export function initialize(data) {
  ({ source, compiled, cache, esbuildVersion } = data);
}

export async function resolve(specifier, context, next) {
  const resolved = await nextOrTypeScript(specifier, context, next);
  // Resolved first: a fixture site's `src` is a symlink to the repository's, and Node's
  // resolution follows it to the real path.
  if (resolved.url.startsWith(source) && resolved.url.endsWith(".ts")) {
    return { url: `${compiled}${resolved.url.slice(source.length, -3)}.js`, format: "module", shortCircuit: true };
  }
  return resolved;
}

/**
 * Node's own resolution, then, for a relative import from a TypeScript file that Node does not
 * find, what TypeScript (and tsx) accept there: "./x" for ./x.ts, ./x.mts or ./x/index.ts, and
 * "./x.js" for ./x.ts ("./x.mjs" for ./x.mts).
 */
async function nextOrTypeScript(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (error) {
    const fromTypeScript = /\.m?ts(?:$|\?)/.test(context.parentURL ?? "");
    if (!["ERR_MODULE_NOT_FOUND", "ERR_UNSUPPORTED_DIR_IMPORT"].includes(error?.code) || !fromTypeScript || !/^\.{1,2}\//.test(specifier)) throw error;
    const candidates = /\.m?js$/.test(specifier)
      ? [specifier.replace(/\.js$/, ".ts").replace(/\.mjs$/, ".mts")]
      : [`${specifier}.ts`, `${specifier}.mts`, `${specifier}/index.ts`];
    for (const candidate of candidates) {
      if (fs.existsSync(fileURLToPath(new URL(candidate, context.parentURL)))) return next(candidate, context);
    }
    throw error;
  }
}

export async function load(url, context, next) {
  // Eleventy asks for a changed config again with "?_cache_bust=…".
  const address = new URL(url);
  if (address.protocol !== "file:" || !/\.m?ts$/.test(address.pathname) || address.pathname.includes("/node_modules/")) return next(url, context);
  const file = fileURLToPath(address);
  const text = fs.readFileSync(file, "utf8");
  const key = crypto.createHash("sha256").update(`${esbuildVersion}\0${file}\0${text}`).digest("hex").slice(0, 32);
  const kept = path.join(cache, `${key}.js`);
  let code;
  try {
    code = fs.readFileSync(kept, "utf8");
  } catch {
    const esbuild = await import("esbuild");
    code = (await esbuild.transform(text, { loader: "ts", format: "esm", target: "node20", sourcefile: file, sourcemap: "inline" })).code;
    // Written under a temporary name and renamed: two commands at once never read half a file.
    fs.mkdirSync(cache, { recursive: true });
    const temporary = `${kept}.tmp-${process.pid}-${crypto.randomBytes(4).toString("hex")}`;
    fs.writeFileSync(temporary, code);
    fs.renameSync(temporary, kept);
  }
  return { format: "module", source: code, shortCircuit: true };
}
