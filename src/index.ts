import path from "node:path";
import createDebug from "debug";
import type { UserConfig } from "@11ty/eleventy";
import { resolveSettings, type SiteSettingsInput } from "./settings.ts";
import type { Article } from "./content/article.ts";
import { ArticleValidationError, problem, type ArticleProblem } from "./content/errors.ts";
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
import { pictureHtml } from "./images/picture.ts";
import { shareLinks } from "./filters/share-links.ts";
import { ImageStore, type ImageReport } from "./images/image-store.ts";
import { IMAGE_FOLDER, IMAGES_EVENT, type PreviewImages } from "./images/preview-plan.ts";
import { recordReport } from "./images/report.ts";

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
  /**
   * Folder of the image cache, relative to the project root: encoded photos are kept here
   * between builds (keep it between CI runs to skip re-encoding). Default ".cache/images".
   */
  imageCache?: string;
}


/**
 * The Newsroom Eleventy plugin. The pipeline, in order:
 *   content   read, validate and render every article (src/content, src/markdown);
 *   pages     home, section, tag and author listings and related articles (src/pages);
 *   filters   dates, share links, absolute URLs and icons for the layouts (src/filters);
 *   images    every photo planned, encoded once into a cache and published (src/images).
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
  const images = new ImageStore({ cacheDir: path.resolve(root, options.imageCache ?? ".cache/images"), settings: site.images, progress: true });
  const imageBase = `/${IMAGE_FOLDER}/`;
  let published: string[] = [];

  // Content → pages. Global data is computed before Eleventy writes any file, so an invalid
  // article stops the build with nothing written.
  eleventyConfig.addGlobalData("newsroom", async () => {
    const all = await loadArticles({ root, articlesDir, site, md, images, imageBase }, now());
    const articles: Article[] = all.filter((a) => isVisible(a.status, preview));
    published = [...new Set(articles.flatMap((a) => a.images.map((i) => i.id)))];
    if (preview) {
      // The preview does not wait for photos: its server encodes each on first request.
      const sources = published.map((id) => images.get(id)!).map((e) => ({ id: e.id, file: e.file, lead: e.social !== undefined }));
      eleventyConfig.events.emit(IMAGES_EVENT, { cacheDir: images.cacheDir, settings: site.images, sources } satisfies PreviewImages);
    } else {
      const report = await images.ensure(published);
      recordReport(report);
      if (report.failed.length > 0) throw new ArticleValidationError(encodingProblems(report, articles));
    }
    const byTag = tagIndex(articles);
    linkRelated(articles, site.relatedCount, byTag);
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
  eleventyConfig.addFilter("picture", pictureHtml);

  // Images: the encoded files (all of them; in the preview, those already encoded) into the site.
  eleventyConfig.on("eleventy.after", async ({ directories }) => {
    const placed = await images.publish(directories.output, IMAGE_FOLDER, published);
    debug("published %d image files", placed);
  });
}

/** A photo that failed to encode is reported against every article that uses it. */
function encodingProblems(report: ImageReport, articles: Article[]): ArticleProblem[] {
  const failed = new Map(report.failed.map((f) => [f.id, f]));
  return articles.flatMap((article) =>
    article.images
      .filter((image) => failed.has(image.id))
      .map((image) => problem("ImageUnreadable", article.file, { field: image.field, value: image.value, reason: failed.get(image.id)!.reason })),
  );
}
