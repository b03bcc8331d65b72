import { test } from "uvu";
import * as assert from "uvu/assert";
import { isoWithOffset, parseArticleDate } from "../../src/content/dates.ts";
import { likelyYear } from "../../src/content/plausible-dates.ts";
import { validateFrontMatter } from "../../src/content/schema.ts";
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

test("a date of the right shape that names no real day or time says which part is wrong, as a writer would", () => {
  const cases: [string, RegExp][] = [
    ["2023-02-30", /^February 2023 has 28 days$/],
    ["2024-02-30T10:00:00+05:30", /^February 2024 has 29 days$/],
    ["2023-04-31", /^April 2023 has 30 days$/],
    ["2023-09-00", /^September 2023 has 30 days$/],
    ["2023-13-01", /^there is no month 13: months go from 01 to 12$/],
    ["2023-00-10", /^there is no month 00/],
    ["2023-08-30T25:00", /^hours go from 00 to 23/],
    ["2023-08-30T10:60", /^minutes go from 00 to 59$/],
    ["2023-08-30T10:30:61Z", /^seconds go from 00 to 59$/],
  ];
  for (const [text, reason] of cases) {
    const result = parseArticleDate(text, TZ);
    assert.is(result.ok, false, text);
    if (!result.ok) assert.match(result.reason, reason, text);
  }
});

test("a local time the clocks skip (spring forward) is refused with the moment it would mean", () => {
  const cases: [string, string, RegExp, string][] = [
    ["2024-03-31T01:30", "Europe/London", /go forward from 01:00 to 02:00 that night, so no clock shows 01:30/, "2024-03-31T02:30:00+01:00"],
    ["2024-03-10 02:15:00", "America/New_York", /go forward from 02:00 to 03:00/, "2024-03-10T03:15:00-04:00"],
    // Chile changes at midnight: a time of 00:00 does not exist that day.
    ["2024-09-08T00:00", "America/Santiago", /go forward from 00:00 to 01:00/, "2024-09-08T01:00:00-03:00"],
  ];
  for (const [value, zone, reason, suggestion] of cases) {
    const result = parseArticleDate(value, zone);
    assert.ok(!result.ok && result.error === "DateTimeSkipped", `${value} ${zone}: ${JSON.stringify(result)}`);
    if (!result.ok && result.error === "DateTimeSkipped") {
      assert.match(result.reason, reason);
      assert.is(result.suggestion, suggestion);
    }
  }
});

test("a local time that happens twice (fall back) is refused with both offsets to choose from", () => {
  const london = parseArticleDate("2024-10-27T01:30", "Europe/London");
  assert.equal(london, {
    ok: false,
    error: "DateTimeRepeated",
    reason: "the clocks in Europe/London go back from 02:00 to 01:00 that night, so 01:30 happens twice",
    suggestion: "2024-10-27T01:30:00+01:00 (the first time) or 2024-10-27T01:30:00+00:00 (the second)",
  });
  // Lord Howe Island moves its clocks by 30 minutes.
  const lordHowe = parseArticleDate("2024-04-07T01:45", "Australia/Lord_Howe");
  assert.ok(!lordHowe.ok && lordHowe.error === "DateTimeRepeated" && /\+11:00 \(the first time\) or .*\+10:30 \(the second\)/.test(lordHowe.suggestion));
  // With its offset, the same time is one moment and is accepted; so is a time just outside the change.
  assert.is(isoWithOffset(parse("2024-10-27T01:30:00+00:00")), "2024-10-27T07:00:00+05:30");
  assert.ok(parseArticleDate("2024-10-27T02:00", "Europe/London").ok);
  assert.ok(parseArticleDate("2024-03-31T02:00", "Europe/London").ok);
  // A bare date is the start of that day, even where midnight is skipped.
  const chile = parseArticleDate("2024-09-08", "America/Santiago");
  assert.ok(chile.ok && isoWithOffset(chile.date) === "2024-09-08T01:00:00-03:00");
});

// The fixture clock: 1 September 2023, noon in Kolkata.
const NOW = new Date("2023-09-01T12:00:00+05:30");
const SITE = { timezone: TZ, language: "en-IN", sections: { india: {} }, embargoLimitDays: 365 };
const VALID = { title: "T", description: "D", section: "india", date: "2023-08-30T09:00:00+05:30" };
function check(fields: Record<string, unknown>, site: Partial<typeof SITE> = {}) {
  const result = validateFrontMatter({ ...VALID, ...fields }, "articles/india/a.md", { ...SITE, ...site }, NOW);
  return result.ok ? [] : result.problems.map((p) => ({ id: `${p.field}:${p.name}`, message: p.message, hint: p.hint }));
}

