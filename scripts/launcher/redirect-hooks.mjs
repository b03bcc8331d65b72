// Module hooks (node:module register) of the launcher (scripts/run.mjs): a module of the
// repository's src/ imported from outside the compiled copy (the sample site's .eleventy.ts
// imports ./src/index.ts, site.config.ts imports ./src/settings.ts) is given its compiled copy,
// so a command has one copy of each module: one SiteError class for `instanceof`, one page plan,
// one article cache, whichever way a module was reached. Everything else goes on to the next
// hooks (tsx, for the site's own TypeScript) and Node.

/** file: URLs of the sources (…/src/) and of their compiled copy (…/<hash>/), both ending in "/". */
let source = "";
let compiled = "";

export function initialize(data) {
  source = data.source;
  compiled = data.compiled;
}

export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  // Resolved first: a fixture site's `src` is a symlink to the repository's, and Node's
  // resolution follows it to the real path.
  if (resolved.url.startsWith(source) && resolved.url.endsWith(".ts")) {
    return { url: `${compiled}${resolved.url.slice(source.length, -3)}.js`, format: "module", shortCircuit: true };
  }
  return resolved;
}
