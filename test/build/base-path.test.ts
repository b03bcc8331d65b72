import fs from "node:fs/promises";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { parseHTML } from "linkedom";
import { article, createFixture, jpeg, type Fixture } from "../support/fixture-site.ts";
import { existsInSite } from "../support/site-files.ts";

/**
 * A site served from https://example.org/news/: every link, asset, feed and sitemap URL in every
 * file written must stay under /news/, and every one of them must lead to a file that exists.
 */

const BASE = "https://example.org/news";
// Attributes that hold URLs, and those holding lists of them.
const URL_ATTRIBUTES = ["href", "src", "action", "poster", "data"];

let fixture: Promise<Fixture> | undefined;
function site(): Promise<Fixture> {
  fixture ??= (async () => {
    const f = await createFixture(
      {
        "world/with-photo/index.md": article(
          { title: "With photo", tags: ["Diplomacy"], authors: ["Asha Menon"], image: { src: "p.jpg", alt: "A photo", caption: "Caption | Credit" } },
          "See [the other story](/world/plain/), [a relative link](../plain/) and [the section](/world/).\n\n![Chart](chart.jpg \"A chart | Newsroom\")",
        ),
        "world/with-photo/p.jpg": await jpeg(1600, 900),
        "world/with-photo/chart.jpg": await jpeg(800, 500),
        "world/plain.md": article({ title: "Plain", date: "2023-08-31T10:00:00+05:30" }),
      },
      { url: `${BASE}/` },
    );
    const result = await f.build();
    if (!result.ok) throw new Error(result.message);
    return f;
  })();
  return fixture;
}

async function files(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(path.join(entry.parentPath, entry.name));
  }
  return out;
}

test("every URL in every HTML page stays under the base path and leads to a file that exists", async () => {
  const f = await site();
  const pages = (await files(f.output)).filter((p) => p.endsWith(".html"));
  assert.ok(pages.length > 10, `${pages.length} pages`);
  let checked = 0;
  const missing: string[] = [];
  for (const file of pages) {
    const { document } = parseHTML(await fs.readFile(file, "utf8"));
    const where = path.relative(f.output, file);
    const urls: string[] = [];
    for (const el of document.querySelectorAll("*")) {
      for (const name of URL_ATTRIBUTES) {
        const value = el.getAttribute(name);
        if (value) urls.push(value);
      }
      const srcset = el.getAttribute("srcset");
      if (srcset) urls.push(...srcset.split(",").map((c) => c.trim().split(/\s+/)[0]!));
      if (el.tagName === "META" && /^https?:/.test(el.getAttribute("content") ?? "")) urls.push(el.getAttribute("content")!);
    }
    for (const script of document.querySelectorAll('script[type="application/ld+json"]')) {
      urls.push(...((script.textContent ?? "").match(/https?:\/\/[^"\\]+/g) ?? []));
    }
    // Relative URLs resolve against the page's own address (under the base path).
    const pageUrl = `${BASE}/${where.replace(/index\.html$/, "")}`;
    for (const raw of urls) {
      if (raw.startsWith("#") || raw.startsWith("mailto:")) continue;
      // Normalised, so "/news/../x" cannot pass as under /news/.
      const url = /^https?:/.test(raw) ? new URL(raw).href : raw.startsWith("/") ? new URL(raw, BASE).pathname : new URL(raw, pageUrl).href;
      if (/^https?:/.test(url)) {
        const { origin } = new URL(url);
        if (origin !== new URL(BASE).origin) continue; // other sites: share links, social profiles
        assert.ok(url.startsWith(`${BASE}/`), `${where}: ${url} escapes the base path`);
      } else {
        assert.ok(url.startsWith("/news/"), `${where}: ${url} is not under /news/`);
      }
      checked++;
      if (!(await existsInSite(f.output, url.startsWith("/") ? url.slice("/news".length) : url, BASE))) missing.push(`${where}: ${url}`);
    }
  }
  assert.ok(checked > 100, `${checked} URLs checked`);
  assert.equal(missing, [], "every URL leads to a file");
});

test("feeds, sitemaps, robots.txt and the manifest use the base path too", async () => {
  const f = await site();
  const text = (await files(f.output)).filter((p) => /\.(xml|json|txt|webmanifest)$/.test(p));
  assert.ok(text.some((p) => p.endsWith("sitemap.xml")) && text.some((p) => p.endsWith("feed.json")), "sitemap and feeds written");
  for (const file of text) {
    const body = await fs.readFile(file, "utf8");
    const ours = (body.match(/https?:\/\/example\.org[^\s"'<>\\]*/g) ?? []);
    for (const url of ours) {
      assert.ok(url.startsWith(`${BASE}/`), `${path.relative(f.output, file)}: ${url}`);
      assert.ok(await existsInSite(f.output, url.replace(/&amp;/g, "&"), BASE), `${path.relative(f.output, file)}: ${url} exists`);
    }
  }
  const manifest = JSON.parse(await fs.readFile(path.join(f.output, "manifest.webmanifest"), "utf8")) as { start_url: string; icons: { src: string }[] };
  assert.is(manifest.start_url, "./");
  for (const icon of manifest.icons) assert.not.match(icon.src, /^\//, "icons relative to the manifest");
});

test("404.html is at the output root and its links work from any address", async () => {
  const f = await site();
  const { document } = parseHTML(await fs.readFile(path.join(f.output, "404.html"), "utf8"));
  const hrefs = [...document.querySelectorAll("a[href], link[href]")].map((a) => a.getAttribute("href")!).filter((h) => !h.startsWith("#") && !/^https?:/.test(h));
  assert.ok(hrefs.length > 5);
  for (const href of hrefs) assert.match(href, /^\/news\//, "root-relative under the base, so it works at any depth");
});

test.run();
