import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { DateTime } from "luxon";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { codeFingerprint } from "../../src/build/fingerprint.ts";
import type { Article } from "../../src/content/article.ts";
import { ArticleCache, articleDigest, articleFingerprint, readCacheFile, sha256 } from "../../src/content/article-cache.ts";
import { implausibleDates, plausibleFrom } from "../../src/content/plausible-dates.ts";
import { ImageStore } from "../../src/images/image-store.ts";
import { loadArticles } from "../../src/content/load-articles.ts";
import { createMarkdown } from "../../src/markdown/create-markdown.ts";
import { takeReport } from "../../src/build/build-report.ts";
import { article, jpeg } from "../support/fixture-site.ts";
import { resolveSettings } from "../../src/settings.ts";
import base from "../../site.config.ts";

/** The article cache's file and its rules for reuse, without Eleventy (builds: test/build/article-cache.test.ts). */

const site = resolveSettings(base);
const NOW = new Date("2023-09-01T12:00:00Z");
const HOUR = 3_600_000;

async function tempDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), "newsroom-article-cache-"));
}

function fakeArticle(file: string, html: string, timestamp = Date.parse("2023-08-30T10:00:00Z")): Article {
  return {
    digest: `digest of ${file}`, file, slug: path.basename(file, ".md"), url: `/world/${path.basename(file, ".md")}/`,
    section: { key: "world", label: "World", url: "/world/" }, title: `Title of ${file}`, description: "Standfirst.",
    date: new Date(timestamp).toISOString(), timestamp, tags: [{ name: "Rain", slug: "rain", url: "/tags/rain/" }],
    authors: [{ name: "Asha Menon", slug: "asha-menon" }], image: undefined, html, status: "published", images: [], related: [],
  };
}

/** A project with article files written an hour ago (old enough for their stat to be trusted). */
async function project(files: Record<string, string>) {
  const root = await tempDir();
  for (const [name, text] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await fs.writeFile(path.join(root, name), text);
    const then = new Date(Date.now() - HOUR);
    await fs.utimes(path.join(root, name), then, then);
  }
  const images = new ImageStore({ cacheDir: path.join(root, ".cache/images"), settings: site.images });
  const reuse = (cache: ArticleCache, file: string, now = NOW) => cache.reuse(file, { absFile: path.join(root, file), images, imageBase: "/img/", now });
  const remember = async (cache: ArticleCache, file: string, article: Article, extra: { draft?: boolean; validFrom?: number } = {}) => {
    const bytes = await fs.readFile(path.join(root, file));
    cache.remember(file, { article, stat: await fs.stat(path.join(root, file)), facts: { sha256: sha256(bytes), draft: extra.draft ?? false, validFrom: extra.validFrom ?? 0 }, warnings: [] });
  };
  return { root, dir: path.join(root, ".cache/newsroom"), reuse, remember };
}

/** A cache opened under "print" with articles/a.md and articles/b.md of project `p` remembered. */
async function cacheOfTwo(p: Awaited<ReturnType<typeof project>>): Promise<ArticleCache> {
  const cache = new ArticleCache(p.dir);
  await cache.open("print");
  await p.remember(cache, "articles/a.md", fakeArticle("articles/a.md", "<p>a</p>"));
  await p.remember(cache, "articles/b.md", fakeArticle("articles/b.md", "<p>b</p>"));
  return cache;
}

const HTML = {
  "articles/a.md": "<p>Plain ASCII.</p>",
  "articles/b.md": "<p>हिन्दी पाठ – “quotes” and 🌧️ emoji.</p>",
  "articles/c.md": "",
};

