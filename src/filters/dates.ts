import { DateTime } from "luxon";

/**
 * Dates as readers see them: in the site's timezone and language, e.g. "30 August 2023 at
 * 3:30 pm IST". An article's date is shown on its page and in every list it appears in, and
 * formatting costs ~60 µs, so results are remembered per date string.
 */
const cache = new Map<string, string>();
const CACHE_LIMIT = 200_000;

function format(iso: string, locale: string, timezone: string, style: "long" | "short"): string {
  const key = `${style}\u0000${locale}\u0000${timezone}\u0000${iso}`;
  let text = cache.get(key);
  if (text === undefined) {
    const date = DateTime.fromISO(iso, { zone: timezone, locale });
    text = !date.isValid
      ? iso
      : style === "short"
        ? date.toLocaleString(DateTime.DATE_FULL)
        : date.toLocaleString({ day: "numeric", month: "long", year: "numeric", hour: "numeric", minute: "2-digit", timeZoneName: "short" });
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, text);
  }
  return text;
}

/** Date and time: "30 August 2023 at 3:30 pm IST". */
export function readableDate(iso: string, locale: string, timezone: string): string {
  return format(iso, locale, timezone, "long");
}

/** Date only, for lists: "30 August 2023". */
export function shortDate(iso: string, locale: string, timezone: string): string {
  return format(iso, locale, timezone, "short");
}
