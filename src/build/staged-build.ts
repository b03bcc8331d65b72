import type { SearchPart } from "../outputs/search-parts.ts";
import type { SearchStream } from "../outputs/search-stream.ts";
import type { PageManifest } from "./page-manifest.ts";
import type { SourceStats } from "./unchanged-build.ts";
import type { PrefetchedCache } from "../content/article-cache.ts";

/**
 * What `buildSite` (src/build/build.ts) and the plugin (src/index.ts) tell each other about one
 * build. `buildSite` has Eleventy write into a staging folder beside the site and then commits the
 * staged files into the site (src/build/commit-output.ts); the plugin decides which pages need
 * rendering at all and says which of the site's files stay as they are. When Eleventy runs without
 * `buildSite` (the preview, or a site running `npx @11ty/eleventy`), there is no staged build and
 * the plugin works on Eleventy's output folder itself.
 */

export interface StagedBuild {
  /** The live site folder (absolute): what the staged files will be committed into. */
  output: string;
  /** Render every page and trust nothing from the previous build (`npm run build -- --full`). */
  full: boolean;
  /**
   * This process renders one share of the pages: those at positions `index`, `index + count`, …
   * of the plan (src/build/render-shards.ts). Share 0 also writes photos, feeds and sitemaps.
   */
  shard?: { index: number; count: number };
  /**
   * The reader search's index, made as pages are written (src/outputs/search-stream.ts): the
   * plugin plans it, and each page written is told to it (`written`). Absent when the index is
   * made after rendering (search off, or a build shared between processes).
   */
  search?: SearchStream;
  /** Told the URL of each page Eleventy writes (src/build/page-written.ts). */
  written?: (url: string) => void;
  /**
   * What `buildSite` learnt before starting Eleventy, handed on so that the plugin does not
   * learn it again (each cost 0.2-0.3 s at 20,000 articles). Absent in a shared build's other
   * processes, which learn it themselves.
   */
  known?: KnownBeforeEleventy;
}

export interface KnownBeforeEleventy {
  /**
   * The size and modification time of every project file as sourcesStamp found them, before
   * anything was read (src/build/unchanged-build.ts). The article cache uses these instead of
   * stat'ing each article again (src/content/article-cache.ts).
   */
  stats: SourceStats;
  /** The page manifest read for the unchanged check: its file, and what it held (undefined: none, or unusable). */
  manifest?: { file: string; value: PageManifest | undefined };
  /**
   * The page files of that manifest missing from the live site: every page's file is looked for
   * as soon as the manifest is read, on another thread, while Eleventy loads (src/pages/page-files.ts).
   */
  missingPages?: Promise<ReadonlySet<string>>;
  /** The article cache file's bytes, read while Eleventy loads (src/content/article-cache.ts PrefetchedCache). */
  articleCache?: PrefetchedCache;
}

export interface SitePlan {
  /** Where the page manifest is kept (src/build/page-manifest.ts). */
  manifestFile: string;
  /** URL → key of every page Newsroom makes, rendered this time or not. */
  pages: Record<string, string>;
  /** Feeds and sitemaps: file → key (src/outputs/output-keys.ts), for the manifest. */
  outputs?: Record<string, string>;
  /** Files of the live site this build did not stage and that stay (unchanged pages, photos already published). */
  kept: string[];
  /** Every file of the site after the previous build; undefined when unknown (a cold build). */
  previousFiles?: string[];
  /**
   * The parts of the reader search's index (src/outputs/search-parts.ts), newest first, each with
   * whether it is kept as it is (no page of it changed since the last build, and its index is
   * still there); share 0 only.
   */
  search?: (SearchPart & { kept: boolean })[];
  /** A hash of `pages`: processes sharing a build check they planned the same site. */
  digest: string;
  /** The clock the build published for (ms since the epoch). */
  builtAt?: number;
  /** When the site changes with no file changing (src/build/unchanged-build.ts); null: never. */
  nextChange?: number | null;
}

// Kept on globalThis, like the build report: Eleventy imports the config, and through it the
// plugin, from the site's own path (a symlinked src/ in tests), which can make this module a
// second instance beside the one buildSite imported.
const KEY = Symbol.for("newsroom.build.staged");
type State = { current?: StagedBuild; plan?: SitePlan };
function state(): State {
  const g = globalThis as Record<symbol, State | undefined>;
  return (g[KEY] ??= {});
}

export function beginStagedBuild(build: StagedBuild): void {
  state().current = build;
  state().plan = undefined;
}

/** The staged build under way, if Eleventy is being run by `buildSite`. */
export function stagedBuild(): StagedBuild | undefined {
  return state().current;
}

export function recordSitePlan(value: SitePlan): void {
  state().plan = value;
}

/** Ends the staged build; returns the plan the plugin recorded, if it ran. */
export function endStagedBuild(): SitePlan | undefined {
  const value = state().plan;
  state().current = undefined;
  state().plan = undefined;
  return value;
}