test("saved articles come back whole in a new process (non-Latin text, empty bodies), with their status computed for the clock", async () => {
  const p = await project({ "articles/a.md": "a", "articles/b.md": "bb", "articles/c.md": "ccc" });
  const cache = new ArticleCache(p.dir);
  await cache.open("print");
  for (const [file, html] of Object.entries(HTML)) await p.remember(cache, file, fakeArticle(file, html, Date.parse("2023-09-02T00:00:00Z")), { draft: file === "articles/c.md" });
  await cache.save(Object.keys(HTML));

  const again = new ArticleCache(p.dir);
  await again.open("print");
  assert.is(again.size, 3);
  for (const [file, html] of Object.entries(HTML)) {
    const reused = await p.reuse(again, file);
    assert.ok(reused.ok, file);
    if (!reused.ok) continue;
    const { status, ...rest } = reused.article;
    const { status: _s, ...expected } = fakeArticle(file, html, Date.parse("2023-09-02T00:00:00Z"));
    assert.equal(rest, expected, file);
    assert.is(status, file === "articles/c.md" ? "draft" : "embargoed", `${file} at the earlier clock`);
    const later = await p.reuse(again, file, new Date("2023-09-03T00:00:00Z"));
    assert.is(later.ok && later.article.status, file === "articles/c.md" ? "draft" : "published", `${file} at the later clock`);
  }
});

test("bytes read ahead are used for the cache file they were read from, and only for it", async () => {
  const p = await project({ "articles/a.md": "a", "articles/b.md": "bb", "articles/c.md": "ccc" });
  const cache = new ArticleCache(p.dir);
  await cache.open("print");
  for (const [file, html] of Object.entries(HTML)) await p.remember(cache, file, fakeArticle(file, html, Date.parse("2023-09-02T00:00:00Z")), { draft: false });
  await cache.save(Object.keys(HTML));
  const bytes = await fs.readFile(cache.file);
  // The file is gone now: only the bytes read ahead can fill the cache.
  await fs.rm(cache.file);
  const ahead = new ArticleCache(p.dir);
  await ahead.open("print", { prefetched: { file: cache.file, data: Promise.resolve(bytes) } });
  assert.is(ahead.size, 3);
  // Bytes read from another file (another cache folder) are not taken for this one.
  const other = new ArticleCache(p.dir);
  await other.open("print", { prefetched: { file: `${cache.file}.other`, data: Promise.resolve(bytes) } });
  assert.is(other.size, 0);
  // A read ahead that failed: the file is read as usual (none there: an empty cache).
  const failed = new ArticleCache(p.dir);
  await failed.open("print", { prefetched: { file: cache.file, data: Promise.resolve(undefined) } });
  assert.is(failed.size, 0);
});

test("a save after a load copies unchanged records and encodes only the changed one; the file reads back whole", async () => {
  const p = await project({ "articles/a.md": "a", "articles/b.md": "bb", "articles/c.md": "ccc" });
  const first = new ArticleCache(p.dir);
  await first.open("print");
  for (const [file, html] of Object.entries(HTML)) await p.remember(first, file, fakeArticle(file, html));
  await first.save(Object.keys(HTML));
  const second = new ArticleCache(p.dir);
  await second.open("print");
  await p.remember(second, "articles/b.md", fakeArticle("articles/b.md", "<p>Changed – बदला</p>"));
  await second.save(Object.keys(HTML));
  // And once more from the records the last save wrote.
  await p.remember(second, "articles/c.md", fakeArticle("articles/c.md", "<p>c</p>"));
  await second.save(Object.keys(HTML));
  const third = new ArticleCache(p.dir);
  await third.open("print");
  const html = async (file: string) => {
    const r = await p.reuse(third, file);
    return r.ok ? r.article.html : undefined;
  };
  assert.is(await html("articles/a.md"), HTML["articles/a.md"]);
  assert.is(await html("articles/b.md"), "<p>Changed – बदला</p>");
  assert.is(await html("articles/c.md"), "<p>c</p>");
});

