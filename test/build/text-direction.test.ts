import { test } from "uvu";
import * as assert from "uvu/assert";
import { toSlug } from "../../src/content/slug.ts";
import { article, createFixture, type Fixture } from "../support/fixture-site.ts";
import { readPage, text } from "../support/html.ts";

// Languages and directions in built pages, beyond case 16's Arabic site (which the browser test
// test/browser/phones-and-scripts.test.ts covers): a Hebrew site with an English and an Arabic
// article, an English site with an Urdu article, and a `language:` that is not a language tag.

let hebrew: Fixture;
let built: Promise<void>;

test.before(() => {
  built = (async () => {
    hebrew = await createFixture(
      {
        "world/hebrew-story.md": article({ title: "שיחות המים חודשו", tags: ["מים"], authors: ["כתבת", "John Smith", "Asha Menon"] }),
        "world/english-story.md": article({ title: "Water talks resume", language: "en-GB", tags: ["מים"], date: "2023-08-29T10:00:00+03:00" }),
        "world/arabic-story.md": article({ title: "استئناف محادثات المياه", language: "AR", tags: ["מים"], date: "2023-08-28T10:00:00+03:00" }),
      },
      { language: "he-IL", timezone: "Asia/Jerusalem", sections: { world: { label: "עולם" } }, authors: {} },
    );
    const result = await hebrew.build();
    if (!result.ok) throw new Error(result.message);
  })();
});

test("a Hebrew site: every page is dir=rtl with the site's lang", async () => {
  await built;
  for (const page of ["/", "/world/", "/world/hebrew-story/", `/tags/${toSlug("מים")}/`, "/404.html"]) {
    const doc = await readPage(hebrew.output, page);
    assert.is(doc.documentElement.getAttribute("lang"), "he-IL", page);
    assert.is(doc.documentElement.getAttribute("dir"), "rtl", page);
  }
});

test("articles in another language carry lang and dir, on their page and on their cards; others inherit", async () => {
  await built;
  const expected = [
    ["/world/english-story/", "en-GB", "ltr"],
    ["/world/arabic-story/", "ar", "rtl"],
    ["/world/hebrew-story/", null, null],
  ] as const;
  const section = await readPage(hebrew.output, "/world/");
  for (const [url, lang, dir] of expected) {
    const doc = await readPage(hebrew.output, url);
    const el = doc.querySelector("article.article")!;
    assert.is(el.getAttribute("lang"), lang, `${url} lang`);
    assert.is(el.getAttribute("dir"), dir, `${url} dir`);
    const card = [...section.querySelectorAll("article.card")].find((c) => c.querySelector(`.card__title a[href="${url}"]`));
    assert.ok(card, `card of ${url}`);
    assert.is(card!.getAttribute("lang"), lang, `card of ${url} lang`);
    assert.is(card!.getAttribute("dir"), dir, `card of ${url} dir`);
    // The byline and the card's section and date are in the site's language, whatever the article's.
    if (lang) {
      assert.is(doc.querySelector(".byline")!.getAttribute("lang"), "he-IL");
      assert.is(card!.querySelector(".card__meta")!.getAttribute("lang"), "he-IL");
    }
  }
});

test("bylines join names with the site language's connectors, each name isolated", async () => {
  await built;
  const doc = await readPage(hebrew.output, "/world/hebrew-story/");
  const byline = doc.querySelector(".byline__authors")!;
  assert.equal([...byline.querySelectorAll("bdi")].map((b) => b.textContent), ["כתבת", "John Smith", "Asha Menon"]);
  assert.match(text(byline), /^By כתבת, John Smith ו-?Asha Menon$/);
});

test("an English site with an Urdu article: the article alone is right to left", async () => {
  const site = await createFixture({ "world/urdu.md": article({ title: "پانی پر مذاکرات", language: "ur-PK" }) });
  const result = await site.build();
  assert.ok(result.ok, JSON.stringify(result));
  const doc = await readPage(site.output, "/world/urdu/");
  assert.is(doc.documentElement.getAttribute("dir"), "ltr");
  assert.is(doc.querySelector("article.article")!.getAttribute("dir"), "rtl");
  assert.is(doc.querySelector("article.article")!.getAttribute("lang"), "ur-PK");
});

test("a language: that is not a language tag stops the build, naming the file and field, with the fix", async () => {
  const site = await createFixture({ "world/bad-language.md": article({ language: "English" }) });
  const result = await site.build();
  assert.not.ok(result.ok);
  if (result.ok) return;
  assert.match(result.message, /articles\/world\/bad-language\.md/);
  assert.match(result.message, /language: should be a language tag/);
  assert.match(result.message, /language: en/);
});

test.run();
