import { test } from "uvu";
import * as assert from "uvu/assert";
import { parseHTML } from "linkedom";
import { imageId, responsiveVariants, socialSize, socialVariants, widthsFor } from "../../src/images/plan.ts";
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

test.run();