test("the naming step's replacement of tags and authors does not reach the stored article", async () => {
  const p = await project({ "articles/a.md": "a" });
  const cache = new ArticleCache(p.dir);
  await cache.open("print");
  const loaded = fakeArticle("articles/a.md", "<p>x</p>");
  await p.remember(cache, "articles/a.md", loaded);
  loaded.tags = [{ name: "Renamed", slug: "renamed", url: "/tags/renamed/" }];
  const first = await p.reuse(cache, "articles/a.md");
  assert.ok(first.ok);
  if (first.ok) first.article.tags.push({ name: "Extra", slug: "extra", url: "/tags/extra/" });
  const second = await p.reuse(cache, "articles/a.md");
  assert.equal(second.ok && second.article.tags.map((t) => t.name), ["Rain"]);
});

test("another fingerprint (settings, code) uses nothing stored", async () => {
  const p = await project({ "articles/a.md": "a" });
  const cache = new ArticleCache(p.dir);
  await cache.open("print-1");
  await p.remember(cache, "articles/a.md", fakeArticle("articles/a.md", "<p>x</p>"));
  await cache.save(["articles/a.md"]);
  const other = new ArticleCache(p.dir);
  await other.open("print-2");
  assert.is(other.size, 0);
  assert.not.ok((await p.reuse(other, "articles/a.md")).ok);
  assert.equal(await readCacheFile(path.join(p.dir, "articles.cache"), "print-2"), { ok: false, reason: "settings or code changed" });
});

test("a full build ignores what is stored", async () => {
  const p = await project({ "articles/a.md": "a" });
  const cache = new ArticleCache(p.dir);
  await cache.open("print");
  await p.remember(cache, "articles/a.md", fakeArticle("articles/a.md", "<p>x</p>"));
  await cache.save(["articles/a.md"]);
  const full = new ArticleCache(p.dir);
  await full.open("print", { full: true });
  assert.not.ok((await p.reuse(full, "articles/a.md")).ok);
});

test("a file with a new time and the same bytes is reused and its new stat kept; other bytes are not, and are handed back", async () => {
  const p = await project({ "articles/a.md": "same bytes", "articles/b.md": "old text" });
  const cache = await cacheOfTwo(p);
  const then = new Date(Date.now() - 2 * HOUR);
  await fs.utimes(path.join(p.root, "articles/a.md"), then, then);
  await fs.writeFile(path.join(p.root, "articles/b.md"), "new text");
  await fs.utimes(path.join(p.root, "articles/b.md"), then, then);

  assert.ok((await p.reuse(cache, "articles/a.md")).ok, "same bytes");
  const changed = await p.reuse(cache, "articles/b.md");
  assert.not.ok(changed.ok, "other bytes");
  assert.is(!changed.ok && changed.bytes?.toString(), "new text", "the bytes read to compare are handed to the loader");

  await cache.save(["articles/a.md", "articles/b.md"]);
  const read = await readCacheFile(path.join(p.dir, "articles.cache"), "print");
  assert.ok(read.ok);
  const now = await fs.stat(path.join(p.root, "articles/a.md"));
  if (read.ok) assert.is(read.entries.get("articles/a.md")!.mtimeMs, now.mtimeMs, "the new time is trusted from now on");
});

test("a file written moments ago is compared by bytes next time, not trusted by its stat", async () => {
  const p = await project({});
  await fs.mkdir(path.join(p.root, "articles"), { recursive: true });
  await fs.writeFile(path.join(p.root, "articles/a.md"), "fresh");
  const cache = new ArticleCache(p.dir);
  await cache.open("print");
  await p.remember(cache, "articles/a.md", fakeArticle("articles/a.md", "<p>a</p>"));
  await cache.save(["articles/a.md"]);
  const read = await readCacheFile(path.join(p.dir, "articles.cache"), "print");
  assert.is(read.ok && read.entries.get("articles/a.md")!.mtimeMs, -1);
  // Rewritten with the same size within the same instant a coarse clock would show: still caught.
  const stat = await fs.stat(path.join(p.root, "articles/a.md"));
  await fs.writeFile(path.join(p.root, "articles/a.md"), "FRESH");
  await fs.utimes(path.join(p.root, "articles/a.md"), stat.atime, stat.mtime);
  assert.not.ok((await p.reuse(cache, "articles/a.md")).ok);
});

