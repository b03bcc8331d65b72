import fs from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { formatReport } from "../../src/build/build-report.ts";
import { assertReported } from "../support/report.ts";
import { article, createFixture } from "../support/fixture-site.ts";
import { readPage, text } from "../support/html.ts";

// Article files as newsrooms commit them (issue 8): encodings, YAML that reads text as numbers,
// dates that cannot be right, and the articles a build holds back. The sample's settings allow a
// century of embargo (its embargoed article is dated 2099); these sites have the default, 365 days.

const CASES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/cases");
const caseFile = (folder: string, name: string) => fs.readFile(path.join(CASES, folder, "articles", name));

test("one build: YAML numbers stay the text typed, a UTF-8 BOM is fine, and every held-back article is named with its reason", async () => {
  const site = await createFixture({
    "world/orwell-novel-returns-to-bestseller-lists.md": await caseFile("19-yaml-numbers-as-title-and-tags", "world/orwell-novel-returns-to-bestseller-lists.md"),
    "world/saved-with-bom.md": Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(article({ title: "Café owners say “no”" }).replace(/\n/g, "\r\n"), "utf8")]),
    "world/prices.md": "---\ntitle: 1.50\ndescription: 0x1F\ndate: 2023-08-29\nsection: world\ntags: [true, 2024]\ndraft: false\n---\nBody.\n",
    "world/secret-draft.md": article({ title: "Secret draft", draft: true }),
    "india/future-story.md": article({ title: "Future story", section: "india", date: "2023-09-24T09:00:00+05:30" }),
  }, { embargoLimitDays: 365 });
  // The day after case 19's article was published.
  const result = await site.build({ now: "2023-09-23T12:00:00+05:30" });
  assert.ok(result.ok, JSON.stringify(result));
  if (!result.ok) return;

  const orwell = await readPage(site.output, "/world/orwell-novel-returns-to-bestseller-lists/");
  assert.is(text(orwell.querySelector("h1")), "1984");
  assert.equal([...orwell.querySelectorAll(".tags a")].map((a) => [text(a), a.getAttribute("href")]), [
    ["2024", "/tags/2024/"],
    ["Elections", "/tags/elections/"],
    ["NO", "/tags/no/"],
  ]);
  const data = JSON.parse(orwell.querySelector('script[type="application/ld+json"]')!.textContent!) as { headline?: string }[];
  assert.is(data.find((d) => d.headline)?.headline, "1984");
  assert.is(text((await readPage(site.output, "/tags/2024/")).querySelector("main .card h2, main .card h3")), "1984");

  const prices = await readPage(site.output, "/world/prices/");
  assert.is(text(prices.querySelector("h1")), "1.50");
  assert.is(text(prices.querySelector(".article__standfirst")), "0x1F");
  assert.equal([...prices.querySelectorAll(".tags a")].map((a) => text(a)), ["true", "2024"]);

  const bom = await readPage(site.output, "/world/saved-with-bom/");
  assert.is(text(bom.querySelector("h1")), "Café owners say “no”");
  assert.not.ok(bom.documentElement.outerHTML.includes("\uFEFF"), "no byte order mark in the page");

  // What `npm run build` prints: both held-back articles, each with why.
  assert.equal([...result.report.heldBack].sort((a, b) => a.file.localeCompare(b.file)), [
    {
      file: "articles/india/future-story.md",
      status: "embargoed",
      reason: "embargoed until 24 September 2023 at 9:00 am IST",
      lifts: { at: "2023-09-24T09:00:00+05:30", text: "24 September 2023 at 9:00 am IST" },
    },
    { file: "articles/world/secret-draft.md", status: "draft", reason: "draft: true" },
  ]);
  const printed = formatReport(result.report);
  assert.match(printed, /Held back \(not published\): 2 \(1 draft, 1 embargoed\)\n {2}articles\/india\/future-story\.md: embargoed until 24 September 2023 at 9:00 am IST \(2023-09-24T09:00:00\+05:30\)\n {2}articles\/world\/secret-draft\.md: draft: true/);
});

