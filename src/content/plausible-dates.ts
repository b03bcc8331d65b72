import { DateTime } from "luxon";
import { readableDate } from "../filters/dates.ts";
import { problem, type ArticleProblem } from "./errors.ts";

/**
 * Dates that read fine but cannot be right, judged against the build's clock (issue 8, cases 12
 * and 13): a `date` typed 2203 for 2023 would hide the article for 180 years without a word,
 * and an `updated` in the future would be shown, and spread to sitemap and feed dates.
 *
 * - `date` more than `embargoLimitDays` after the build: refused as a probable typo (a real
 *   embargo is hours or days; the limit is a site setting, default 365).
 * - `date` or `updated` before EARLIEST_YEAR: a typo such as 0203 (no article on a website was
 *   published before then).
 * - `updated` after the build: an update that has not happened yet.
 * Each message offers the year the writer probably meant, when one typing slip explains it.
 */

/** Earliest year a `date` or `updated` may have. */
export const EARLIEST_YEAR = 1800;

export interface DateContext {
  /** The build's clock (NEWSROOM_NOW in tests and the preview). */
  now: Date;
  /** Longest embargo accepted, in days (site setting `embargoLimitDays`). */
  embargoLimitDays: number;
  timezone: string;
  /** BCP 47 language of the site, for the build's time in messages. */
  language: string;
}

/**
 * The problems (catalogue entries DateTooEarly, DateTooFarAhead, UpdatedInFuture) with an
 * article's already-parsed `date` and `updated`, each given as typed and as read. Messages quote
 * the day as typed (YYYY-MM-DD) and offer the same day in the year probably meant.
 */
export function implausibleDates(
  file: string,
  dates: { date?: { text: string; value: DateTime }; updated?: { text: string; value: DateTime } },
  context: DateContext,
): ArticleProblem[] {
  // Plain instants first: this runs for every article, and almost every date is plausible.
  const nowMs = context.now.getTime();
  const limitMs = nowMs + context.embargoLimitDays * 86_400_000;
  const earliest = (d?: { value: DateTime }) => d !== undefined && d.value.year < EARLIEST_YEAR;
  const ahead = dates.date !== undefined && dates.date.value.toMillis() > limitMs;
  const future = dates.updated !== undefined && dates.updated.value.toMillis() > nowMs;
  if (!earliest(dates.date) && !earliest(dates.updated) && !ahead && !future) return [];

  const problems: ArticleProblem[] = [];
  const now = DateTime.fromJSDate(context.now, { zone: context.timezone });
  const latestYear = now.plus({ days: context.embargoLimitDays }).year;
  // Only a year outside the years allowed is taken for a slip of the keyboard.
  const suggest = (given: { text: string; value: DateTime }, latest = latestYear) => {
    if (given.value.year >= EARLIEST_YEAR && given.value.year <= latest) return undefined;
    const year = likelyYear(given.value.year, now.year, latest);
    return year === undefined ? undefined : `${year}${given.text.slice(4, 10)}`;
  };

  for (const field of ["date", "updated"] as const) {
    const given = dates[field];
    if (given && given.value.year < EARLIEST_YEAR) {
      problems.push(problem("DateTooEarly", file, { field, value: given.text.slice(0, 10), limit: EARLIEST_YEAR, suggestion: suggest(given) }));
    }
  }
  const date = dates.date;
  if (date && !earliest(date) && ahead) {
    problems.push(
      problem("DateTooFarAhead", file, { field: "date", value: date.text.slice(0, 10), reason: distance(now, date.value), limit: context.embargoLimitDays, suggestion: suggest(date) }),
    );
  }
  const updated = dates.updated;
  if (updated && future) {
    problems.push(
      problem("UpdatedInFuture", file, {
        field: "updated",
        value: updated.text,
        reason: readableDate(now.toISO() ?? "", context.language, context.timezone),
        // An update has happened, so the year meant is this year or earlier.
        suggestion: updated.value.year > now.year ? suggest(updated, now.year) : undefined,
      }),
    );
  }
  return problems;
}

/** "180 years" or "428 days": how far `later` is after `now` (part days count as a day). */
function distance(now: DateTime, later: DateTime): string {
  const days = Math.ceil(later.diff(now, "days").days);
  if (days < 730) return `${days} days`;
  return `${Math.floor(later.diff(now, "years").years)} years`;
}

/**
 * The year a writer probably meant by `typed`: one slip of the keyboard (two neighbouring digits
 * swapped, as 2203 for 2023, or one digit wrong, as 3023) away, between EARLIEST_YEAR and
 * `latest`, and nearest to the build's year. Undefined when no single slip explains it.
 */
export function likelyYear(typed: number, thisYear: number, latest: number): number | undefined {
  const digits = String(typed).padStart(4, "0");
  const candidates = new Set<number>();
  for (let i = 0; i < digits.length - 1; i++) {
    candidates.add(Number(digits.slice(0, i) + digits[i + 1] + digits[i] + digits.slice(i + 2)));
  }
  for (let i = 0; i < digits.length; i++) {
    for (let d = 0; d <= 9; d++) candidates.add(Number(digits.slice(0, i) + d + digits.slice(i + 1)));
  }
  let best: number | undefined;
  for (const year of candidates) {
    if (year === typed || year < EARLIEST_YEAR || year > latest) continue;
    if (best === undefined || Math.abs(year - thisYear) < Math.abs(best - thisYear)) best = year;
  }
  return best;
}

/**
 * The earliest build clock (milliseconds since the epoch) at which `implausibleDates` finds
 * nothing wrong with these dates, given that it finds nothing now: a `date` is accepted from
 * `embargoLimitDays` before it on, an `updated` from its own instant on, and DateTooEarly does
 * not depend on the clock. As the clock only moves on, an article valid once stays valid; a
 * build with an earlier clock (NEWSROOM_NOW in the past) must check again (src/content/article-cache.ts).
 * Mirrors the comparisons above exactly (`>` there, so equal instants pass).
 */
export function plausibleFrom(dates: { date: number; updated?: number }, embargoLimitDays: number): number {
  const fromDate = dates.date - embargoLimitDays * 86_400_000;
  return dates.updated === undefined ? fromDate : Math.max(fromDate, dates.updated);
}