test("the next build (the preview's, in one process) is given the same article while it holds, set afresh; a new status gives a new one", async () => {
  const p = await project({ "articles/a.md": "a" });
  const cache = new ArticleCache(p.dir);
  await cache.open("print");
  // Embargoed until an hour after NOW.
  await p.remember(cache, "articles/a.md", fakeArticle("articles/a.md", "<p>a</p>", NOW.getTime() + HOUR));
  const first = await p.reuse(cache, "articles/a.md");
  assert.ok(first.ok && first.article.status === "embargoed");
  if (!first.ok) return;
  // What a build does to it: names its tags, links related articles.
  first.article.tags = [{ name: "RAIN", slug: "rain", url: "/tags/rain/" }];
  first.article.related = [fakeArticle("articles/b.md", "")];
  const second = await p.reuse(cache, "articles/a.md");
  assert.ok(second.ok && second.article === first.article, "the same object");
  assert.equal(second.ok && [second.article.tags.map((t) => t.name), second.article.related], [["Rain"], []], "tags as stored, no related articles yet");
  const later = await p.reuse(cache, "articles/a.md", new Date(NOW.getTime() + 2 * HOUR));
  assert.ok(later.ok && later.article !== first.article && later.article.status === "published", "published now: a new object");
  assert.equal(first.article.status, "embargoed", "the one given before keeps its status");
});

test("an entry saved again after it was given to a build is saved as stored, not as the build left the article", async () => {
  const p = await project({ "articles/a.md": "a", "articles/b.md": "b" });
  const cache = await cacheOfTwo(p);
  // A new time on the same bytes (a checkout): the entry is encoded again at the next save.
  const then = new Date(Date.now() - 2 * HOUR);
  await fs.utimes(path.join(p.root, "articles/a.md"), then, then);
  const a = await p.reuse(cache, "articles/a.md");
  const b = await p.reuse(cache, "articles/b.md");
  assert.ok(a.ok && b.ok);
  if (!a.ok || !b.ok) return;
  // What a build does to the articles it is given: related lists, which can lead back to the
  // article itself (a cycle JSON cannot write) or fan out over the archive.
  a.article.related = [b.article];
  b.article.related = [a.article];
  await cache.save(["articles/a.md", "articles/b.md"]);
  const read = await readCacheFile(path.join(p.dir, "articles.cache"), "print");
  assert.ok(read.ok, "saved");
  if (!read.ok) return;
  const entry = read.entries.get("articles/a.md")!;
  // (As the file system stores it: a time set from a Date can come back a microsecond off.)
  assert.is(entry.mtimeMs, (await fs.stat(path.join(p.root, "articles/a.md"))).mtimeMs, "the new time was saved");
  assert.not.ok("given" in entry, "nothing held in memory only");
  assert.equal(Object.keys(entry.article).sort(), Object.keys(read.entries.get("articles/b.md")!.article).sort());
});

test("an article is reused only at a clock that accepts its dates", async () => {
  const p = await project({ "articles/a.md": "a" });
  const cache = new ArticleCache(p.dir);
  await cache.open("print");
  await p.remember(cache, "articles/a.md", fakeArticle("articles/a.md", "<p>a</p>"), { validFrom: NOW.getTime() });
  assert.ok((await p.reuse(cache, "articles/a.md", NOW)).ok, "at the clock it was checked against");
  assert.ok((await p.reuse(cache, "articles/a.md", new Date(NOW.getTime() + HOUR))).ok, "later");
  assert.not.ok((await p.reuse(cache, "articles/a.md", new Date(NOW.getTime() - 1))).ok, "earlier");
});

