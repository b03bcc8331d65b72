import { DateTime } from "luxon";

/**
 * Reads a front matter date in the site's timezone.
 * - `2023-08-30` means 00:00 on that day in the site timezone (so it never shows as the 29th).
 * - `2023-08-30T15:30:00+05:30` keeps its instant and is shown in the site timezone.
 * - `2023-08-30T15:30` (no offset) is read as site time.
 */
export type DateResult = { ok: true; date: DateTime } | { ok: false; reason: string };

const ISO_LIKE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

export function parseArticleDate(value: string, timezone: string): DateResult {
  const text = value.trim();
  if (!ISO_LIKE.test(text)) {
    return { ok: false, reason: "expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+05:30" };
  }
  const date = DateTime.fromISO(text.replace(" ", "T"), { zone: timezone });
  if (!date.isValid) return { ok: false, reason: date.invalidExplanation ?? "not a real date" };
  return { ok: true, date };
}

/** ISO 8601 with the site's offset and no milliseconds, for `<time datetime>` and feeds. */
export function isoWithOffset(date: DateTime): string {
  return date.toISO({ suppressMilliseconds: true }) ?? "";
}
