import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import createDebug from "debug";
import { HtmlBasePlugin, type UserConfig } from "@11ty/eleventy";
import { resolveSettings, type SiteSettings, type SiteSettingsInput } from "./settings.ts";
import type { Article } from "./content/article.ts";
import { ArticleValidationError, SiteError, problem, type ArticleProblem } from "./content/errors.ts";
import { loadArticles } from "./content/load-articles.ts";
import { ArticleCache } from "./content/article-cache.ts";
import { SlugStore } from "./content/slug-store.ts";
import { heldBack, isVisible } from "./content/publication.ts";
import { createMarkdown } from "./markdown/create-markdown.ts";
import { homePage } from "./pages/home.ts";
import { authorGroups, correctionsGroup, ListingPages, sectionGroups, tagGroups, type ListingPage } from "./pages/listings.ts";
import { linkRelated, RelatedLinks } from "./pages/related.ts";
import { tagIndex } from "./pages/tag-index.ts";
import { absoluteUrl, basePath } from "./filters/absolute-url.ts";
import { xHandle } from "./filters/x-handle.ts";
import { readableDate, shortDate } from "./filters/dates.ts";
import { iconPath } from "./filters/icons.ts";
import { textDirection } from "./filters/text-direction.ts";
import { listParts } from "./filters/list-parts.ts";
import { pictureHtml } from "./images/picture.ts";
import { shareLinks } from "./filters/share-links.ts";
import { socialLinks } from "./filters/social-links.ts";
import { ImageStore, type ImageReport } from "./images/image-store.ts";
import { IMAGE_FOLDER, IMAGES_EVENT, type PreviewImages } from "./images/preview-plan.ts";
import { formatNotRead, notReadSoFar, recordHeldBack, recordImages, recordPublished, resetReport } from "./build/build-report.ts";
import { feedsFor, writeFeeds } from "./outputs/feeds.ts";
import { writeNewsSitemap, writeRobots, writeSitemaps, type SitemapPage } from "./outputs/sitemaps.ts";
import { OutputKeys } from "./outputs/output-keys.ts";
import { lastChange, lastModified } from "./pages/last-modified.ts";
import { readSiteImages } from "./pages/site-images.ts";
import { breadcrumbs, homeData, jsonForScript, newsArticle, photoObjects, type SiteImages } from "./pages/structured-data.ts";
import { PageKeys, rendererFingerprint } from "./pages/page-keys.ts";
import { planPages, type PagePlan } from "./pages/page-plan.ts";
import { codeFingerprint } from "./build/fingerprint.ts";
import { dropManifest, manifestPath, pageManifest, readManifest, writeManifest, type PageManifest } from "./build/page-manifest.ts";
import { fileOfUrl } from "./build/site-files.ts";
import { PagesWatch } from "./pages/page-files.ts";
import { recordSitePlan, stagedBuild } from "./build/staged-build.ts";
import { refreshSearchParts, SEARCH_EVENT, type SearchRequest } from "./outputs/search-index.ts";
import { searchParts, type SearchPart } from "./outputs/search-parts.ts";
import { searchFallback } from "./filters/search-fallback.ts";
import { nextChange } from "./build/unchanged-build.ts";
import { NEWS_WINDOW_MS } from "./outputs/news-sitemap.ts";
import { addDefaultTemplates } from "./package/default-templates.ts";
import { afterReload, previewBuilder } from "./dev/after-reload.ts";
import { ArticleStatsLook } from "./content/article-stats.ts";
import { DEFAULT_LAYOUTS } from "./package/package-root.ts";

export { defineSite, type SiteSettings, type SiteSettingsInput } from "./settings.ts";

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
  /**
   * Folder of the build cache, relative to the project root: loaded articles are kept here so
   * an unchanged article is not read again (src/content/article-cache.ts), and which page was
   * rendered from what (src/build/page-manifest.ts). Default ".cache/newsroom". Deleting it costs
   * one full build.
   */
  cache?: string;
  /** Folder of static files (copied to the site root), relative to the project root: the logo and social card are read from it. */
  publicDir?: string;
  /** Most URLs in one sitemap file (default 50,000, the sitemaps.org limit); a site of more pages than this or 1,000 gets sitemap.xml as an index of parts (src/outputs/sitemaps.ts; tests lower it). */
  sitemapPartSize?: number;
}

