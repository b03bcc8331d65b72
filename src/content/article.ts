import type { ArticleStatus } from "./publication.ts";

/** The shapes templates see. Dates are ISO 8601 strings with the site's offset. */

export interface SectionRef {
  key: string;
  label: string;
  url: string;
}

export interface TagRef {
  name: string;
  slug: string;
  url: string;
}

export interface AuthorRef {
  name: string;
  slug: string;
  /** Only names with a profile in the settings have a page. */
  url?: string;
  role?: string;
}

export interface LeadImage {
  src: string;
  alt: string;
  caption?: string;
  credit?: string;
  width: number;
  height: number;
}

/** A file the article needs published beside its page: source path and output path. */
export interface ArticleAsset {
  from: string;
  to: string;
}

export interface Article {
  /** Project-relative path of the source, e.g. "articles/world/visit/index.md". */
  file: string;
  slug: string;
  /** Root-relative URL path, e.g. "/world/visit/". */
  url: string;
  section: SectionRef;
  title: string;
  description: string;
  date: string;
  updated?: string;
  /** Publication instant in milliseconds, for sorting. */
  timestamp: number;
  tags: TagRef[];
  authors: AuthorRef[];
  image?: LeadImage;
  html: string;
  status: ArticleStatus;
  assets: ArticleAsset[];
  related: Article[];
}

/** Newest first; ties broken by URL so builds are reproducible. */
export function byNewest(a: Article, b: Article): number {
  return b.timestamp - a.timestamp || a.url.localeCompare(b.url);
}
