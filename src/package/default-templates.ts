import fs from "node:fs";
import path from "node:path";
import createDebug from "debug";
import type { UserConfig } from "@11ty/eleventy";
import { DEFAULT_LAYOUTS, DEFAULT_PARTIALS, DEFAULT_PUBLIC, defaultPublicFiles } from "./package-root.ts";

const debug = createDebug("Newsroom:Defaults");

/** Partials that are not pieces of a site page (the preview's error page is rendered on its own). */
const NOT_LAYOUTS = new Set(["preview-error.njk"]);

export interface DefaultsUsed {
  /** Page templates taken from the package (file names, e.g. "article.njk"). */
  pages: string[];
  /** Partials taken from the package as layouts (file names, e.g. "base.njk"). */
  layouts: string[];
  /** Public files copied from the package (paths under public/, e.g. "assets/site.css"). */
  files: string[];
}

/**
 * Gives a site the package's default templates and files wherever it has none of its own, so a
 * site with no layouts at all builds a whole news site, and a site overrides any single page,
 * layout or partial by adding a file of the same name:
 *
 * - Page templates (layouts/*.njk in the package: home, article, section, tag, author,
 *   corrections, 404, manifest) become Eleventy virtual templates (`addTemplate`, Eleventy 3)
 *   unless the site's input folder has a file of that name. Eleventy refuses a virtual template
 *   where a file exists, hence the check.
 * - Partials (layouts/partials/*.njk) are found by Nunjucks in the site's includes folder first and
 *   in the package's second: a FileSystemLoader for the package's folder is appended to the
 *   environment Eleventy makes (its `eleventy.engine.njk` event). `{% include %}` and
 *   `{% from … import %}` go through these loaders.
 * - `layout: base.njk` is resolved by Eleventy itself, from the layouts folder or a virtual
 *   template there, so each partial the site lacks is also added as a virtual template in the
 *   site's layouts (or includes) folder.
 * - Public files (the CSS, the share script, the favicon) are copied to the site root from the
 *   package unless the site's public folder has a file of the same path.
 *
 * Directories are Eleventy's, relative to the working directory (plugins run after the config
 * file has set them). Returns what was taken from the package.
 */
export function addDefaultTemplates(eleventyConfig: UserConfig, options: { root: string; publicDir: string }): DefaultsUsed {
  const dirs = eleventyConfig.directories;
  const input = path.resolve(dirs.input);
  const layouts = path.resolve(dirs.layouts ?? dirs.includes);
  const used: DefaultsUsed = { pages: [], layouts: [], files: [] };

  for (const name of templatesIn(DEFAULT_LAYOUTS)) {
    if (fs.existsSync(path.join(input, name))) continue;
    eleventyConfig.addTemplate(name, fs.readFileSync(path.join(DEFAULT_LAYOUTS, name), "utf8"), {});
    used.pages.push(name);
  }
  for (const name of templatesIn(DEFAULT_PARTIALS)) {
    if (NOT_LAYOUTS.has(name) || fs.existsSync(path.join(layouts, name))) continue;
    const virtualPath = path.relative(input, path.join(layouts, name)).split(path.sep).join("/");
    eleventyConfig.addTemplate(virtualPath, fs.readFileSync(path.join(DEFAULT_PARTIALS, name), "utf8"), {});
    used.layouts.push(name);
  }
  // The site's includes folder stays first: Eleventy made the environment with it.
  eleventyConfig.events.on("eleventy.engine.njk", ({ nunjucks, environment }: NunjucksEngineEvent) => {
    if (environment.loaders.some((l) => l.searchPaths?.includes(DEFAULT_PARTIALS))) return;
    const loader = new nunjucks.FileSystemLoader(DEFAULT_PARTIALS);
    // What Environment#_initLoaders gives each loader it is made with (nunjucks 3.2): its cache.
    loader.cache = {};
    environment.loaders.push(loader);
  });

  const publicDir = path.resolve(options.root, options.publicDir);
  for (const file of defaultPublicFiles()) {
    if (fs.existsSync(path.join(publicDir, file))) continue;
    eleventyConfig.addPassthroughCopy({ [path.join(DEFAULT_PUBLIC, file)]: file });
    used.files.push(file);
  }
  debug("from the package: pages %o, layouts %o, files %o", used.pages, used.layouts, used.files);
  return used;
}

/** The Nunjucks templates directly in `dir`, sorted. */
function templatesIn(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(".njk"))
    .map((e) => e.name)
    .sort();
}

/** What Eleventy 3.1 passes with `eleventy.engine.njk` (src/Engines/Nunjucks.js). */
interface NunjucksEngineEvent {
  nunjucks: { FileSystemLoader: new (dir: string) => { cache?: Record<string, unknown> } };
  environment: { loaders: { searchPaths?: string[] }[] & unknown[] };
}
