import { test } from "uvu";
import * as assert from "uvu/assert";
import { parseHTML } from "linkedom";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { imageId, responsiveVariants, socialSize, socialVariants, widthsFor } from "../../src/images/plan.ts";
import { unreadableAnimation } from "../../src/images/animation.ts";
import { leadPhotoWarning } from "../../src/images/social-minimums.ts";
import { nameCandidates, resolveImage } from "../../src/images/resolve-image.ts";
import { SourceIndex } from "../../src/images/source-index.ts";
import { articleImages, type SiteImages } from "../../src/pages/structured-data.ts";
import { resolveSettings } from "../../src/settings.ts";
import siteConfig from "../../site.config.ts";
import { animation, apng, avifSequence } from "../support/animations.ts";
import { pictureHtml, pictureOf } from "../../src/images/picture.ts";
import type { ImageEntry } from "../../src/images/image-store.ts";
import type { SourceInfo } from "../../src/images/source-index.ts";
import type { IncomingMessage, ServerResponse } from "node:http";
import { ImagesOnDemand } from "../../src/dev/images-on-demand.ts";

const settings = { widths: [480, 800, 1200, 1600], formats: ["avif", "webp"] as ("avif" | "webp")[], maxPixels: 50_000_000 };
const info = (width: number, height: number, extra: Partial<SourceInfo> = {}): SourceInfo => ({
  sha256: "ab".repeat(32),
  format: "jpeg",
  width,
  height,
  orientation: 1,
  alpha: false,
  ...extra,
});

test("widths: the configured ones the source can fill, plus its own width when it falls short of the largest", () => {
  assert.equal(widthsFor(4000, settings), [480, 800, 1200, 1600]);
  assert.equal(widthsFor(1600, settings), [480, 800, 1200, 1600]);
  assert.equal(widthsFor(1000, settings), [480, 800, 1000]);
  assert.equal(widthsFor(300, settings), [300], "a small image is never enlarged");
});

test("responsive variants: each format at each width, heights keep the aspect, EXIF rotation swaps the sides", () => {
  const id = imageId("ab".repeat(32), settings);
  const variants = responsiveVariants(id, info(3000, 2000), settings);
  assert.equal([...new Set(variants.map((v) => v.format))], ["avif", "webp", "jpeg"]);
  assert.is(variants.length, 12);
  assert.ok(variants.every((v) => v.name.startsWith(`${id.slice(0, 2)}/${id}-`)));
  assert.equal(variants.filter((v) => v.format === "jpeg").map((v) => [v.width, v.height]), [[480, 320], [800, 533], [1200, 800], [1600, 1067]]);
  const turned = responsiveVariants(id, info(3000, 2000, { orientation: 6 }), settings);
  assert.equal(turned.filter((v) => v.format === "jpeg").map((v) => [v.width, v.height]).at(-1), [1600, 2400]);
  const transparent = responsiveVariants(id, info(1000, 1000, { alpha: true }), settings);
  assert.ok(transparent.some((v) => v.format === "png") && !transparent.some((v) => v.format === "jpeg"), "PNG fallback keeps transparency");
});

test("the id changes with the content and with the settings, so URLs can be cached forever", () => {
  const a = imageId("ab".repeat(32), settings);
  assert.match(a, /^[0-9a-f]{16}$/);
  assert.is.not(imageId("cd".repeat(32), settings), a);
  assert.is.not(imageId("ab".repeat(32), { ...settings, widths: [400, 800] }), a);
  assert.is(imageId("ab".repeat(32), { ...settings }), a);
});

test("social crops: full size where the source allows, never enlarged", () => {
  assert.equal(socialSize("og", info(1600, 900)), { width: 1200, height: 630 });
  assert.equal(socialSize("1x1", info(1600, 900)), { width: 900, height: 900 });
  assert.equal(socialSize("4x3", info(1600, 900)), { width: 1200, height: 900 });
  assert.equal(socialSize("16x9", info(800, 600)), { width: 800, height: 450 });
  assert.equal(socialVariants("0123456789abcdef", info(4000, 3000)).map((v) => [v.crop, v.width, v.height, v.format]), [
    ["og", 1200, 630, "jpeg"],
    ["16x9", 1200, 675, "jpeg"],
    ["4x3", 1200, 900, "jpeg"],
    ["1x1", 1200, 1200, "jpeg"],
  ]);
});

