/**
 * How the reader search's index is cut into parts, so that a build re-indexes only the part an
 * article changed in. Pagefind cannot update an index (https://pagefind.app/docs/multisite/ merges
 * several in the browser instead): each part is a whole Pagefind index of consecutive months of
 * articles, and public/assets/search.js merges them with `mergeIndex`. A part is made again only
 * when one of its articles changed, came or went (src/index.ts keys each part like a feed).
 *
 * The cut depends on the published articles alone (their dates), never on the build before, so an
 * incremental build and a cold one make the same parts (test/build/incremental.test.ts):
 * - the newest year (the year of the newest article): one part per month, so a new story
 *   re-indexes only its month;
 * - every earlier year: one part when it has at most `partSize` articles, else one per quarter
 *   when no quarter has more, else one per month.
 * Months are UTC months ("2016-02"), the same as each article page's `month` filter
 * (layouts/article.njk), so a date-ordered search can ask one part at a time (parts never share a
 * month) and list them in order: parts hold consecutive months and come newest first.
 *
 * Costs, for the README: a part of n articles takes about 1.2 ms × n to index (Pagefind parses
 * pages one at a time). A search in the browser loads each part's small entry and meta files,
 * about two requests per part; the archive of 20,000 articles of bench/generate-archive.ts (one an
 * hour, 2015–2017) makes 12 parts.
 */

/** Most articles in a part of a year before the newest, unless a single month has more. */
export const PART_SIZE = 5000;

/** Folder of the newest part, under the site folder: also where pagefind.js is. */
export const SEARCH_ROOT = "pagefind";

export interface SearchArticle {
  /** The article page's URL path ("/world/x/"). */
  url: string;
  /** Its date, ISO 8601 with an offset (front matter `date`). */
  date: string;
}

export interface SearchPart {
  /** "2017-04" (a month), "2016-q1" (a quarter) or "2015" (a year). */
  name: string;
  /** Where its index goes, relative to the site folder: "pagefind" for the newest, else "pagefind/parts/<name>". */
  folder: string;
  /** The UTC months it covers, oldest first ("2016-01"). */
  months: string[];
  /** Its articles' URLs, sorted. */
  urls: string[];
}

/**
 * The parts of the index for `articles` (published ones, any order), newest first; none for no
 * articles. Throws a RangeError for a date that does not parse (the content layer refuses those
 * long before). `partSize`: PART_SIZE unless a test wants small parts.
 */
export function searchParts(articles: readonly SearchArticle[], partSize = PART_SIZE): SearchPart[] {
  const byMonth = new Map<string, string[]>();
  for (const article of articles) {
    const time = Date.parse(article.date);
    if (Number.isNaN(time)) throw new RangeError(`search parts: ${article.url} has no valid date (${article.date})`);
    const month = new Date(time).toISOString().slice(0, 7);
    const urls = byMonth.get(month);
    if (urls) urls.push(article.url);
    else byMonth.set(month, [article.url]);
  }
  const months = [...byMonth.keys()].sort();
  if (months.length === 0) return [];
  const newestYear = months.at(-1)!.slice(0, 4);
  const years = new Map<string, string[]>();
  for (const month of months) {
    const year = month.slice(0, 4);
    years.set(year, [...(years.get(year) ?? []), month]);
  }
  const count = (list: string[]) => list.reduce((n, month) => n + byMonth.get(month)!.length, 0);
  const groups: { name: string; months: string[] }[] = [];
  for (const [year, inYear] of years) {
    const perMonth = inYear.map((month) => ({ name: month, months: [month] }));
    if (year === newestYear) {
      groups.push(...perMonth);
      continue;
    }
    if (count(inYear) <= partSize) {
      groups.push({ name: year, months: inYear });
      continue;
    }
    const quarters = new Map<string, string[]>();
    for (const month of inYear) {
      const name = `${year}-q${Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1}`;
      quarters.set(name, [...(quarters.get(name) ?? []), month]);
    }
    if ([...quarters.values()].every((q) => count(q) <= partSize)) groups.push(...[...quarters].map(([name, q]) => ({ name, months: q })));
    else groups.push(...perMonth);
  }
  return groups.reverse().map((group, i) => ({
    name: group.name,
    folder: i === 0 ? SEARCH_ROOT : `${SEARCH_ROOT}/parts/${group.name}`,
    months: group.months,
    urls: group.months.flatMap((month) => byMonth.get(month)!).sort(),
  }));
}
