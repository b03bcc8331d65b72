import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Article } from "../../src/content/article.ts";
import { PageKeys } from "../../src/pages/page-keys.ts";
import type { ListingPage } from "../../src/pages/listings.ts";

/**
 * An article's part of a page key (src/pages/page-keys.ts): its digest (what it was loaded from)
 * and what each build sets again. Everything a build sets again must change the key.
 */
function story(over: Partial<Article> = {}): Article {
  return {
    digest: "d1",
    file: "articles/world/a.md",
    slug: "a",
    url: "/world/a/",
    section: { key: "world", label: "World", url: "/world/" },
    title: "A",
    description: "About A.",
    date: "2023-08-01T10:00:00+05:30",
    timestamp: Date.parse("2023-08-01T10:00:00+05:30"),
    tags: [{ name: "Monsoon", slug: "monsoon", url: "/tags/monsoon/" }],
    authors: [{ name: "Asha Menon", slug: "asha-menon" }],
    html: "<p>Text.</p>",
    status: "published",
    images: [],
    related: [],
    ...over,
  };
}

test("the same article, loaded again, has the same key however its objects were made", () => {
  const keys = new PageKeys("print");
  assert.is(keys.article(story()), keys.article(story({ html: "<p>decoded again</p>" })));
  assert.is(keys.article(story()), new PageKeys("print").article(story()));
});

test("the key changes with the article's digest, status, named tags and authors, lead photo, related articles and the renderer", () => {
  const keys = new PageKeys("print");
  const base = keys.article(story());
  const variants: Record<string, Article> = {
    digest: story({ digest: "d2" }),
    status: story({ status: "embargoed" }),
    "tag renamed site-wide": story({ tags: [{ name: "monsoon", slug: "monsoon", url: "/tags/monsoon/" }] }),
    "tag added": story({ tags: [...story().tags, { name: "Rain", slug: "rain", url: "/tags/rain/" }] }),
    "author given a profile": story({ authors: [{ name: "Asha Menon", slug: "asha-menon", url: "/authors/asha-menon/", role: "Editor" }] }),
    "tag made an author": story({ tags: [], authors: [story().authors[0]!, { name: "Monsoon", slug: "monsoon", url: "/tags/monsoon/" }] }),
    related: story({ related: [story({ digest: "other", url: "/world/b/" })] }),
  };
  for (const [what, article] of Object.entries(variants)) assert.is.not(keys.article(article), base, what);
  // A lead photo comes with the digest: its image id is in it (src/content/article-cache.ts
  // articleDigest), and the photo's published files follow from the id and the fingerprint.
  const image = { src: "/img/a.jpg", alt: "A", width: 800, height: 500, picture: { sources: [], fallback: { src: "/img/a.jpg", width: 800, height: 500 } } } as unknown as Article["image"];
  assert.is(keys.article(story({ image })), base, "the lead photo object is not hashed again");
  assert.is.not(new PageKeys("other print").article(story()), base, "renderer");
});

test("the preview's keys, worked out from the last build's, are always a fresh build's", () => {
  const a = story();
  const b = story({ digest: "d2", url: "/world/b/" });
  const c = story({ digest: "d3", url: "/world/c/" });
  a.related = [b, c];
  let articles = [a, b, c];
  let listing: ListingPage = { kind: "tag", key: "monsoon", title: "Monsoon", url: "/tags/monsoon/", baseUrl: "/tags/monsoon/", articles: [a, b, c] };
  let corrections: ListingPage = { kind: "corrections", key: "corrections", title: "Corrections", url: "/corrections/", baseUrl: "/corrections/", articles: [b, b], corrections: [0, 1] };
  const image = (src: string) => ({ src, alt: "A", width: 800, height: 500 }) as unknown as Article["image"];
  // Each step changes what the next build sees, mostly on the same objects, as a save can.
  const steps: Record<string, () => void> = {
    "nothing": () => {},
    "status, same object": () => (a.status = "embargoed"),
    "tag renamed site-wide (new name objects)": () => {
      for (const x of articles) x.tags = [{ name: "monsoon", slug: "monsoon", url: "/tags/monsoon/" }];
    },
    "author given a profile": () => (b.authors = [{ name: "Asha Menon", slug: "asha-menon", url: "/authors/asha-menon/", role: "Editor" }]),
    "lead photo": () => (c.image = image("/img/c.jpg")),
    "lead photo replaced by an equal one": () => (c.image = image("/img/c.jpg")),
    "a related article edited (a new object)": () => {
      const edited = { ...b, digest: "d2-edited", related: [] };
      articles = [a, edited, c];
      a.related = [edited, c];
      listing = { ...listing, articles: [a, edited, c] };
    },
    "related list reordered": () => (a.related = [...a.related].reverse()),
    "listing retitled": () => (listing = { ...listing, title: "Monsoon 2023" }),
    "listing given a field": () => (listing = { ...listing, subtitle: "Rain" }),
    "corrections reordered": () => (corrections = { ...corrections, corrections: [1, 0] }),
    "listing page moved": () => (listing = { ...listing, newer: "/tags/monsoon/page/2/" }),
  };
  const all = (keys: PageKeys) => [...articles.map((x) => keys.article(x)), keys.listing(listing), keys.listing(corrections)];
  let last = new PageKeys("print", { remember: true });
  all(last);
  for (const [what, step] of Object.entries(steps)) {
    step();
    const keys = new PageKeys("print", { last, remember: true });
    assert.equal(all(keys), all(new PageKeys("print")), what);
    last = keys;
  }
  // Another renderer: nothing is taken over.
  assert.equal(all(new PageKeys("other print", { last, remember: true })), all(new PageKeys("other print")), "renderer");
});

test.run();