test("<picture> markup: sources before the img, fallback src at most 1200 wide, lazy unless lead, alt escaped", () => {
  const id = imageId("ab".repeat(32), settings);
  const source = info(2000, 1000);
  const entry: ImageEntry = { id, file: "/x.jpg", info: source, width: 2000, height: 1000, responsive: responsiveVariants(id, source, settings) };
  const picture = pictureOf(entry, "/img/");
  const html = pictureHtml(picture, { alt: 'A "quoted" <b>alt</b> & more', sizes: "article" });
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  const el = document.querySelector("picture")!;
  assert.equal([...el.children].map((c) => c.tagName.toLowerCase()), ["source", "source", "img"]);
  const img = el.querySelector("img")!;
  assert.is(img.getAttribute("alt"), 'A "quoted" <b>alt</b> & more');
  assert.is(img.getAttribute("src"), `/img/${id.slice(0, 2)}/${id}-1200.jpg`);
  assert.equal([img.getAttribute("width"), img.getAttribute("height")], ["1200", "600"]);
  assert.equal([img.getAttribute("loading"), img.getAttribute("decoding"), img.getAttribute("fetchpriority")], ["lazy", "async", null]);
  const lead = parseHTML(`<!doctype html><html><body>${pictureHtml(picture, { alt: "", sizes: "article", lead: true })}</body></html>`).document.querySelector("img")!;
  assert.equal([lead.getAttribute("loading"), lead.getAttribute("fetchpriority")], [null, "high"]);
});

test("the preview's photo middleware answers a malformed address with 400 instead of crashing", () => {
  const on = new ImagesOnDemand("/nonexistent-preview");
  let status = 0;
  let passed = false;
  const res = { writeHead: (code: number) => ((status = code), { end: () => undefined }) } as unknown as ServerResponse;
  on.middleware({ url: "//[/x" } as IncomingMessage, res, () => (passed = true));
  assert.equal([status, passed], [400, false]);
  on.middleware({ url: "/world/" } as IncomingMessage, res, () => (passed = true));
  assert.ok(passed, "other requests go on to the static server");
});

test("animations: GIF and WebP frames are counted; APNG and AVIF sequences are found from the container, stills are not", async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "newsroom-animation-"));
  const index = await SourceIndex.open(path.join(dir, "cache"));
  const files: Record<string, Buffer> = {
    "loop.gif": await animation("gif", 120, 80, 4),
    "loop.webp": await animation("webp", 120, 80, 3),
    "still.gif": await sharp({ create: { width: 20, height: 20, channels: 3, background: "red" } }).gif().toBuffer(),
    "moving.png": apng(40, 30, [[255, 0, 0], [0, 255, 0]]),
    "one-frame.png": apng(40, 30, [[255, 0, 0]]),
    "still.png": await sharp({ create: { width: 20, height: 20, channels: 3, background: "red" } }).png().toBuffer(),
    "sequence.avif": await avifSequence(64, 48),
    "still.avif": await sharp({ create: { width: 64, height: 48, channels: 3, background: "red" } }).avif().toBuffer(),
  };
  const seen: Record<string, [number | undefined, string | undefined]> = {};
  for (const [name, bytes] of Object.entries(files)) {
    await fs.writeFile(path.join(dir, name), bytes);
    const found = await index.inspect(path.join(dir, name));
    seen[name] = [found.pages, found.unreadableAnimation];
  }
  assert.equal(seen, {
    "loop.gif": [4, undefined],
    "loop.webp": [3, undefined],
    "still.gif": [undefined, undefined],
    "moving.png": [undefined, "APNG"],
    "one-frame.png": [undefined, undefined],
    "still.png": [undefined, undefined],
    // sharp cannot read an AVIF sequence at all; the container still says what it is.
    "sequence.avif": [undefined, "AVIF sequence"],
    "still.avif": [undefined, undefined],
  });
  assert.is(unreadableAnimation(Buffer.from("GIF89a")), undefined);
  await fs.rm(dir, { recursive: true });
});

test("an animation is planned as animated WebP at each width and a GIF fallback up to 800 px; no AVIF; its id is not a still's", () => {
  const animated = info(1400, 700, { format: "gif", pages: 12 });
  const id = imageId("ab".repeat(32), settings, null, true);
  assert.is.not(id, imageId("ab".repeat(32), settings), "a still made of the same file by an earlier version has other names");
  const variants = responsiveVariants(id, animated, settings);
  assert.equal(variants.filter((v) => v.format === "webp").map((v) => v.width), [480, 800, 1200, 1400]);
  assert.equal(variants.filter((v) => v.format === "gif").map((v) => v.width), [480, 800]);
  assert.ok(variants.every((v) => v.animated && (v.format === "webp" || v.format === "gif")), "only animated WebP and GIF");
  // A small animation keeps its own width in both.
  assert.equal(responsiveVariants(id, info(300, 200, { format: "gif", pages: 3 }), settings).map((v) => [v.format, v.width]), [["webp", 300], ["gif", 300]]);
  // Social cards stay still JPEGs.
  assert.ok(socialVariants(id, animated).every((v) => v.format === "jpeg" && !v.animated));
  // The markup: a WebP source and a GIF <img>.
  const entry: ImageEntry = { id, file: "/x.gif", info: animated, width: 1400, height: 700, responsive: variants };
  const picture = pictureOf(entry, "/img/");
  assert.equal(picture.sources.map((s) => s.type), ["image/webp"]);
  assert.equal([picture.src, picture.width], [`/img/${id.slice(0, 2)}/${id}-800.gif`, 800]);
});

