import type { DateTime } from "luxon";
import { Document } from "yaml";
import { isoWithOffset } from "../content/dates.ts";
import type { SiteSettingsInput } from "../settings.ts";

/**
 * The files of a new site (`newsroom init`), as text, keyed by their path in the site folder:
 * a site in plain JavaScript that builds with the package's default layouts, one example
 * article (published, so the first build shows it), and the scripts to build, preview, start
 * and check articles. The logo (a PNG) is made by the command (src/cli/init.ts).
 */
export interface StarterOptions {
  /** The settings the site starts with (name, description, url, language, timezone, sections). */
  settings: SiteSettingsInput;
  /** The npm package name of the site (its folder's name, made safe). */
  packageName: string;
  /** The version range of Newsroom the site depends on, e.g. "^0.2.0". */
  newsroomRange: string;
  /** The version range of Eleventy, e.g. "^3.1.8". */
  eleventyRange: string;
  /** When the example article is dated (the moment of `init`, in the site's timezone). */
  now: DateTime;
}

/** Where the example article goes, under articles/. */
export function exampleArticlePath(section: string): string {
  return `articles/${section}/welcome/index.md`;
}

export function starterFiles(o: StarterOptions): Record<string, string> {
  const firstSection = Object.keys(o.settings.sections)[0]!;
  return {
    "package.json": `${JSON.stringify(
      {
        name: o.packageName,
        private: true,
        type: "module",
        scripts: { build: "newsroom build", start: "newsroom serve", new: "newsroom new", check: "newsroom check" },
        dependencies: { "@11ty/eleventy": o.eleventyRange, newsroom: o.newsroomRange },
      },
      null,
      2,
    )}\n`,
    "site.config.js": siteConfig(o.settings),
    "eleventy.config.js": ELEVENTY_CONFIG,
    [exampleArticlePath(firstSection)]: exampleArticle(firstSection, o.now),
    "layouts/README.md": LAYOUTS_README,
    ".gitignore": "node_modules/\n_site/\n_site.*/\n_site.lock\n_preview/\n.cache/\n",
  };
}

function siteConfig(settings: SiteSettingsInput): string {
  return `import { defineSite } from "newsroom";

// The site's settings. Every field is described in Newsroom's README ("For the site's developer").
export default defineSite(${JSON.stringify(settings, null, 2).replace(/"([A-Za-z_$][\w$]*)":/g, "$1:")});
`;
}

const ELEVENTY_CONFIG = `import newsroom from "newsroom";
import site from "./site.config.js";

/** The site: Newsroom's plugin with this site's settings, and where things are. */
export default function (eleventyConfig) {
  // Articles (articles/) become the site's pages, feeds and sitemaps.
  eleventyConfig.addPlugin(newsroom, {
    site,
    // \`npm start\` (newsroom serve) sets NEWSROOM_PREVIEW=1: drafts and embargoed articles shown.
    preview: process.env.NEWSROOM_PREVIEW === "1",
  });
  // public/ is copied as it is to the site root: the logo, and your own CSS and files.
  eleventyConfig.addPassthroughCopy({ public: "/" });
  return {
    // Your own page templates go in layouts/, partials in layouts/partials/: a file named like
    // one of Newsroom's replaces it (see layouts/README.md). Everything else is Newsroom's.
    dir: { input: "layouts", includes: "partials" },
    templateFormats: ["njk"],
    htmlTemplateEngine: "njk",
    markdownTemplateEngine: false,
  };
}
`;

const LAYOUTS_README = `# Layouts

This site uses Newsroom's layouts. To change one, copy it here from
\`node_modules/newsroom/layouts/\` (pages: home.njk, article.njk, section.njk, tag.njk,
author.njk, corrections.njk, 404.njk, manifest.njk) or \`node_modules/newsroom/layouts/partials/\`
into \`partials/\` (base.njk, byline.njk, share-bar.njk, corrections.njk, macros.njk) and edit
it: a file here replaces the one of the same name. Your own CSS goes in \`public/assets/\`; add a
\`partials/head.njk\` with its \`<link rel="stylesheet">\` to load it on every page.
`;

function exampleArticle(section: string, now: DateTime): string {
  const data = {
    title: "Welcome to your newsroom",
    description: "This is an example article. Replace it with your first story, or delete it.",
    date: isoWithOffset(now.startOf("second")),
    section,
    tags: ["Newsroom"],
  };
  const yaml = new Document(data).toString({ lineWidth: 0 });
  return `---\n${yaml}---\nArticles are markdown files under \`articles/\`, one folder per section.\n\nStart a new one with \`npm run new -- "Headline" --section ${section}\`, check it with \`npm run check\`, and preview the site with \`npm start\`.\n`;
}
