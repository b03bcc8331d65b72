import type { Article } from "../../src/content/article.ts";

/**
 * A published article object `/world/story-<n>/` dated `date` (ISO 8601), with no tags, authors,
 * photos or text, for calling listings, feeds and sitemaps directly; `extra` replaces any field.
 */
export function articleObject(n: number, date: string, extra: Partial<Article> = {}): Article {
  return {
    digest: `digest-${n}`,
    file: `articles/world/story-${n}.md`,
    slug: `story-${n}`,
    url: `/world/story-${n}/`,
    section: { key: "world", label: "World", url: "/world/" },
    title: `Story ${n}`,
    description: "A story.",
    date,
    timestamp: Date.parse(date),
    tags: [],
    authors: [],
    html: "",
    status: "published",
    images: [],
    related: [],
    ...extra,
  };
}