test("case 12: a date years ahead is a typo to correct, not a silent 180-year embargo", () => {
  const found = check({ date: "2203-09-22T09:00:00+05:30" });
  assert.equal(found.map((p) => p.id), ["date:DateTooFarAhead"]);
  assert.is(found[0]!.message, "2203-09-22 is 180 years ahead; did you mean 2023-09-22? An embargo longer than 365 days is refused (embargoLimitDays in site.config.ts).");
  assert.match(found[0]!.hint, /Correct the year/);
  // Other slips: one digit wrong, two swapped in the last place, a date just past the limit.
  assert.match(check({ date: "3023-09-22" })[0]!.message, /^3023-09-22 is 1000 years ahead; did you mean 2023-09-22\?/);
  assert.match(check({ date: "2032-09-22" })[0]!.message, /^2032-09-22 is 9 years ahead; did you mean 2023-09-22\?/);
  assert.is(check({ date: "2024-09-02" })[0]!.message, "2024-09-02 is 367 days ahead; is it a typo? An embargo longer than 365 days is refused (embargoLimitDays in site.config.ts).");
  // Within the limit it is an embargo, as before; the limit is the site's.
  assert.equal(check({ date: "2024-08-30" }), []);
  assert.equal(check({ date: "2203-09-22" }, { embargoLimitDays: 100_000 }), []);
  assert.match(check({ date: "2023-10-02" }, { embargoLimitDays: 30 })[0]!.message, /^2023-10-02 is 31 days ahead; is it a typo\? An embargo longer than 30 days/);
});

test("case 13: an `updated` after the build's clock is refused", () => {
  const found = check({ updated: "2203-09-22T12:00:00+05:30" });
  assert.equal(found.map((p) => p.id), ["updated:UpdatedInFuture"]);
  assert.is(found[0]!.message, "2203-09-22T12:00:00+05:30 is after the build's time (1 September 2023 at 12:00 pm IST); did you mean 2023-09-22?");
  assert.match(found[0]!.hint, /cannot be in the future/);
  // A minute ahead is still the future; a minute before the clock is fine.
  assert.equal(check({ updated: "2023-09-01T12:01:00+05:30" }).map((p) => p.id), ["updated:UpdatedInFuture"]);
  assert.equal(check({ updated: "2023-09-01T11:59:00+05:30" }), []);
  // An embargoed article has no update yet.
  assert.equal(check({ date: "2023-09-02T09:00:00+05:30", updated: "2023-09-02T10:00:00+05:30" }).map((p) => p.id), ["updated:UpdatedInFuture"]);
});

test("dates before 1800 are typos, with the year probably meant", () => {
  const found = check({ date: "0203-09-22", updated: "0202-01-01" });
  assert.equal(found.map((p) => p.id), ["date:DateTooEarly", "updated:DateTooEarly"]);
  assert.is(found[0]!.message, "0203-09-22 is before the year 1800; did you mean 2003-09-22?");
  assert.match(check({ date: "1023-08-30" })[0]!.message, /did you mean 2023-08-30\?/);
});

test("times the clocks skip or repeat are refused by validation with a fix", () => {
  const london = { timezone: "Europe/London" };
  const skipped = check({ date: "2023-03-26T01:30" }, london);
  assert.equal(skipped.map((p) => p.id), ["date:DateTimeSkipped"]);
  assert.match(skipped[0]!.message, /^"2023-03-26T01:30" never happens: the clocks in Europe\/London go forward/);
  assert.match(skipped[0]!.hint, /e\.g\. 2023-03-26T02:30:00\+01:00/);
  const twice = check({ date: "2022-10-30T01:30", updated: "2022-10-30T01:15:00" }, london);
  assert.equal(twice.map((p) => p.id), ["date:DateTimeRepeated", "updated:DateTimeRepeated"]);
  assert.match(twice[0]!.hint, /^Add the offset of the one you mean: 2022-10-30T01:30:00\+01:00 \(the first time\) or 2022-10-30T01:30:00\+00:00 \(the second\)\.$/);
});

test("the year meant is one keyboard slip away, nearest to the build's year", () => {
  assert.is(likelyYear(2203, 2023, 2024), 2023, "two digits swapped");
  assert.is(likelyYear(2203, 2026, 2027), 2023);
  assert.is(likelyYear(3023, 2023, 2024), 2023, "one digit wrong");
  assert.is(likelyYear(2062, 2026, 2027), 2026);
  assert.is(likelyYear(203, 2023, 2024), 2003, "0203");
  assert.is(likelyYear(7777, 2023, 2024), undefined, "no single slip explains it");
});

test.run();
