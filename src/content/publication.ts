import { DateTime } from "luxon";
import type { HeldBack } from "../build/build-report.ts";
import { readableDate } from "../filters/dates.ts";

/**
 * Which articles the public sees. A draft, or an article dated after the build (an embargo), is
 * left out of a production build entirely: no page, no listing, no tag, no feed. The preview
 * server shows both with a banner so editors can check them.
 */
export type ArticleStatus = "published" | "draft" | "embargoed";

export function publicationStatus(draft: boolean, date: DateTime, now: Date): ArticleStatus {
  return publicationStatusAt(draft, date.toMillis(), now);
}

/** publicationStatus for a publication instant in milliseconds (what the article cache holds). */
export function publicationStatusAt(draft: boolean, timestamp: number, now: Date): ArticleStatus {
  if (draft) return "draft";
  if (timestamp > now.getTime()) return "embargoed";
  return "published";
}

export function isVisible(status: ArticleStatus, preview: boolean): boolean {
  return preview || status === "published";
}

/**
 * What a production build tells its runner about the articles it left out: each draft ("draft:
 * true") and each embargo with its time in the site's timezone and language ("embargoed until
 * 1 January 2099 at 6:00 am IST"), so a date typed wrong never hides a story without a word. An
 * embargo also carries when it lifts, as ISO 8601 with the site's offset, for the next-embargo line.
 */
export function heldBack(
  articles: readonly { file: string; status: ArticleStatus; date: string }[],
  site: { language: string; timezone: string },
): HeldBack[] {
  return articles.flatMap((a): HeldBack[] => {
    if (a.status === "draft") return [{ file: a.file, status: "draft", reason: "draft: true" }];
    if (a.status === "embargoed") {
      const text = readableDate(a.date, site.language, site.timezone);
      const at = DateTime.fromISO(a.date, { zone: site.timezone }).setZone(site.timezone).toISO({ suppressMilliseconds: true }) ?? a.date;
      return [{ file: a.file, status: "embargoed", reason: `embargoed until ${text}`, lifts: { at, text } }];
    }
    return [];
  });
}