/**
 * The Newsroom Eleventy plugin. The pipeline, in order:
 *   content   read, validate and render every article (src/content, src/markdown);
 *   images    every photo planned, encoded once into a cache and published (src/images);
 *   pages     home, section, tag and author listings, related articles, structured data (src/pages);
 *   filters   dates, share links, absolute URLs, icons and <picture> for the layouts (src/filters);
 *   outputs   feeds, sitemaps, the news sitemap and robots.txt, after the pages (src/outputs).
 * Articles are data here, not Eleventy templates: their text is never run through a template
 * engine, and one paginated layout makes every article page.
 */
export default function newsroom(eleventyConfig: UserConfig, options: NewsroomOptions): void {
  const site = resolveSettings(options.site);
  const root = path.resolve(options.root ?? process.cwd());
  const articlesDir = options.articles ?? "articles";
  // `npm run build` stops here, before Eleventy makes its staging folder and copies public/ into
  // it; the preview goes on and reports it on every build until the folder is there.
  if (stagedBuild() && !existsSync(path.resolve(root, articlesDir))) {
    throw new SiteError("ArticlesFolderMissing", { file: articlesDir, other: root });
  }
  const preview = options.preview ?? false;
  // The package's layouts, partials, CSS and script where the site has none of its own (src/package/default-templates.ts).
  addDefaultTemplates(eleventyConfig, { root, publicDir: options.publicDir ?? "public" });
  // Articles are data, never templates: a site whose input folder holds them (the default ".")
  // must not have Eleventy render their markdown.
  const articlesPath = path.resolve(root, articlesDir);
  if (!path.relative(path.resolve(eleventyConfig.directories.input), articlesPath).startsWith("..")) {
    eleventyConfig.ignores.add(`${path.relative(process.cwd(), articlesPath).split(path.sep).join("/")}/**`);
  }
  const now = options.now ?? (() => new Date());
  const md = createMarkdown({ ...site.markdown, language: site.language });
  const images = new ImageStore({ cacheDir: path.resolve(root, options.imageCache ?? ".cache/images"), settings: site.images, progress: true });
  const imageBase = `/${IMAGE_FOLDER}/`;
  const base = basePath(site.url);
  const cacheDir = path.resolve(root, options.cache ?? ".cache/newsroom");
  const cache = new ArticleCache(cacheDir);
  const slugs = new SlugStore(cacheDir);
  let published: string[] = [];
  /** The pages the last build in this process wrote into the live folder (not staged: the preview's), once it is done. */
  let lastWritten: { file: string; manifest: PageManifest; missing: PagesWatch } | undefined;
  /** …and the keys of the feeds and sitemaps it wrote, once they are all written. */
  let lastOutputs: { file: string; keys: Record<string, string> } | undefined;
  /**
   * What the last build in this process worked out that the next can use again, when its inputs
   * are the same: the page keys (kept by the preview's builder only) and the related articles.
   */
  let lastKeys: PageKeys | undefined;
  const relatedLinks = new RelatedLinks();
  const listingPages = new ListingPages();
  // The preview's builder: the article files' stats as last looked at, and the files its watcher
  // saw change since (src/content/article-stats.ts).
  const articleStats = new ArticleStatsLook();
  let watched: string[] | undefined;
  eleventyConfig.events.on("eleventy.beforeWatch", (queue: string[]) => {
    watched = [...queue];
  });
  let lastNotRead = "";
  /** The articles the last build loaded (project-relative), for the look after it. */
  let loadedFiles: string[] = [];
  let siteImages: SiteImages | undefined;
  let current:
    | {
        published: Article[];
        hidden: Set<string>;
        /**
         * The articles visible, newest first: each page's last change (the sitemaps') is worked out
         * from them when the outputs are written, and their pages are what the reader search
         * indexes (drafts too, in the preview).
         */
        visible: Article[];
        /** Every listing page: the sitemap puts completed archive pages in their period's part. */
        listings: ListingPage[];
        plan: PagePlan;
        manifestFile: string;
        previous?: PageManifest;
        liveOutput: string;
        keys: PageKeys;
        outputKeys: OutputKeys;
        /** The reader search's parts, each with whether it is kept (staged builds, share 0 only). */
        search?: (SearchPart & { kept: boolean })[];
        builtAt: number;
        nextChange: number | null;
      }
    | undefined;

  // Content → pages. Global data is computed before Eleventy writes any file, so an invalid
  // article stops the build with nothing written.
  eleventyConfig.addGlobalData("newsroom", async () => {
    // Each run reports afresh (the preview's builder runs again on every save).
    resetReport();
    siteImages = await readSiteImages(site, path.resolve(root, options.publicDir ?? "public"), (file) => images.inspect(file));
    // `npm run build -- --full` (or NEWSROOM_FULL_BUILD=1): every article read and every page rendered again.
    const staged = stagedBuild();
    const full = staged ? staged.full : process.env.NEWSROOM_FULL_BUILD === "1";
    const lastPages = !staged && !full && lastWritten ? lastWritten : undefined;
    if (!full) await slugs.load(await codeFingerprint());
    // In a build shared between processes, the first one writes the caches.
    const helper = (staged?.shard?.index ?? 0) > 0;
    const builtAt = now();
    // `npm run build` stat'ed every project file before it started Eleventy: the cache uses those stats.
    const known = staged?.known;
    // The preview's builder, started by its watcher: the files it saw change are stat'ed, the rest were looked at after the last build.
    const changed = watched;
    watched = undefined;
    const looked = !staged && !full && changed ? await articleStats.stats(changed) : undefined;
    const all = await loadArticles({ root, articlesDir, site, md, images, imageBase, cache, full, readOnlyCache: helper, keepCacheRecords: preview, saveCache: (save) => afterReload(eleventyConfig.events, save), stats: known?.stats ?? looked, prefetchedCache: known?.articleCache }, builtAt);
    loadedFiles = all.map((a) => a.file);
    if (!helper) await slugs.save(await codeFingerprint());
    // `npm run build` prints the whole report; the preview (no staged build) prints the files
    // under articles/ it does not read, when that list changes.
    if (!staged) {
      const notRead = formatNotRead(notReadSoFar());
      if (notRead !== lastNotRead && notRead) console.warn(`Newsroom: ${notRead}`);
      lastNotRead = notRead;
    }
    const articles: Article[] = all.filter((a) => isVisible(a.status, preview));
    published = [...new Set(articles.flatMap((a) => a.images.map((i) => i.id)))];
    if (preview) {
      // The preview does not wait for photos: its server encodes each on first request.
      const sources = published.map((id) => images.get(id)!).map((e) => ({ id: e.id, file: e.file, lead: e.social !== undefined }));
      eleventyConfig.events.emit(IMAGES_EVENT, { cacheDir: images.cacheDir, settings: site.images, sources } satisfies PreviewImages);
      // What was learnt of the photos (hashes, sizes) is kept, so the server and the next
      // builder need not read them again.
      await images.saveIndex();
    } else if (!helper) {
      // The build names every article it leaves out, and why (`npm run build` prints them).
      // (The photos are encoded once, by the first process of a shared build: the others only
      // render pages, whose markup needs the photos' sizes, not their files.)
      recordHeldBack(heldBack(all, site));
      // …and which articles it publishes, so the report can name the new ones (src/build/published-list.ts).
      const live = articles.map((a) => ({ url: a.url, file: a.file }));
      recordPublished({ articles: live, now: now().toISOString(), cacheDir, timezone: site.timezone });
      const report = await images.ensure(published);
      recordImages(report);
      if (report.failed.length > 0) throw new ArticleValidationError(encodingProblems(report, articles));
    }
    const byTag = tagIndex(articles);
    // (A one-off build has no next build to remember for.)
    if (staged) linkRelated(articles, site.relatedCount, byTag);
    else relatedLinks.link(articles, site.relatedCount, byTag);
    // Unchanged groups keep last build's pages (the preview's builder: src/pages/listings.ts ListingPages).
    const listings = listingPages.pages(
      [
        ...sectionGroups(articles, site).map((group) => ({ kind: "section" as const, group })),
        ...tagGroups(byTag).map((group) => ({ kind: "tag" as const, group })),
        ...authorGroups(articles, site).map((group) => ({ kind: "author" as const, group })),
        { kind: "corrections" as const, group: correctionsGroup(articles) },
      ],
      site.perPage,
    );

    // Only pages whose key changed since the last build are rendered (src/pages/page-plan.ts).
    const dirs = eleventyConfig.directories;
    const eleventyOutput = path.resolve(dirs.output);
    const liveOutput = staged?.output ?? eleventyOutput;
    const manifestFile = manifestPath(cacheDir, liveOutput);
    // The manifest `npm run build` read already (src/build/build.ts), unless this build keeps its own elsewhere.
    const handed = known?.manifest?.file === manifestFile ? known.manifest : undefined;
    // The preview's builder keeps the last build's pages in memory: every page in it was written
    // into this folder or kept there by that build, so the manifest is not read again (a 2 MB file
    // at 20,000 articles). Which of their files went missing since (deleted by hand) is known
    // without 30,000 stats in the save's way: see lastWritten.missing.
    const inMemory = lastPages?.file === manifestFile && !lastPages.missing.folderGone() ? lastPages : undefined;
    const outputsInMemory = !staged && lastOutputs?.file === manifestFile ? lastOutputs.keys : undefined;
    lastWritten = undefined;
    lastOutputs = undefined;
    const previous = full ? undefined : handed ? handed.value : inMemory ? inMemory.manifest : await readManifest(manifestFile, liveOutput);
    // Eleventy now writes into the live folder itself: should this build stop half-way, the next
    // must not trust what the manifest says is there.
    if (!staged) await dropManifest(manifestFile);
    const templateDirs = [dirs.input, dirs.includes, dirs.layouts, dirs.data, DEFAULT_LAYOUTS].filter((d): d is string => typeof d === "string");
    const fingerprint = await rendererFingerprint(
      // The article cache's inputs too (encoder, imageBase): a page key hashes an article by its digest (src/pages/page-keys.ts).
      [await codeFingerprint(), site, preview, siteImages, base, images.encoder, imageBase],
      templateDirs.map((d) => path.resolve(d)),
      [path.resolve(root, articlesDir), liveOutput, eleventyOutput, cacheDir],
    );
    // The preview's builder keys a save from what the last one learnt (src/pages/page-keys.ts).
    const keys = new PageKeys(fingerprint, { last: lastKeys, remember: !staged });
    lastKeys = staged ? undefined : keys;
    // Which of its pages' files are still there was asked on another thread: by `npm run build` when it read
    // the manifest, by the preview's builder after the last reload (src/pages/page-files.ts).
    const missing = handed && previous && known?.missingPages ? await known.missingPages : inMemory ? await inMemory.missing.files() : undefined;
    const present = missing ? (file: string) => !missing.has(file) : undefined;
    const plan = planPages({ keys, articles, listings, output: liveOutput, previous: previous?.pages, shard: staged?.shard, present });

    // Feeds and sitemaps list published articles only, in the preview too.
    current = {
      published: articles.filter((a) => a.status === "published"),
      hidden: new Set(articles.filter((a) => a.status !== "published").map((a) => a.url)),
      visible: articles,
      listings,
      plan,
      manifestFile,
      previous,
      liveOutput,
      keys,
      // Feeds and sitemaps are written only when what they list changed: since the keys the
      // manifest holds (`npm run build`), or those the last build in this process wrote them
      // from (the preview's builder: a save changes one sitemap part, not 13).
      outputKeys: new OutputKeys(fingerprint, full ? undefined : staged ? previous?.outputs : outputsInMemory, liveOutput),
      // The clock this build published for, and when the site would change without a file
      // changing: a later build with no file changed before then has nothing to do (src/build/unchanged-build.ts).
      builtAt: builtAt.getTime(),
      // (Only a staged build records it: the preview rebuilds on every save.)
      nextChange: staged ? nextChange(all, builtAt.getTime(), NEWS_WINDOW_MS) : null,
    };
    if (staged && (staged.shard?.index ?? 0) === 0) {
      // Pagefind cannot update an index: the index is cut into parts of consecutive months
      // (src/outputs/search-parts.ts), each made again only when a page it covers changed (an
      // article's page key covers its text, its layouts and the code), or went or came.
      const byUrl = new Map(articles.map((a) => [a.url, a]));
      current.search = searchParts(articles).map((part) => ({
        ...part,
        // Keyed by what the indexed element shows (the article itself), not by the whole page's key,
        // which also follows the related articles listed beside it: an edit would otherwise index
        // again every part holding an article that lists the edited one.
        kept: current!.outputKeys.unchanged([`${part.folder}/pagefind-entry.json`], part.urls.map((url) => `${url} ${keys.shown(byUrl.get(url)!)}`)),
      }));
      // buildSite's stream indexes each changed part once its pages are written, while Eleventy renders the rest.
      staged.search?.plan(current.search, plan.articles.map((a) => a.url));
    }
    debug("%d of %d articles visible (preview: %s); rendering %d of %d pages", articles.length, all.length, preview, plan.articles.length + plan.listings.length, Object.keys(plan.keys).length);
    const render = (kind: string) => plan.listings.filter((p) => p.kind === kind);
    return {
      site,
      preview,
      // The pages to render: layouts paginate over these (every page on a cold build).
      articlePages: plan.articles,
      sectionPages: render("section"),
      tagPages: render("tag"),
      authorPages: render("author"),
      correctionPages: render("corrections"),
      home: homePage(articles, site),
      feeds: feedsFor(site),
      siteImages,
    };
  });
  eleventyConfig.addWatchTarget(path.join(root, articlesDir));

  // Filters the layouts use. They are pure: settings come in as arguments, never from this
  // closure, because Eleventy caches compiled templates (with the filters they were compiled
  // with) across builds in one process, so a closure could hand a second site the first's settings.
  eleventyConfig.addFilter("readableDate", (iso: string, s: SiteSettings) => readableDate(iso, s.language, s.timezone));
  eleventyConfig.addFilter("shortDate", (iso: string, s: SiteSettings) => shortDate(iso, s.language, s.timezone));
  eleventyConfig.addFilter("absoluteUrl", absoluteUrl);
  eleventyConfig.addFilter("shareLinks", (p: string, title: string, s: SiteSettings) => shareLinks(s.share, absoluteUrl(p, s.url), title));
  // The footer's accounts, each named "{site} on {network}" (src/filters/social-links.ts).
  eleventyConfig.addFilter("socialLinks", (s: SiteSettings) => socialLinks(s.social, s.name));
  eleventyConfig.addFilter("icon", (name: string) => iconPath(name));
  eleventyConfig.addFilter("xHandle", xHandle);
  // "ar-EG" → "rtl": the `dir` that goes with a `lang` (the site's on <html>, an article's own).
  eleventyConfig.addFilter("textDirection", textDirection);
  // Author names joined the site language's way ("A, B and C", "A وB"): src/filters/list-parts.ts.
  eleventyConfig.addFilter("listParts", listParts);
  eleventyConfig.addFilter("picture", pictureHtml);
  // When an article last changed: its date, `updated` or latest correction (src/pages/last-modified.ts).
  eleventyConfig.addFilter("lastChange", lastChange);
  // Structured data for search engines (src/pages/structured-data.ts), safe inside <script>.
  eleventyConfig.addFilter("articleStructuredData", (article: Article, s: SiteSettings, images: SiteImages) =>
    jsonForScript([newsArticle(article, s, images), breadcrumbs(article, s), ...photoObjects(article, s)]),
  );
  // A date as UTC ("2023-08-30T10:00:00.000Z"): the reader search's sort key, in time order as text.
  eleventyConfig.addFilter("utcDate", (iso: string) => new Date(iso).toISOString());
  // Where the search form goes without JavaScript (src/filters/search-fallback.ts).
  eleventyConfig.addFilter("searchFallback", searchFallback);
  eleventyConfig.addFilter("homeStructuredData", (s: SiteSettings, images: SiteImages) => jsonForScript(homeData(s, images)));
  // "en-IN" → "en_IN", "zh-Hant-TW" → "zh_TW": the language_TERRITORY form og:locale takes.
  eleventyConfig.addFilter("ogLocale", (language: string) => {
    const [lang, ...rest] = language.split("-");
    const region = rest.find((part) => /^(?:[A-Za-z]{2}|\d{3})$/.test(part));
    return region ? `${lang!.toLowerCase()}_${region.toUpperCase()}` : lang!.toLowerCase();
  });

  // A site under a base path (url "https://example.org/news/"): layouts and data write
  // root-relative URLs, and Eleventy's HTML base plugin prefixes every one of them in every page
  // (href, src, srcset, …). The preview is served at its own root, so it keeps them as they are.
  if (base !== "/" && !preview) eleventyConfig.addPlugin(HtmlBasePlugin, { baseHref: base });

  // Outputs after the pages: the photos (in a production build), then feeds, sitemaps and
  // robots.txt, which list what was written.
  eleventyConfig.on("eleventy.after", async ({ directories, results }) => {
    const output = directories.output;
    const staged = stagedBuild();
    if (current && staged?.shard && staged.shard.index > 0) {
      // Another process of this build (share 0) writes the photos, feeds and sitemaps.
      recordSitePlan({ manifestFile: current.manifestFile, pages: current.plan.keys, kept: current.plan.kept, digest: planDigest(current.plan.keys) });
      return;
    }
    // The preview's server places photos as they are asked for (src/dev/images-on-demand.ts).
    if (!preview) debug("published %d image files", await images.publish(output, IMAGE_FOLDER, published, staged?.output));
    if (!current) return;
    const { published: articles, hidden, visible, listings, plan, manifestFile, previous, liveOutput, keys, outputKeys, search, builtAt, nextChange } = current;
    // Every page of the site, rendered this time or kept, and any other page Eleventy made.
    const urls = new Set(Object.keys(plan.keys));
    for (const r of results) {
      if (typeof r.url === "string" && typeof r.outputPath === "string" && r.outputPath.endsWith(".html")) urls.add(r.url);
    }
    // The preview's builder writes these once the open tabs were told to reload (src/dev/after-reload.ts):
    // they are not what a writer looks at after a save. `npm run build` writes them here.
    const outputs = async () => {
      const lastmod = lastModified(visible, listings);
      const pages: SitemapPage[] = [...urls]
        .filter((url) => url !== "/404.html" && !hidden.has(url))
        .map((url) => ({ url, lastmod: lastmod.get(url) }));
      const written = [
        ...(await writeFeeds({ site, articles, output, now: now(), published: [output, liveOutput], keyed: { keys: outputKeys, shown: (a) => keys.shown(a) } })),
        // In parts that do not shift: the reader search's periods (src/outputs/sitemaps.ts), the very parts
        // planned for the index in a production build (the same published articles).
        ...(await writeSitemaps({ site, pages, output, parts: !preview && search ? search : searchParts(articles), listings, partSize: options.sitemapPartSize, keys: outputKeys })),
        ...(await writeNewsSitemap({ site, articles, output, now: now(), keys: outputKeys })),
        ...(await writeRobots({ site, output })),
      ];
      debug("wrote %d feed and sitemap files", written.length);
      if (!staged) lastOutputs = { file: manifestFile, keys: outputKeys.keys };
    };
    // A staged build records what the outputs wrote (their keys) just below: they must be done.
    await (staged ? outputs() : afterReload(eleventyConfig.events, outputs));
    if (staged) {
      // buildSite commits the staged files and deletes what the site no longer has (src/build/commit-output.ts).
      const photos = preview ? [] : images.fileNames(IMAGE_FOLDER, published);
      recordSitePlan({
        manifestFile,
        pages: plan.keys,
        outputs: outputKeys.keys,
        kept: [...plan.kept, ...outputKeys.kept, ...photos],
        previousFiles: previous?.files,
        digest: planDigest(plan.keys),
        // buildSite indexes these (src/outputs/search-stream.ts, src/outputs/search-index.ts).
        search,
        builtAt,
        nextChange,
      });
    } else {
      // Eleventy wrote into the live folder: remove the pages that are gone (a deleted or renamed
      // article, a listing page no longer needed) and remember what is there now.
      const gone = Object.keys(previous?.pages ?? {}).filter((url) => !(url in plan.keys));
      await Promise.all(gone.map((url) => fs.rm(path.join(liveOutput, fileOfUrl(url)), { force: true })));
      // The next save plans from this in memory; its file is for the next start, and is written
      // once the open tabs were told to reload (2 MB at 20,000 articles; until then there is none,
      // so a preview stopped before it starts from nothing).
      const manifest = pageManifest({ output: liveOutput, pages: plan.keys });
      await afterReload(eleventyConfig.events, async () => void (await writeManifest(manifestFile, manifest)));
      const missing = new PagesWatch(liveOutput, Object.keys(plan.keys));
      lastWritten = { file: manifestFile, manifest, missing };
      // Only a preview builder builds again in this process. Once the open tabs were told to reload,
      // on other threads: which of these pages are deleted by hand before its next save
      // (src/pages/page-files.ts), and the article files' stats (src/content/article-stats.ts).
      if (previewBuilder(eleventyConfig.events)) {
        const files = loadedFiles.map((file) => path.join(root, file));
        await afterReload(eleventyConfig.events, async () => {
          missing.look();
          void articleStats.look(files, articlesPath);
        });
      }
      // The reader search over the pages just written: the preview's builder indexes them after
      // telling the browser to reload (src/dev/build-worker.ts), so a save is not kept waiting;
      // anything else running Eleventy (npx @11ty/eleventy) gets its index here.
      const parts = () => searchParts(visible);
      // A part is indexed again when what its articles show changed (their keys, under this
      // renderer), as npm run build decides: not when a page of it was rendered again for its
      // related articles only, which an edit of an older story does to newer ones in other parts.
      let byUrl: Map<string, Article> | undefined;
      const signature = (part: SearchPart) => {
        byUrl ??= new Map(visible.map((a) => [a.url, a]));
        const hash = createHash("sha1").update(keys.fingerprint);
        for (const url of part.urls) hash.update(`\n${url} ${keys.shown(byUrl.get(url)!)}`);
        return hash.digest("hex");
      };
      if (eleventyConfig.events.listenerCount(SEARCH_EVENT) > 0) eleventyConfig.events.emit(SEARCH_EVENT, { parts, output: liveOutput, signature } satisfies SearchRequest);
      else await refreshSearchParts(parts(), liveOutput, new Map());
    }
  });
}

/** One hash of every page and its key, in order. */
function planDigest(keys: Record<string, string>): string {
  const hash = createHash("sha1");
  for (const [url, key] of Object.entries(keys)) hash.update(`${url} ${key}\n`);
  return hash.digest("hex");
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