test("social crops too small for the networks are not made: Facebook 200×200 and X 300×157 for the card, Google's 50,000 pixels for the rest", () => {
  const kinds = (w: number, h: number) => socialVariants("0123456789abcdef", info(w, h)).map((v) => v.crop);
  assert.equal(kinds(160, 120), [], "the WhatsApp thumbnail: nothing");
  assert.equal(kinds(250, 250), ["1x1"], "250×131 card and 250×140 16:9 are too small; the 250×250 square is 62,500 pixels");
  assert.equal(kinds(400, 300), ["og", "16x9", "4x3", "1x1"], "400×210 card; 400×225 = 90,000 pixels");
  assert.equal(kinds(380, 300), ["16x9", "4x3", "1x1"], "a 380×199 card is under 200 high");
});

test("lead photo warnings: none from 1200 px wide, 'narrow' below, 'site card' when below the hard minimums", () => {
  const at = (w: number, h: number) => {
    const source = info(w, h);
    return leadPhotoWarning("articles/a.md", "p.jpg", { width: w, height: h, social: socialVariants("0123456789abcdef", source) });
  };
  assert.is(at(1600, 1000), undefined);
  assert.is(at(1200, 800), undefined);
  const narrow = at(1000, 667)!;
  assert.equal([narrow.file, narrow.field], ["articles/a.md", "image.src"]);
  assert.match(narrow.message, /"p\.jpg" is 1000×667 pixels, narrower than the 1200 pixels large previews need/);
  assert.match(narrow.hint, /at least 1200 pixels wide/);
  assert.match(at(160, 120)!.message, /160×120 pixels, below what social networks and search engines accept.*the social card \(og:image\) and the search engine image \(JSON-LD\) use the site's card instead/);
  assert.match(at(250, 250)!.message, /the social card \(og:image\) uses the site's card instead/);
});

test("NewsArticle.image: the lead photo's crops that were made, else the site's card", () => {
  const site = resolveSettings(siteConfig);
  const images = { card: { url: "https://x.org/card.png", width: 1200, height: 630, type: "image/png", alt: "" } } as SiteImages;
  const crop = (name: string) => ({ url: `/img/ab/${name}.jpg`, width: 300, height: 300 });
  assert.equal(articleImages(undefined, site, images), ["https://x.org/card.png"]);
  assert.equal(articleImages({}, site, images), ["https://x.org/card.png"], "no crop large enough");
  assert.equal(articleImages({ "1x1": crop("sq") }, site, images), [`${site.url.replace(/\/$/, "")}/img/ab/sq.jpg`]);
});

test("image names: percent-encoded, as typed, and composed or decomposed all lead to the file; frames count against the pixel limit", async () => {
  assert.equal(nameCandidates("Crowd%20at%20gate%20(2).jpg")[0], "Crowd at gate (2).jpg");
  assert.equal(nameCandidates("IMG%231.jpg")[0], "IMG#1.jpg");
  assert.ok(nameCandidates("50%off.jpg").includes("50%off.jpg"), "a bare % is not an escape");
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "newsroom-names-"));
  const decomposed = "Café Zoë.jpg".normalize("NFD");
  const names = ["Crowd at gate (2).jpg", "a%20b.jpg", decomposed, "写真 #1 [final].jpg"];
  for (const name of names) await fs.writeFile(path.join(dir, name), "x");
  const inspect = async () => info(100, 100);
  const found = async (src: string) => {
    const result = await resolveImage(src, dir, { inspect, maxPixels: 50_000_000 });
    return result.ok ? path.basename(result.image.file) : result.error;
  };
  assert.is(await found("Crowd%20at%20gate%20(2).jpg"), "Crowd at gate (2).jpg");
  assert.is(await found("Crowd at gate (2).jpg"), "Crowd at gate (2).jpg");
  assert.is(await found("a%20b.jpg"), "a%20b.jpg", "a name that holds %20 itself");
  assert.is(await found("Caf%C3%A9%20Zo%C3%AB.jpg"), decomposed, "NFC text, NFD file name (macOS)");
  assert.is(await found(encodeURI("写真 #1 [final].jpg").replace("#", "%23")), "写真 #1 [final].jpg");
  assert.is(await found("nope%20here.jpg"), "ImageMissing");
  const frames = await resolveImage("Crowd at gate (2).jpg", dir, { inspect: async () => info(1000, 1000, { format: "gif", pages: 60 }), maxPixels: 50_000_000 });
  assert.equal(frames.ok ? "ok" : [frames.error, frames.reason], ["ImageTooLarge", "1000×1000 pixels in 60 frames, more than 50,000,000"]);
  await fs.rm(dir, { recursive: true });
});

test.run();
