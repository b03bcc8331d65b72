import type { DateTime } from "luxon";
import { Document, isSeq } from "yaml";
import { isoWithOffset } from "./dates.ts";

/**
 * The text of a new article (`npm run new`): front matter a writer fills in, `draft: true`
 * so nothing is published until they remove it, and a body to replace. Values are written by
 * the `yaml` package, which quotes whatever YAML would otherwise misread (a ": ", a " #", a
 * headline that looks like a number), so any headline gives front matter the build accepts.
 */

export interface NewArticle {
  title: string;
  /** A section key of the site. */
  section: string;
  /** Publication time, in the site's timezone (written with its offset). */
  date: DateTime;
  description?: string;
  authors?: string[];
  tags?: string[];
  /** The lead photo, a file beside the article. */
  image?: { src: string; alt?: string; caption?: string; credit?: string };
}

/** Said where the writer has something to write; the build accepts them, so a draft is valid at once. */
export const PLACEHOLDERS = {
  description: "One or two sentences under the headline: what happened, and why it matters.",
  alt: "What the photo shows, for readers who cannot see it",
  body: "Write the article here, in markdown. Remove `draft: true` above when it is ready to publish.",
};

/** The article file's text: front matter between "---" lines, then the body. */
export function articleText(a: NewArticle): string {
  const data: Record<string, unknown> = {
    title: a.title,
    description: a.description ?? PLACEHOLDERS.description,
    date: isoWithOffset(a.date),
    section: a.section,
  };
  if (a.authors?.length) data.authors = a.authors;
  if (a.tags?.length) data.tags = a.tags;
  if (a.image) {
    data.image = {
      src: a.image.src,
      alt: a.image.alt ?? PLACEHOLDERS.alt,
      ...(a.image.caption ? { caption: a.image.caption } : {}),
      ...(a.image.credit ? { credit: a.image.credit } : {}),
    };
  }
  data.draft = true;
  // Lists in flow style, as the writer's guide writes them (`tags: [Climate, Monsoon]`); yaml
  // quotes an item that needs it there ("a, b"). lineWidth 0: a long headline stays on one line.
  const doc = new Document(data);
  for (const key of ["authors", "tags"]) {
    const list = doc.get(key, true);
    if (isSeq(list)) list.flow = true;
  }
  const yaml = doc.toString({ lineWidth: 0, flowCollectionPadding: false });
  return `---\n${yaml}---\n${PLACEHOLDERS.body}\n`;
}
