import type { Picture, SocialImages } from "../images/picture.ts";
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

/**
 * A photo's rights as the writer gave them (front matter `image:`), the fields of Google's image
 * licence metadata: developers.google.com/search/docs/appearance/structured-data/image-license-metadata.
 */
export interface PhotoRights {
  /** Shown under the photo; creditText in structured data. */
  credit?: string;
  /** The photographer or maker. */
  creator?: string;
  /** The copyright notice, e.g. "© 2023 Reuters". */
  copyright?: string;
  /** URL of the licence's terms. */
  license?: string;
  /** URL of a page where the photo can be licensed. */
  acquireLicensePage?: string;
}

/**
 * An inline photo with rights, for structured data: its credit from its figure's title (after
 * " | "), the rest from front matter `photos:`.
 */
export interface InlinePhoto extends PhotoRights {
  /** Root-relative URL of the published fallback file the page shows. */
  url: string;
}

/** A correction as the page shows it. */
export interface Correction {
  /** ISO 8601 with the site's offset. */
  date: string;
  /** The text as inline HTML (src/markdown/inline-text.ts). */
  html: string;
  /** The text without markup, for structured data. */
  text: string;
}

export interface LeadImage extends PhotoRights {
  /** Fallback JPEG (or PNG) URL and its size; `picture` has every width and format. */
  src: string;
  alt: string;
  caption?: string;
  width: number;
  height: number;
  picture: Picture;
  /** The Open Graph card and Google's 16:9, 4:3 and 1:1 crops. */
  social: SocialImages;
}

/** An image the article uses: its id in the image store and where the article names it. */
export interface ArticleImage {
  id: string;
  /** "image.src" for the lead photo, "body" for inline ones. */
  field: string;
  /** The path as the writer wrote it. */
  value: string;
}

export interface Article {
  /**
   * SHA-256 (hex) of what loading made this article from: its path, its file's bytes and its
   * photos' image ids (src/content/article-cache.ts, articleDigest). Equal digests under one
   * renderer fingerprint (src/build/fingerprint.ts) mean an identical article, before the site-wide
   * naming of tags and authors and the clock-dependent `status`.
   */
  digest: string;
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
  /** BCP 47 tag from front matter when the article is not in the site's language, e.g. "en". */
  language?: string;
  image?: LeadImage;
  /** Inline photos that carry a credit or rights (structured data), in order. Absent when none does. */
  inlinePhotos?: InlinePhoto[];
  /** Corrections, oldest first. Absent when there are none. */
  corrections?: Correction[];
  /** The editor's note as inline HTML. */
  note?: string;
  html: string;
  status: ArticleStatus;
  images: ArticleImage[];
  related: Article[];
}

/** Newest first; ties broken by URL so builds are reproducible. */
export function byNewest(a: Article, b: Article): number {
  return b.timestamp - a.timestamp || a.url.localeCompare(b.url);
}