test("saving drops the entries of files that no longer exist, and writes nothing when nothing changed", async () => {
  const p = await project({ "articles/a.md": "a", "articles/b.md": "b" });
  const cache = await cacheOfTwo(p);
  await cache.save(["articles/a.md", "articles/b.md"]);
  await cache.save(["articles/b.md"]);
  const read = await readCacheFile(path.join(p.dir, "articles.cache"), "print");
  assert.equal(read.ok && [...read.entries.keys()], ["articles/b.md"]);
  const before = await fs.stat(path.join(p.dir, "articles.cache"));
  await new Promise((resolve) => setTimeout(resolve, 20));
  await cache.save(["articles/b.md"]);
  assert.is((await fs.stat(path.join(p.dir, "articles.cache"))).mtimeMs, before.mtimeMs, "not rewritten");
  assert.equal((await fs.readdir(p.dir)).sort(), ["articles.cache"], "no temp file left");
});

test("a cache folder that cannot be written does not fail the load (it is only a cache)", async () => {
  const p = await project({ "articles/a.md": "a" });
  // A file where the folder should be: mkdir fails.
  await fs.mkdir(path.dirname(p.dir), { recursive: true });
  await fs.writeFile(p.dir, "not a folder");
  const cache = new ArticleCache(p.dir);
  await cache.open("print");
  await p.remember(cache, "articles/a.md", fakeArticle("articles/a.md", "<p>a</p>"));
  await cache.save(["articles/a.md"]);
  assert.is(await fs.readFile(p.dir, "utf8"), "not a folder");
});

test("a truncated, damaged, foreign or missing file reads as no cache, with the reason", async () => {
  const p = await project({ "articles/a.md": "a" });
  const cache = new ArticleCache(p.dir);
  await cache.open("print");
  await p.remember(cache, "articles/a.md", fakeArticle("articles/a.md", "<p>some body text</p>"));
  await cache.save(["articles/a.md"]);
  const file = path.join(p.dir, "articles.cache");
  const good = await fs.readFile(file);
  const reasons: string[] = [];
  const versions = [good.subarray(0, good.length - 1), Buffer.concat([good, Buffer.from("x")]), flipped(good, good.length - 5), flipped(good, good.indexOf(0x0a) + 3), Buffer.from("PK\x03\x04 zip"), Buffer.from(good.toString("latin1").replace(/^NEWSROOM-ARTICLES \d+ /, "NEWSROOM-ARTICLES 0 "), "latin1")];
  for (const bytes of versions) {
    await fs.writeFile(file, bytes);
    const read = await readCacheFile(file, "print");
    assert.not.ok(read.ok);
    if (!read.ok) reasons.push(read.reason);
  }
  await fs.rm(file);
  const missing = await readCacheFile(file, "print");
  assert.equal(missing, { ok: false, reason: "none saved" });
  assert.equal(reasons.slice(0, -1), ["truncated", "truncated", "damaged (checksum)", "damaged (checksum)", "not an article cache"]);
  assert.match(reasons.at(-1)!, /^format 0, not \d+$/);
});

function flipped(bytes: Buffer, at: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[at] = copy[at]! ^ 0x01;
  return copy;
}

test("loadArticles from the cache gives articles deep-equal to a fresh load, digests included; a changed photo changes the digest", async () => {
  const p = await project({
    "articles/world/photo/index.md": article({ title: "Photo", tags: ["Rain", "rain"], authors: ["Asha Menon"], image: { src: "lead.jpg", alt: "Lead", credit: "AP" } }, "Text.\n\n![Chart](chart.jpg)"),
    "articles/world/plain.md": article({ title: "Plain", draft: true }, "Plain *text* – हिन्दी."),
  });
  await fs.writeFile(path.join(p.root, "articles/world/photo/lead.jpg"), await jpeg(1300, 800));
  await fs.writeFile(path.join(p.root, "articles/world/photo/chart.jpg"), await jpeg(400, 300));
  const load = async (cache: ArticleCache) => {
    const images = new ImageStore({ cacheDir: path.join(p.root, ".cache/images"), settings: site.images });
    const articles = await loadArticles({ root: p.root, articlesDir: "articles", site, md: createMarkdown(site.markdown), images, imageBase: "/img/", cache }, NOW);
    return { articles, counts: takeReport().articles };
  };
  const cold = await load(new ArticleCache(p.dir));
  const warm = await load(new ArticleCache(p.dir));
  assert.equal(cold.counts, { total: 2, read: 2, reused: 0 });
  assert.equal(warm.counts, { total: 2, read: 0, reused: 2 });
  // As plain data: a stored article has no key for an absent optional field (`updated: undefined`
  // is not written), which no template can tell apart.
  const plain = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;
  assert.equal(plain(warm.articles), plain(cold.articles));
  assert.is(warm.articles[0]!.html, cold.articles[0]!.html);
  assert.ok(cold.articles[0]!.image?.picture.sources.length, "the lead photo's picture is remade in full");
  await fs.writeFile(path.join(p.root, "articles/world/photo/chart.jpg"), await jpeg(500, 300));
  const changed = await load(new ArticleCache(p.dir));
  assert.equal(changed.counts, { total: 2, read: 1, reused: 1 });
  const digest = (r: typeof cold, file: string) => r.articles.find((a) => a.file === file)!.digest;
  assert.is.not(digest(changed, "articles/world/photo/index.md"), digest(cold, "articles/world/photo/index.md"));
  assert.is(digest(changed, "articles/world/plain.md"), digest(cold, "articles/world/plain.md"));
});

