import fs from "node:fs/promises";
import path from "node:path";
import { absoluteUrl, basePath } from "../filters/absolute-url.ts";
import type { SiteSettings } from "../settings.ts";
import { NEWS_SITEMAP_FILE, SITEMAP_FILE } from "./sitemap-xml.ts";

/**
 * robots.txt: lets every crawler in and names both sitemaps, which is how crawlers other than
 * those a site registers with find them. Sitemap lines need absolute URLs (RFC 9309).
 */

export const ROBOTS_FILE = "robots.txt";

/** The text of robots.txt for the site. */
export function robotsTxt(site: Pick<SiteSettings, "url">): string {
  const lines: string[] = [];
  const base = basePath(site.url);
  if (base !== "/") {
    // Crawlers fetch robots.txt from the root of the host only, never from under a base path.
    // No absolute URL here: every URL in the site's files is under its base path.
    lines.push(`# This site lives under ${base}: crawlers read only /robots.txt at the root of the host, so copy these lines there for them to apply.`);
  }
  lines.push("User-agent: *", "Allow: /", "");
  for (const file of [SITEMAP_FILE, NEWS_SITEMAP_FILE]) lines.push(`Sitemap: ${absoluteUrl(`/${file}`, site.url)}`);
  return `${lines.join("\n")}\n`;
}

/** robots.txt naming both sitemaps. */
export async function writeRobots(ctx: { site: SiteSettings; output: string }): Promise<string[]> {
  await fs.writeFile(path.join(ctx.output, ROBOTS_FILE), robotsTxt(ctx.site));
  return [ROBOTS_FILE];
}
