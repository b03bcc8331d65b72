import path from "node:path";
import { pathToFileURL } from "node:url";
import { resolveSettings, type SiteSettings, type SiteSettingsInput } from "../settings.ts";
import { findSettingsFile } from "../package/project-files.ts";
import { loadTypeScriptFor } from "./typescript-loader.ts";

/**
 * The site a writer's command works on: the project in the working directory, its settings
 * (`site.config.ts`, checked as the build checks them) and its articles folder.
 */
export interface SiteProject {
  root: string;
  /** Relative to root. */
  articlesDir: string;
  site: SiteSettings;
}

/** Default articles folder; the sample's .eleventy.ts passes the same to the plugin. */
export const ARTICLES_DIR = "articles";

/** Reads the project at `root`. Throws a readable error when there is no site.config.ts (or .js) or it is invalid. */
export async function openProject(root: string): Promise<SiteProject> {
  // site.config.ts, or .js in a site written in JavaScript (src/package/project-files.ts).
  const name = findSettingsFile(root);
  if (!name) {
    throw new Error(`Newsroom: no site.config.ts in ${root}. Run this command in the site's folder.`);
  }
  const config = path.join(root, name);
  // A TypeScript settings file when this runs as compiled JavaScript (src/cli/typescript-loader.ts).
  await loadTypeScriptFor(root, [name]);
  const module = (await import(pathToFileURL(config).href)) as { default: SiteSettingsInput };
  return { root, articlesDir: ARTICLES_DIR, site: resolveSettings(module.default) };
}
