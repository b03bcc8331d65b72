import fs from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { resolveSettings, type SiteSettings, type SiteSettingsInput } from "../settings.ts";

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

/** Reads the project at `root`. Throws a readable error when there is no site.config.ts or it is invalid. */
export async function openProject(root: string): Promise<SiteProject> {
  const config = path.join(root, "site.config.ts");
  if (!(await fs.stat(config).catch(() => undefined))) {
    throw new Error(`Newsroom: no site.config.ts in ${root}. Run this command in the site's folder.`);
  }
  const module = (await import(pathToFileURL(config).href)) as { default: SiteSettingsInput };
  return { root, articlesDir: ARTICLES_DIR, site: resolveSettings(module.default) };
}
