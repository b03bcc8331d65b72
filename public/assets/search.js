// The search page (/search/, layouts/search.njk): searches the site's Pagefind index in the
// browser (https://pagefind.app/docs/api/) and lists the articles found as headline links with
// their standfirst, section and date. The form works without this script (it then sends the words
// to a general search engine limited to the site); this script takes it over once the index loads.
// Accessible by construction: a labelled field, one polite live region (role="status") that says
// how many articles were found, results as a plain list of links, nothing that needs a mouse.

// Where this file is served from says where the site is: "/assets/search.js" at the root, or
// "/news/assets/search.js" under a base path. The index is beside it, in /pagefind/: `npm run
// build` cuts it into parts of consecutive months (src/outputs/search-parts.ts), listed newest
// first in /pagefind/newsroom-parts.json; the newest is in /pagefind/ itself, with pagefind.js.
const siteBase = new URL("../", import.meta.url);
const bundle = new URL("pagefind/pagefind.js", siteBase).href;
// Results are shown this many at a time.
const PAGE = 10;

const form = document.querySelector("[data-search-form]");
if (form) start(form);

async function start(form) {
  const input = form.querySelector("input[type=search]");
  const status = document.querySelector("[data-search-status]");
  const list = document.querySelector("[data-search-results]");
  const more = document.querySelector("[data-search-more]");
  const options = form.querySelector("[data-search-options]");
  const filters = [...form.querySelectorAll("[data-search-filter]")];
  const order = form.querySelector("[data-search-order]");

  let pagefind;
  let parts;
  try {
    pagefind = await import(bundle);
    // Result URLs in the index are the site's own ("/world/x/"): under a base path they need it.
    await pagefind.options({ baseUrl: siteBase.pathname });
    await pagefind.init();
    parts = await mergeParts(pagefind);
  } catch {
    // No index (not built yet, or blocked): the form keeps sending searches to the search engine.
    return;
  }

  // From here on the site's own search answers: the note about the search engine no longer applies.
  const note = form.querySelector("[data-search-fallback]");
  note.hidden = true;
  input.removeAttribute("aria-describedby");
  options.hidden = false;
  // Not awaited: the years come from every part's filters, which can take a moment on a large
  // archive, and until the handlers below are in place Enter would still send the form away.
  addYears(pagefind, form.querySelector('[data-search-filter="year"]')).catch(() => undefined);

  // Each search gets a number; the answer to an older one (typed over since) is dropped.
  let latest = 0;
  let found = nothingFound;
  let shown = 0;

  async function search() {
    const words = input.value.trim();
    const id = ++latest;
    remember(words);
    const chosen = {};
    for (const select of filters) if (select.value) chosen[select.dataset.searchFilter] = select.value;
    if (!words) {
      list.replaceChildren();
      more.hidden = true;
      status.textContent = "";
      return;
    }
    const answer = await find(pagefind, parts, words, chosen, order.value);
    if (id !== latest || !answer) return;
    found = answer;
    shown = 0;
    list.replaceChildren();
    await showMore(id);
    if (id !== latest) return;
    status.textContent =
      found.total === 0
        ? `No articles found for “${words}”.`
        : `${found.total} ${found.total === 1 ? "article" : "articles"} found for “${words}”.`;
  }

  async function showMore(id) {
    const answer = found;
    while (answer.results.length < shown + PAGE && (await answer.more())) if (id !== latest) return undefined;
    const next = answer.results.slice(shown, shown + PAGE);
    const pages = await Promise.all(next.map((result) => result.data()));
    if (id !== latest) return undefined;
    const items = pages.map(resultItem);
    list.append(...items);
    shown += next.length;
    more.hidden = shown >= answer.total;
    return items[0];
  }

  // Typing searches as you go (after a short pause); Enter or the button searches at once.
  let timer;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(search, 250);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    search();
  });
  for (const select of [...filters, order]) select.addEventListener("change", search);
  more.querySelector("button").addEventListener("click", async () => {
    const first = await showMore(latest);
    // Keyboard and screen-reader users land on the first new result, not back at the top.
    first?.querySelector("a")?.focus();
    status.textContent = `Showing ${shown} of ${found.total} articles.`;
  });

  // A search address (/search/?q=monsoon, shared or from the history) runs its search.
  const params = new URLSearchParams(location.search);
  if (params.get("q")) {
    input.value = params.get("q");
    search();
  }
}