test("one failing build: wrong encodings, impossible dates, text cut by a #, and empty or non-boolean values are each reported with a fix, and nothing is written", async () => {
  const site = await createFixture(
    {
      "business/cafe-owners-reject-licence-fee.md": await caseFile("03-windows-1252-encoded-article", "business/cafe-owners-reject-licence-fee.md"),
      "india/council-approves-new-bus-routes.md": await caseFile("12-future-date-typo-silently-embargoed", "india/council-approves-new-bus-routes.md"),
      "india/ward-offices-extend-hours.md": await caseFile("13-updated-in-the-future", "india/ward-offices-extend-hours.md"),
      "world/notepad-unicode.md": Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(article(), "utf16le")]),
      "world/from-word.md": Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]),
      "world/clocks-go-forward.md": article({ date: "2023-03-26T01:30" }),
      "world/clocks-go-back.md": article({ date: "2022-10-30T01:30" }),
      "world/year-typo.md": article({ date: "0203-08-30" }),
      "world/draft-yes.md": "---\ntitle: A\ndescription: B\ndate: 2023-08-30\nsection: world\ndraft: yes\n---\n",
      "world/null-title.md": "---\ntitle: ~\ndescription: B\ndate: 2023-08-30\nsection: world\n---\n",
      "world/hashtag.md": "---\ntitle: Fans celebrate #WorldCup win\ndescription: B\ndate: 2023-08-30\nsection: world\n---\n",
    },
    { timezone: "Europe/London", embargoLimitDays: 365 },
  );
  const result = await site.build(); // the fixture clock: 2023-09-01T12:00:00+05:30
  assert.is(result.ok, false);
  const message = result.ok ? "" : result.message;
  const expected: [string, string, RegExp, RegExp][] = [
    ["business/cafe-owners-reject-licence-fee.md", "(file)", /not UTF-8 text\. Line 2 has the byte 0xE9, which UTF-8 does not allow\. It reads like one of these encodings; pick the one where the line reads right:$/, /Save with Encoding" → UTF-8/],
    ["india/council-approves-new-bus-routes.md", "date", /2203-09-22 is 180 years ahead; did you mean 2023-09-22\? An embargo longer than 365 days is refused/, /Correct the year/],
    ["india/ward-offices-extend-hours.md", "updated", /2203-09-22T12:00:00\+05:30 is after the build's time \(1 September 2023 at 7:30 am GMT\+1\); did you mean 2023-09-22\?/, /cannot be in the future/],
    ["world/notepad-unicode.md", "(file)", /it is UTF-16 LE\. The file starts with the UTF-16 LE byte order mark\./, /Notepad: File → Save As → Encoding: UTF-8/],
    ["world/from-word.md", "(file)", /is a ZIP archive, such as a Word \(\.docx\)/, /Plain Text \(\.txt\)/],
    ["world/clocks-go-forward.md", "date", /"2023-03-26T01:30" never happens: the clocks in Europe\/London go forward from 01:00 to 02:00/, /2023-03-26T02:30:00\+01:00/],
    ["world/clocks-go-back.md", "date", /"2022-10-30T01:30" means two moments/, /2022-10-30T01:30:00\+01:00 \(the first time\) or 2022-10-30T01:30:00\+00:00/],
    ["world/year-typo.md", "date", /0203-08-30 is before the year 1800; did you mean 2003-08-30\?/, /full year/],
    ["world/draft-yes.md", "draft", /should be true or false \(not "yes"\)/, /draft: true/],
    ["world/hashtag.md", "title", /"#WorldCup win" \(line 2\) is read as a YAML comment, so the value ends at "Fans celebrate"/, /title: "Fans celebrate #WorldCup win"/],
    ["world/null-title.md", "title", /is required but has no value \(left empty, or written as ~ or null/, /title: "The headline readers see"/],
  ];
  assertReported(message, expected);
  assert.match(message, /\n {8}Windows-1252 \(Western European\) or [^\n]*: {2}title: "Café owners say ‘no’ to the new 10 € licence fee"\n/);
  // No "\uFFFD" in the report: readings with broken characters are left out once a clean one exists.
  assert.not.ok(message.includes("\uFFFD"), "no text misread");
  assert.match(message, /Nothing was written/);
  assert.not.ok(await fs.access(site.output).then(() => true, () => false), "no output folder");
});

test.run();
