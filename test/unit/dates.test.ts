import { test } from "uvu";
import * as assert from "uvu/assert";
import { isoWithOffset, parseArticleDate } from "../../src/content/dates.ts";
import { readableDate, shortDate } from "../../src/filters/dates.ts";

const TZ = "Asia/Kolkata";

function parse(value: string) {
  const result = parseArticleDate(value, TZ);
  if (!result.ok) throw new Error(`expected ${value} to parse: ${result.reason}`);
  return result.date;
}

test("a bare date is midnight in the site timezone, never the day before", () => {
  const date = parse("2023-08-30");
  assert.is(isoWithOffset(date), "2023-08-30T00:00:00+05:30");
  assert.is(shortDate(isoWithOffset(date), "en-IN", TZ), "30 August 2023");
  assert.match(readableDate(isoWithOffset(date), "en-IN", TZ), /^30 August 2023/);
});

test("a date with an offset keeps its instant and is shown in site time", () => {
  assert.is(isoWithOffset(parse("2023-08-30T15:30:00+05:30")), "2023-08-30T15:30:00+05:30");
  // 10:00 UTC is 15:30 in Kolkata.
  assert.is(isoWithOffset(parse("2023-08-30T10:00:00Z")), "2023-08-30T15:30:00+05:30");
  assert.is(isoWithOffset(parse("2023-08-29T22:00:00-04:00")), "2023-08-30T07:30:00+05:30");
});

test("a date and time without an offset is read as site time", () => {
  assert.is(isoWithOffset(parse("2023-08-30T15:30")), "2023-08-30T15:30:00+05:30");
  assert.is(isoWithOffset(parse("2023-08-30 15:30:00")), "2023-08-30T15:30:00+05:30");
});

test("readable dates use the site language and name the timezone", () => {
  assert.is(readableDate("2023-08-30T15:30:00+05:30", "en-IN", TZ), "30 August 2023 at 3:30 pm IST");
  assert.is(shortDate("2023-08-30T15:30:00+05:30", "en-GB", "Europe/London"), "30 August 2023");
});

test("dates that are not ISO 8601, or not real, are refused with a reason", () => {
  for (const bad of ["30 August 2023", "2023/08/30", "yesterday", "2023-02-30", "2023-13-01", "2023-08-30T25:00"]) {
    const result = parseArticleDate(bad, TZ);
    assert.is(result.ok, false, bad);
    if (!result.ok) assert.ok(result.reason.length > 0);
  }
});

test.run();
