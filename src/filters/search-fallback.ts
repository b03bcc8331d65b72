import type { SiteSettings } from "../settings.ts";

/**
 * Where the search page's form (layouts/search.njk) sends a search when the page's script does
 * not run (JavaScript off or blocked, an old browser): a general search engine, limited to the
 * site by a hidden field, so the reader still gets results from this site. The engine is the
 * setting `searchFallback` (src/settings.ts).
 */
export interface SearchFallback {
  /** The engine's name, for the sentence the page shows without JavaScript. */
  name: string;
  /** The form's action: the engine's search address. */
  action: string;
  /** The name of the field holding the words the reader typed. */
  query: string;
  /** Hidden fields sent with them: what limits the search to the site. */
  fields: { name: string; value: string }[];
}

/**
 * The engines `searchFallback` names, with the field each takes for a search limited to one site
 * (the fields their own site-search boxes send; a site whose engine changes them can write its
 * own, see `searchFallback` in src/settings.ts).
 */
export const SEARCH_ENGINES = {
  // `sites`: the site DuckDuckGo's search-box form limits results to.
  duckduckgo: { name: "DuckDuckGo", action: "https://duckduckgo.com/", query: "q", site: (s: string) => ({ name: "sites", value: s }) },
  // `as_sitesearch`: Google's advanced-search field for "site or domain".
  google: { name: "Google", action: "https://www.google.com/search", query: "q", site: (s: string) => ({ name: "as_sitesearch", value: s }) },
  // Bing adds `q1` to the words typed: "site:" limits the search to the site.
  bing: { name: "Bing", action: "https://www.bing.com/search", query: "q", site: (s: string) => ({ name: "q1", value: `site:${s}` }) },
} as const;

export type SearchEngineName = keyof typeof SEARCH_ENGINES;

/**
 * The form's target for the site's settings: a named engine limited to the site's host and base
 * path ("example.org/news"), or the site's own engine as written in the settings (its `fields`
 * may say `{site}` for that host and path).
 */
export function searchFallback(site: Pick<SiteSettings, "url" | "searchFallback">): SearchFallback {
  const url = new URL(site.url);
  const where = `${url.host}${url.pathname.replace(/\/+$/, "")}`;
  const setting = site.searchFallback;
  if (typeof setting === "string") {
    const engine = SEARCH_ENGINES[setting];
    return { name: engine.name, action: engine.action, query: engine.query, fields: [engine.site(where)] };
  }
  return {
    name: setting.name,
    action: setting.action,
    query: setting.query,
    fields: Object.entries(setting.fields).map(([name, value]) => ({ name, value: value.replaceAll("{site}", where) })),
  };
}
