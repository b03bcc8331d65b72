import type { DateTime } from "luxon";

/**
 * Which articles the public sees. A draft, or an article dated after the build (an embargo), is
 * left out of a production build entirely: no page, no listing, no tag, no feed. The preview
 * server shows both with a banner so editors can check them.
 */
export type ArticleStatus = "published" | "draft" | "embargoed";

export function publicationStatus(draft: boolean, date: DateTime, now: Date): ArticleStatus {
  if (draft) return "draft";
  if (date.toMillis() > now.getTime()) return "embargoed";
  return "published";
}

export function isVisible(status: ArticleStatus, preview: boolean): boolean {
  return preview || status === "published";
}