/**
 * Merges the older parts of the index into the newest, which pagefind.js opened, and returns the
 * list of parts (newest first: `{ path, months }`); undefined when the site has a single index
 * (the preview writes one) or no list.
 */
async function mergeParts(pagefind) {
  const response = await fetch(new URL("pagefind/newsroom-parts.json", siteBase), { cache: "no-cache" }).catch(() => undefined);
  const list = response?.ok ? (await response.json().catch(() => undefined))?.parts : undefined;
  if (!Array.isArray(list) || list.length < 2) return undefined;
  const baseUrl = siteBase.pathname;
  await Promise.all(list.slice(1).map((part) => pagefind.mergeIndex(new URL(part.path, siteBase).pathname, { baseUrl })));
  return list;
}

const nothingFound = { total: 0, results: [], more: async () => false };

/**
 * The articles found for `words` with the filters chosen, in the order chosen ("relevance",
 * "newest", "oldest"): `{ total, results, more }`, where `results` may hold only the first of
 * them and `more()` adds the next ones, false when there are none left.
 * Pagefind orders merged indexes by relevance only (each part's own date order does not carry
 * across parts), so a date order with parts goes part by part: the parts hold consecutive months,
 * so every article of one comes before every article of the next. One search over all the parts
 * counts the articles and says which months have any; each part that has some is then searched
 * alone (its months as a filter), in Pagefind's date order, when the list reaches it.
 */
async function find(pagefind, parts, words, filters, order) {
  const direction = order === "newest" ? "desc" : order === "oldest" ? "asc" : undefined;
  const once = async () => {
    const answer = await pagefind.search(words, { filters, sort: direction ? { date: direction } : undefined });
    return answer && { total: answer.results.length, results: answer.results, more: nothingFound.more };
  };
  if (!direction || !parts) return once();
  const all = await pagefind.search(words, { filters });
  if (!all) return all;
  const months = all.filters?.month;
  // A site's own article layout without the month filter: Pagefind's merged order, roughly by date.
  if (!months) return once();
  const queue = (direction === "desc" ? parts : [...parts].reverse()).filter((part) => part.months.some((month) => months[month] > 0));
  const results = [];
  return {
    total: all.results.length,
    results,
    async more() {
      const part = queue.shift();
      if (!part) return false;
      const answer = await pagefind.search(words, { filters: { ...filters, month: { any: part.months } }, sort: { date: direction } });
      results.push(...(answer?.results ?? []));
      return true;
    },
  };
}

/** The address bar keeps the words (?q=…), so the page can be bookmarked, shared or reloaded. */
function remember(words) {
  const url = new URL(location.href);
  if (words) url.searchParams.set("q", words);
  else url.searchParams.delete("q");
  history.replaceState(null, "", url);
}

/** The years that have articles, newest first, as choices of the year filter. */
async function addYears(pagefind, select) {
  const all = await pagefind.filters();
  const years = Object.keys(all.year ?? {}).sort().reverse();
  for (const year of years) select.append(new Option(year, year));
}

/** One article found: the site's card markup (layouts/partials/macros.njk), written as text. */
function resultItem(page) {
  const item = document.createElement("li");
  const card = element("article", "card");
  const text = element("div", "card__text");
  const heading = element("h2", "card__title");
  const link = element("a");
  link.href = page.url;
  link.textContent = page.meta.title ?? page.url;
  heading.append(link);
  text.append(heading);
  if (page.meta.standfirst) text.append(element("p", "card__standfirst", page.meta.standfirst));
  const meta = element("p", "card__meta");
  const section = page.filters.section?.[0];
  if (section) meta.append(element("span", "search-results__section", section), " · ");
  if (page.meta.date) {
    const time = element("time", "", page.meta.date);
    if (page.meta.datetime) time.dateTime = page.meta.datetime;
    meta.append(time);
  }
  text.append(meta);
  card.append(text);
  item.append(card);
  return item;
}

function element(name, className, text) {
  const el = document.createElement(name);
  if (className) el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}
