import { DateTime } from "luxon";

/** Dates as readers see them: in the site's timezone and language, e.g. "30 August 2023, 3:30 pm IST". */
export function readableDate(iso: string, locale: string, timezone: string): string {
  const date = DateTime.fromISO(iso, { zone: timezone, locale });
  if (!date.isValid) return iso;
  return date.toLocaleString({
    day: "numeric",
    month: "long",
    year: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZoneName: "short",
  });
}

/** Date only, for lists: "30 August 2023". */
export function shortDate(iso: string, locale: string, timezone: string): string {
  const date = DateTime.fromISO(iso, { zone: timezone, locale });
  return date.isValid ? date.toLocaleString(DateTime.DATE_FULL) : iso;
}
