import { DateTime, IANAZone } from "luxon";

/**
 * Reads a front matter date in the site's timezone.
 * - `2023-08-30` means 00:00 on that day in the site timezone (so it never shows as the 29th).
 * - `2023-08-30T15:30:00+05:30` keeps its instant and is shown in the site timezone.
 * - `2023-08-30T15:30` (no offset) is read as site time. Where the site's clocks change for
 *   daylight saving, such a time may not exist (the clocks jump over it: "DateTimeSkipped") or
 *   may happen twice (the clocks go back over it: "DateTimeRepeated"); either is refused, because
 *   only the offset says which moment is meant. A bare date is the start of that day, whatever
 *   the clocks do at midnight.
 */
export type DateResult =
  | { ok: true; date: DateTime }
  | { ok: false; error: "DateInvalid"; reason: string }
  | { ok: false; error: "DateTimeSkipped" | "DateTimeRepeated"; reason: string; suggestion: string };

const ISO_LIKE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/;
const HAS_TIME = /[T ]\d{2}:\d{2}/;
const HAS_OFFSET = /(?:Z|[+-]\d{2}(?::?\d{2})?)$/;
const MINUTE = 60_000;

export function parseArticleDate(value: string, timezone: string): DateResult {
  const text = value.trim();
  if (!ISO_LIKE.test(text)) {
    return { ok: false, error: "DateInvalid", reason: "expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+05:30" };
  }
  const iso = text.replace(" ", "T");
  if (!HAS_TIME.test(text)) {
    const day = DateTime.fromISO(iso, { zone: timezone });
    if (!day.isValid) return { ok: false, error: "DateInvalid", reason: impossible(text) ?? day.invalidExplanation ?? "not a real date" };
    return { ok: true, date: day.startOf("day") };
  }
  const date = DateTime.fromISO(iso, { zone: timezone });
  if (!date.isValid) return { ok: false, error: "DateInvalid", reason: impossible(text) ?? date.invalidExplanation ?? "not a real date" };
  if (HAS_OFFSET.test(text)) return { ok: true, date };
  return localTime(text, date, timezone);
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/**
 * Why a date of the right shape names no real moment, in a writer's words ("February 2023 has 28
 * days"), or undefined when the parts are all in range (then Luxon's own explanation is used).
 * `text` matches ISO_LIKE.
 */
export function impossible(text: string): string | undefined {
  const [year, month, day, hour, minute, second] = (text.match(/\d+/g) ?? []).map(Number) as number[];
  if (month! < 1 || month! > 12) return `there is no month ${String(month).padStart(2, "0")}: months go from 01 to 12`;
  const days = new Date(Date.UTC(year!, month!, 0)).getUTCDate();
  if (day! < 1 || day! > days) return `${MONTHS[month! - 1]} ${year} has ${days} days`;
  if (hour !== undefined && hour > 23) return `hours go from 00 to 23 (midnight is 00:00 of the next day)`;
  if (minute !== undefined && minute > 59) return "minutes go from 00 to 59";
  if (second !== undefined && second > 59) return "seconds go from 00 to 59";
  return undefined;
}

/**
 * A wall-clock time in the site timezone: the instants whose local time it is. Each offset the
 * zone uses around that day is tried (it may use two); an offset fits when the zone really uses
 * it at the instant it gives. None fits: the time was skipped. Two fit: it happened twice.
 */
function localTime(text: string, luxonGuess: DateTime, timezone: string): DateResult {
  const zone = IANAZone.create(timezone);
  const wall = DateTime.fromISO(text.replace(" ", "T"), { zone: "utc" });
  const wallMs = wall.toMillis();
  const before = zone.offset(wallMs - 86_400_000);
  const after = zone.offset(wallMs + 86_400_000);
  // Most days the clocks do not change: one offset all around, the one Luxon used.
  if (before === after && before === luxonGuess.offset) return { ok: true, date: luxonGuess };
  const offsets = [...new Set([before, zone.offset(wallMs), after])];
  const fits = offsets.filter((o) => zone.offset(wallMs - o * MINUTE) === o).sort((a, b) => b - a);
  if (fits.length === 1) return { ok: true, date: luxonGuess };
  const stamp = wall.toFormat("yyyy-MM-dd'T'HH:mm:ss");
  const change = changeAround(zone, wallMs - Math.max(...offsets) * MINUTE);
  if (fits.length === 0) {
    // Luxon moves a skipped time forward by the jump: the same moment as the old clock's reading.
    const forward = luxonGuess.toISO({ suppressMilliseconds: true }) ?? "";
    return {
      ok: false,
      error: "DateTimeSkipped",
      reason: `the clocks in ${timezone} go forward from ${change.from} to ${change.to} that night, so no clock shows ${wall.toFormat("HH:mm")}`,
      suggestion: forward,
    };
  }
  const [first, second] = fits as [number, number];
  return {
    ok: false,
    error: "DateTimeRepeated",
    reason: `the clocks in ${timezone} go back from ${change.from} to ${change.to} that night, so ${wall.toFormat("HH:mm")} happens twice`,
    suggestion: `${stamp}${offsetText(first)} (the first time) or ${stamp}${offsetText(second)} (the second)`,
  };
}

/** The zone's clock change within a day of `near` (an instant): the local time just before it and just after. */
function changeAround(zone: IANAZone, near: number): { from: string; to: string } {
  let low = near - 86_400_000;
  let high = near + 86_400_000;
  const start = zone.offset(low);
  // Binary search to the minute for the instant the offset changes.
  while (high - low > MINUTE) {
    const mid = low + Math.floor((high - low) / 2 / MINUTE) * MINUTE;
    if (zone.offset(mid) === start) low = mid;
    else high = mid;
  }
  const local = (ms: number, offset: number) => DateTime.fromMillis(ms + offset * MINUTE, { zone: "utc" }).toFormat("HH:mm");
  return { from: local(high, start), to: local(high, zone.offset(high)) };
}

/** "+05:30" for 330 minutes. */
function offsetText(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

/** ISO 8601 with the site's offset and no milliseconds, for `<time datetime>` and feeds. */
export function isoWithOffset(date: DateTime): string {
  return date.toISO({ suppressMilliseconds: true }) ?? "";
}
