import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Article } from "../../src/content/article.ts";
import { PageKeys } from "../../src/pages/page-keys.ts";

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
  const image = { src: "/img/a.jpg", alt: "A", width: 800, height: 500, picture: { sources: [], fallback: { src: "/img/a.jpg", width: 800, height: 500 } } } as unknown as Article["image"];
  assert.is.not(keys.article(story({ image })), base, "lead photo");
  assert.is.not(new PageKeys("other print").article(story()), base, "renderer");
});

test.run();
