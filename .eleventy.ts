import type { UserConfig } from "@11ty/eleventy";
import newsroom from "./src/index.ts";
import site from "./site.config.ts";
import { buildClock } from "./src/build/build-clock.ts";

/**
 * The sample site: Newsroom's plugin with this site's settings, and where things are.
 * Eleventy does not find a TypeScript config by itself; the npm scripts run it through tsx
 * with --config (see package.json).
 */
export default function (eleventyConfig: UserConfig) {
  // `npm start` sets NEWSROOM_PREVIEW=1 to show drafts and embargoed articles with a banner;
  // `npm run build` (src/build/build.ts) always clears it.
  const preview = process.env.NEWSROOM_PREVIEW === "1";
  // Articles (articles/) → validated, rendered data → pages. https://www.11ty.dev/docs/plugins/
  eleventyConfig.addPlugin(newsroom, {
    site,
    articles: "articles",
    preview,
    // NEWSROOM_NOW=2023-09-01T06:00:00+05:30 npm start previews the site as it will be then.
    now: buildClock(process.env.NEWSROOM_NOW, { preview }),
    // Encoded photos are kept here between builds; CI and hosts can cache this folder.
    imageCache: process.env.NEWSROOM_IMAGE_CACHE ?? ".cache/images",
  });

  // public/ is copied as it is to the site root (CSS, scripts, icons). https://www.11ty.dev/docs/copy/
  eleventyConfig.addPassthroughCopy({ public: "/" });

  // Watching src/ here would rebuild with stale code: Eleventy does not reload modules the config
  // imports. The preview server (src/dev/serve.ts) restarts the build process instead.

  return {
    // https://www.11ty.dev/docs/config/#input-directory
    dir: {
      input: "layouts", // page templates: home, article, section, tag, author, 404
      includes: "partials", // layouts/partials: base layout and shared pieces
      // Output: _site, written by `npm run build` (src/build/build.ts) through a staging folder.
    },
    // Only Nunjucks pages: no markdown or Liquid templates, so nothing a writer commits is run.
    templateFormats: ["njk"],
    htmlTemplateEngine: "njk",
    markdownTemplateEngine: false,
  };
}
