import path from "node:path";
import createDebug from "debug";
import type { UserConfig } from "@11ty/eleventy";
import { resolveSettings, type SiteSettingsInput } from "./settings.ts";
import type { Article, ArticleAsset } from "./content/article.ts";
import { loadArticles } from "./content/load-articles.ts";
import { isVisible } from "./content/publication.ts";
import { createMarkdown } from "./markdown/create-markdown.ts";
import { homePage } from "./pages/home.ts";
import { authorGroups, paginate, sectionGroups, tagGroups } from "./pages/listings.ts";
import { linkRelated } from "./pages/related.ts";
import { tagIndex } from "./pages/tag-index.ts";
import { absoluteUrl } from "./filters/absolute-url.ts";
import { readableDate, shortDate } from "./filters/dates.ts";
import { iconPath } from "./filters/icons.ts";
import { shareLinks } from "./filters/share-links.ts";
import { copyArticleAssets } from "./outputs/article-assets.ts";

const debug = createDebug("Newsroom:Plugin");

export interface NewsroomOptions {
  /** The site's settings (see src/settings.ts); usually `import site from "./site.config.ts"`. */
  site: SiteSettingsInput;
  /** Folder of articles, relative to the project root. */
  articles?: string;
  /** Project root; paths in error messages are relative to it. Defaults to the working directory. */
  root?: string;
  /** Show drafts and embargoed articles (with a banner). The preview server turns this on. */
  preview?: boolean;
  /** The build's clock, for embargoes. Tests pass a fixed date. */
  now?: () => Date;
}

/**
 * The Newsroom Eleventy plugin. The pipeline, in order:
 *   content   read, validate and render every article (src/content, src/markdown);
 *   pages     home, section, tag and author listings and related articles (src/pages);
 *   filters   dates, share links, absolute URLs and icons for the layouts (src/filters);
 *   outputs   article images copied beside their pages (src/outputs).
 * Articles are data here, not Eleventy templates: their text is never run through a template
 * engine, and one paginated layout makes every article page.
 */
export default function newsroom(eleventyConfig: UserConfig, options: NewsroomOptions): void {
  const site = resolveSettings(options.site);
  const root = path.resolve(options.root ?? process.cwd());
  const articlesDir = options.articles ?? "articles";
  const preview = options.preview ?? false;
  const now = options.now ?? (() => new Date());
  const md = createMarkdown(site.markdown);
  let assets: ArticleAsset[] = [];

  // Content → pages. Global data is computed before Eleventy writes any file, so an invalid
  // article stops the build with nothing written.
  eleventyConfig.addGlobalData("newsroom", async () => {
    const all = await loadArticles({ root, articlesDir, site, md }, now());
    const articles: Article[] = all.filter((a) => isVisible(a.status, preview));
    const byTag = tagIndex(articles);
    linkRelated(articles, site.relatedCount, byTag);
    assets = articles.flatMap((a) => a.assets);
    debug("%d of %d articles visible (preview: %s)", articles.length, all.length, preview);
    return {
      site,
      preview,
      articles,
      home: homePage(articles, site),
      sectionPages: sectionGroups(articles, site).flatMap((g) => paginate("section", g, site.perPage)),
      tagPages: tagGroups(byTag).flatMap((g) => paginate("tag", g, site.perPage)),
      authorPages: authorGroups(articles, site).flatMap((g) => paginate("author", g, site.perPage)),
    };
  });
  eleventyConfig.addWatchTarget(path.join(root, articlesDir));

  // Filters the layouts use.
  eleventyConfig.addFilter("readableDate", (iso: string) => readableDate(iso, site.language, site.timezone));
  eleventyConfig.addFilter("shortDate", (iso: string) => shortDate(iso, site.language, site.timezone));
  eleventyConfig.addFilter("absoluteUrl", (p: string) => absoluteUrl(p, site.url));
  eleventyConfig.addFilter("shareLinks", (p: string, title: string) =>
    shareLinks(site.share, absoluteUrl(p, site.url), title),
  );
  eleventyConfig.addFilter("icon", (name: string) => iconPath(name));

  // Outputs: article images beside their pages.
  eleventyConfig.on("eleventy.after", async ({ directories }) => {
    const copied = await copyArticleAssets(assets, directories.output);
    debug("copied %d article files", copied);
  });
}
