import fs from "node:fs/promises";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { searchDocument } from "../../src/outputs/search-document.ts";
import { article, createFixture, jpeg } from "../support/fixture-site.ts";

/**
 * The reader search is given each article page's `<html>` tag and its `data-pagefind-body`
 * element alone (src/outputs/search-document.ts). Pagefind must make the same index of those as
 * of the whole pages, for pages of every kind our layouts make: a lead photo with caption and
 * credit, an inline figure, corrections, an article in another script and direction, tags and
 * authors. Any other page is handed over whole.
 */

const NOW = "2023-09-01T12:00:00+05:30";

async function articlePages(): Promise<{ url: string; html: string }[]> {
  const site = await createFixture({
    "world/plain.md": article({ title: "Plain story", tags: ["Ports"], authors: ["Asha Menon"] }, "The Vellamor quay reopened on *Tuesday*."),
    "world/photo/index.md": article(
      { title: "Harbour at dawn", date: "2023-08-29T10:00:00+05:30", image: { src: "lead.jpg", alt: "Boats", caption: "Boats at the quay.", credit: "Photo: Desk" } },
      'Intro.\n\n![A chart](chart.jpg "Arrivals by month. | Newsroom graphics")\n\nMore text after the figure.',
    ),
    "world/photo/lead.jpg": await jpeg(800, 500),
    "world/photo/chart.jpg": await jpeg(640, 400),
    "india/corrected.md": article(
      { title: "Council vote", section: "india", date: "2023-08-28T10:00:00+05:30", corrections: [{ date: "2023-08-31T09:00:00+05:30", text: "An earlier version gave the vote as 12–9." }] },
      "The council voted 11–10.",
    ),
    "world/arabic.md": article({ title: "افتتاح الميناء", description: "أعيد فتح الميناء.", language: "ar-EG", date: "2023-08-27T10:00:00+05:30" }, "أعيد فتح الميناء يوم الثلاثاء بعد أشهر من الإغلاق."),
  });
  const result = await site.build({ now: NOW });
  if (!result.ok) throw new Error(result.message);
  const urls = ["/world/plain/", "/world/photo/", "/india/corrected/", "/world/arabic/"];
  const pages = await Promise.all(urls.map(async (url) => ({ url, html: await fs.readFile(path.join(site.output, url, "index.html"), "utf8") })));
  await fs.rm(site.root, { recursive: true, force: true });
  return pages;
}

/** Pagefind's files for `pages`, each given as `content(html)`, by file name. */
async function indexOf(pages: { url: string; html: string }[], content: (html: string) => string): Promise<Map<string, string>> {
  const pagefind = await import("pagefind");
  const { index } = await pagefind.createIndex({});
  if (!index) throw new Error("Pagefind did not start");
  for (const page of pages) {
    const added = await index.addHTMLFile({ url: page.url, content: content(page.html) });
    assert.equal(added.errors, [], page.url);
  }
  const { files } = await index.getFiles();
  await index.deleteIndex();
  return new Map(files.map((file) => [file.path, Buffer.from(file.content).toString("base64")]));
}

test("Pagefind makes the same index, byte for byte, of each article page's search document as of the whole page", async () => {
  const pages = await articlePages();
  for (const page of pages) {
    const document = searchDocument(page.html);
    assert.ok(document.length < page.html.length * 0.8, `${page.url}: the masthead, related articles and footer are left out`);
    assert.match(document, /^<!DOCTYPE html><html lang="[^"]+"/, `${page.url}: the page's language`);
  }
  const whole = await indexOf(pages, (html) => html);
  const trimmed = await indexOf(pages, searchDocument);
  assert.equal([...trimmed.keys()].sort(), [...whole.keys()].sort());
  for (const [name, content] of whole) assert.ok(trimmed.get(name) === content, `${name} differs`);
  assert.ok(whole.size > 4, "an index was made");
  (await import("pagefind")).close();
});

test("a page the search document cannot stand for is handed over whole", () => {
  const page = (head: string, body: string) => `<!DOCTYPE html><html lang="en"><head>${head}</head><body><header><h1>Site</h1></header>${body}<footer>f</footer></body></html>`;
  const article = '<article data-pagefind-body><h1 data-pagefind-meta="title">T</h1><article class="inner">nested</article><p>Text.</p></article>';
  const good = page("", article);
  assert.is(searchDocument(good), `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"></head><body>${article}</body></html>`, "nested elements of the same name are counted");
  for (const [why, html] of [
    ["no body element", page("", "<main><p>Text.</p></main>")],
    ["two body elements", page("", article + article)],
    ["metadata in the head", page('<meta data-pagefind-meta="image[content]" content="/a.jpg">', article)],
    ["a filter outside", page("", `<nav data-pagefind-filter="section">World</nav>${article}`)],
    ["an element never closed", page("", "<article data-pagefind-body><p>Text.</p>")],
    ["no html tag", `<body>${article}</body>`],
    ["the word in text, not an attribute", page("", "<p>Write data-pagefind-body on it.</p>")],
    ["the word in text after a start tag with attributes", page("", '<p class="tip">Write data-pagefind-body on it.</p>')],
  ] as const) {
    assert.is(searchDocument(html), html, why);
  }
});

test.run();
