import { test } from "uvu";
import * as assert from "uvu/assert";
import { searchParts, type SearchArticle } from "../../src/outputs/search-parts.ts";

/** `count` articles, one every `hours` hours from `start` (UTC), named by their number. */
function articles(count: number, start: string, hours: number, prefix = "a"): SearchArticle[] {
  const from = Date.parse(start);
  return Array.from({ length: count }, (_, i) => ({
    url: `/world/${prefix}-${String(i).padStart(5, "0")}/`,
    date: new Date(from + i * hours * 3_600_000).toISOString(),
  }));
}

test("no articles, no parts; one month is one part, in pagefind/ itself", () => {
  assert.equal(searchParts([]), []);
  const parts = searchParts(articles(3, "2024-05-02T10:00:00Z", 24));
  assert.equal(parts, [{ name: "2024-05", folder: "pagefind", months: ["2024-05"], urls: ["/world/a-00000/", "/world/a-00001/", "/world/a-00002/"] }]);
});

test("the newest year by month, newest first; earlier years whole, by quarter or by month as their size allows", () => {
  // 2022: 300 articles (one part at size 400); 2023: 1,460 (quarters of about 365); 2024: months.
  const list = [
    ...articles(300, "2022-01-01T00:00:00Z", 29, "y"),
    ...articles(1460, "2023-01-01T00:00:00Z", 6, "q"),
    ...articles(100, "2024-01-01T00:00:00Z", 24 * 1.5, "m"),
  ];
  const parts = searchParts(list, 400);
  const names = parts.map((p) => p.name);
  assert.equal(names, ["2024-05", "2024-04", "2024-03", "2024-02", "2024-01", "2023-q4", "2023-q3", "2023-q2", "2023-q1", "2022"]);
  assert.equal(parts.map((p) => p.folder).slice(0, 2), ["pagefind", "pagefind/parts/2024-04"]);
  assert.equal(parts.find((p) => p.name === "2023-q2")?.months, ["2023-04", "2023-05", "2023-06"]);
  // Every article in exactly one part.
  const urls = parts.flatMap((p) => p.urls);
  assert.is(urls.length, list.length);
  assert.is(new Set(urls).size, list.length);
  // A year whose quarters are too big goes by month.
  const byMonth = searchParts([...articles(2000, "2023-01-01T00:00:00Z", 4.3), ...articles(1, "2024-02-01T00:00:00Z", 1, "n")], 400);
  assert.is(byMonth.length, 1 + 12);
  assert.ok(byMonth.slice(1).every((p) => /^2023-\d\d$/.test(p.name)), byMonth.map((p) => p.name).join());
});

test("months are UTC months, whatever the offset the date is written with", () => {
  const parts = searchParts([
    { url: "/a/", date: "2024-03-01T01:00:00+05:30" }, // 2024-02-29T19:30Z
    { url: "/b/", date: "2024-02-29T23:00:00-05:00" }, // 2024-03-01T04:00Z
  ]);
  assert.equal(parts.map((p) => [p.name, p.urls]), [["2024-03", ["/b/"]], ["2024-02", ["/a/"]]]);
});

test("the same articles in any order make the same parts; a new story changes only the newest", () => {
  const list = [...articles(900, "2022-06-01T00:00:00Z", 15), ...articles(40, "2024-01-03T00:00:00Z", 24, "n")];
  const parts = searchParts(list, 400);
  assert.equal(searchParts([...list].reverse(), 400), parts);
  const after = searchParts([...list, { url: "/world/new/", date: "2024-02-10T08:00:00Z" }], 400);
  const changed = after.filter((p) => JSON.stringify(p) !== JSON.stringify(parts.find((q) => q.folder === p.folder)));
  assert.equal(changed.map((p) => p.folder), ["pagefind"]);
});

test("a date that does not parse is refused with its URL", () => {
  assert.throws(() => searchParts([{ url: "/x/", date: "soon" }]), /\/x\/.*soon/);
});

test.run();
