import { test } from "uvu";
import * as assert from "uvu/assert";
import { searchFallback } from "../../src/filters/search-fallback.ts";
import { resolveSettings } from "../../src/settings.ts";
import site from "../../site.config.ts";

// Where the search page's form goes without JavaScript: each named engine with the field that
// limits it to the site, the site's base path included, and an engine of the site's own.

test("the default is DuckDuckGo limited to the site's host", () => {
  const settings = resolveSettings(site);
  assert.equal(searchFallback(settings), {
    name: "DuckDuckGo",
    action: "https://duckduckgo.com/",
    query: "q",
    fields: [{ name: "sites", value: "newsroom.example.org" }],
  });
});

test("Google and Bing, under a base path: the path is part of the site", () => {
  const google = searchFallback(resolveSettings({ ...site, url: "https://example.org/news/", searchFallback: "google" }));
  assert.is(google.action, "https://www.google.com/search");
  assert.equal(google.fields, [{ name: "as_sitesearch", value: "example.org/news" }]);
  const bing = searchFallback(resolveSettings({ ...site, url: "https://example.org:8443/news", searchFallback: "bing" }));
  assert.equal(bing.fields, [{ name: "q1", value: "site:example.org:8443/news" }]);
});

test("an engine of the site's own: {site} in its fields becomes the host and path", () => {
  const own = searchFallback(
    resolveSettings({ ...site, searchFallback: { name: "Startpage", action: "https://www.startpage.com/do/search", query: "query", fields: { site: "{site}", lui: "english" } } }),
  );
  assert.equal(own, {
    name: "Startpage",
    action: "https://www.startpage.com/do/search",
    query: "query",
    fields: [{ name: "site", value: "newsroom.example.org" }, { name: "lui", value: "english" }],
  });
});

test("an engine that is not known, or an action that is not a web address, is refused", () => {
  assert.throws(() => resolveSettings({ ...site, searchFallback: "altavista" as "google" }), /searchFallback/);
  assert.throws(() => resolveSettings({ ...site, searchFallback: { name: "X", action: "javascript:alert(1)", query: "q" } }), /searchFallback\.action/);
});

test.run();
