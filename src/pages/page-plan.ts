import type { Article } from "../content/article.ts";
import { fileOfUrl } from "../build/site-files.ts";
import type { ListingPage } from "./listings.ts";
import { isPageFile } from "./page-files.ts";
import type { PageKeys } from "./page-keys.ts";

/**
 * Which pages this build renders. Every article and listing page gets its key (src/pages/page-keys.ts);
 * a page whose key is the one the previous build recorded, and whose file is still in the live
 * site, is left as it is. Everything else (new pages, changed pages, pages whose file went
 * missing, every page when there is no previous build) is rendered.
 */
export interface PagePlan {
  /** Article pages to render, in the order given. */
  articles: Article[];
  /** Listing pages to render, in the order given. */
  listings: ListingPage[];
  /** URL → key of every page, rendered or kept. */
  keys: Record<string, string>;
  /** Files of the pages kept (relative to the site folder). */
  kept: string[];
}

export function planPages(input: {
  keys: PageKeys;
  articles: Article[];
  listings: ListingPage[];
  /** The live site folder (absolute). */
  output: string;
  /** URL → key from the previous build; undefined renders everything. */
  previous?: Record<string, string>;
  /** Render only this share of the pages to render (src/build/render-shards.ts). */
  shard?: { index: number; count: number };
  /**
   * Whether a page's file (relative to `output`) is still there, when already known: asked only
   * of pages in `previous`. Default: a stat of each, now.
   */
  present?: (file: string) => boolean;
}): PagePlan {
  const { keys, previous } = input;
  const plan: PagePlan = { articles: [], listings: [], keys: {}, kept: [] };
  const candidates: { url: string; key: string; page: Article | ListingPage; listing: boolean }[] = [];
  for (const article of input.articles) candidates.push({ url: article.url, key: keys.article(article), page: article, listing: false });
  for (const page of input.listings) candidates.push({ url: page.url, key: keys.listing(page), page, listing: true });
  // One stat per kept page, synchronously (30,000 of them take a tenth of the time as promises),
  // unless the caller had them made beforehand (src/pages/page-files.ts).
  const present = input.present ?? ((file: string) => isPageFile(input.output, file));
  // The file of each page kept (undefined: rendered), worked out once.
  const keep = candidates.map(({ url, key }) => {
    if (previous === undefined || previous[url] !== key) return undefined;
    const file = fileOfUrl(url);
    return present(file) ? file : undefined;
  });
  const shard = input.shard ?? { index: 0, count: 1 };
  let toRender = 0;
  candidates.forEach(({ url, key, page, listing }, i) => {
    plan.keys[url] = key;
    const kept = keep[i];
    if (kept !== undefined) plan.kept.push(kept);
    // Another process renders this one.
    else if (toRender++ % shard.count !== shard.index) return;
    else if (listing) plan.listings.push(page as ListingPage);
    else plan.articles.push(page as Article);
  });
  return plan;
}