test("plausibleFrom is the first clock implausibleDates accepts (date far ahead, update in the future)", () => {
  const context = (now: number) => ({ now: new Date(now), embargoLimitDays: 30, timezone: "Asia/Kolkata", language: "en" });
  const cases = [
    { date: "2024-03-01T09:00:00+05:30" },
    { date: "2023-01-01T09:00:00+05:30", updated: "2024-02-01T10:30:00+05:30" },
    { date: "2024-03-01T09:00:00+05:30", updated: "2024-03-02T00:00:00+05:30" },
  ];
  for (const c of cases) {
    const date = DateTime.fromISO(c.date);
    const updated = c.updated ? DateTime.fromISO(c.updated) : undefined;
    const from = plausibleFrom({ date: date.toMillis(), updated: updated?.toMillis() }, 30);
    const dates = { date: { text: c.date, value: date }, updated: c.updated ? { text: c.updated, value: updated! } : undefined };
    assert.equal(implausibleDates("a.md", dates, context(from)), [], `${JSON.stringify(c)} accepted at ${new Date(from).toISOString()}`);
    assert.ok(implausibleDates("a.md", dates, context(from - 1)).length > 0, `${JSON.stringify(c)} refused a millisecond before`);
  }
});

test("the digest changes with the path, the bytes and each photo's id; the fingerprint with settings and code", async () => {
  const digest = articleDigest("articles/a.md", "bytes-1", ["img-1", "img-2"]);
  assert.match(digest, /^[0-9a-f]{64}$/);
  assert.is(articleDigest("articles/a.md", "bytes-1", ["img-1", "img-2"]), digest, "stable");
  for (const other of [
    articleDigest("articles/b.md", "bytes-1", ["img-1", "img-2"]),
    articleDigest("articles/a.md", "bytes-2", ["img-1", "img-2"]),
    articleDigest("articles/a.md", "bytes-1", ["img-1", "img-3"]),
    articleDigest("articles/a.md", "bytes-1", ["img-2", "img-1"]),
    articleDigest("articles/a.md", "bytes-1", ["img-1"]),
  ]) {
    assert.is.not(other, digest);
  }
  const code = await codeFingerprint();
  assert.match(code, /^[0-9a-f]{64}$/);
  assert.is(await codeFingerprint(), code, "computed once");
  const print = articleFingerprint({ site, encoder: {}, imageBase: "/img/", code });
  assert.is.not(articleFingerprint({ site: { ...site, sections: { ...site.sections, world: { label: "Earth" } } }, encoder: {}, imageBase: "/img/", code }), print);
  assert.is.not(articleFingerprint({ site, encoder: { jpeg: { quality: 90 } }, imageBase: "/img/", code }), print);
  assert.is.not(articleFingerprint({ site, encoder: {}, imageBase: "/img/", code: "other code" }), print);
});

test.run();
