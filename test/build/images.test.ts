import fs from "node:fs/promises";
import path from "node:path";
import { deflateSync } from "node:zlib";
import sharp from "sharp";
import { HtmlValidate } from "html-validate";
import { test } from "uvu";
import * as assert from "uvu/assert";
import os from "node:os";
import { ImageStore } from "../../src/images/image-store.ts";
import { buildSite } from "../../src/build/build.ts";
import type { BuildReport } from "../../src/build/build-report.ts";
import { animation, apng, avifSequence } from "../support/animations.ts";
import { assertReported } from "../support/report.ts";
import { article, createFixture, jpeg, type Fixture } from "../support/fixture-site.ts";
import { readPage, text } from "../support/html.ts";

/**
 * The image pipeline end to end: real fixture sites built into temp folders, pages read with a
 * parser, output files read back with sharp.
 */

/** A JPEG with structure (gradient and shapes), EXIF with GPS, and the options given. */
async function photo(width: number, height: number, options: { orientation?: number; icc?: string; seed?: number } = {}): Promise<Buffer> {
  const seed = options.seed ?? 1;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="g"><stop offset="0" stop-color="#${(seed * 2654435761 % 0xffffff).toString(16).padStart(6, "0")}"/><stop offset="1" stop-color="#203040"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/><circle cx="${width * 0.7}" cy="${height * 0.4}" r="${height / 5}" fill="#f0d0a0"/></svg>`;
  let image = sharp(Buffer.from(svg)).withExif({
    IFD0: { Copyright: "Test agency", Make: "TestCam" },
    IFD3: { GPSLatitudeRef: "N", GPSLatitude: "39/1 54/1 0/1", GPSLongitudeRef: "E", GPSLongitude: "116/1 23/1 0/1" },
  });
  if (options.orientation) image = image.withMetadata({ orientation: options.orientation });
  if (options.icc) image = image.withIccProfile(options.icc);
  return image.jpeg({ quality: 90 }).toBuffer();
}

async function writeFile(site: Fixture, name: string, content: string | Buffer): Promise<void> {
  const file = path.join(site.root, "articles", name);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, content);
}

async function built(site: Fixture, env: Parameters<Fixture["build"]>[0] = {}) {
  const result = await site.build(env);
  if (!result.ok) assert.unreachable(`the build failed:\n${result.message}`);
  return result as { ok: true; images?: import("../../src/images/image-store.ts").ImageReport };
}

function outputFile(site: Fixture, url: string): string {
  return path.join(site.output, decodeURI(url));
}

let shared: Promise<{ site: Fixture; first: Awaited<ReturnType<typeof built>> }> | undefined;
/** One site for the markup tests: a lead photo (EXIF orientation 6, P3 profile, GPS) and an inline chart. */
function photoSite() {
  shared ??= (async () => {
    const site = await createFixture({
      "science/with-photos/index.md": article(
        { section: "science", image: { src: "lead.jpg", alt: "Lead alt", caption: "Lead caption.", credit: "AP" } },
        'Intro.\n\n![Chart alt](charts/chart%20one.jpg "A chart of things. | Newsroom graphics")\n\nMore.',
      ),
      "science/with-photos/lead.jpg": await photo(1000, 1400, { orientation: 6, icc: "p3" }),
      "science/with-photos/charts/chart one.jpg": await photo(640, 400, { seed: 2 }),
    });
    return { site, first: await built(site) };
  })();
  return shared;
}

test("the lead photo is a <picture> with AVIF and WebP sources in every width up to the source's, sized and loaded first", async () => {
  const { site } = await photoSite();
  const doc = await readPage(site.output, "/science/with-photos/");
  const picture = doc.querySelector(".article > figure.figure--lead picture")!;
  assert.ok(picture, "lead <picture>");
  const sources = [...picture.querySelectorAll("source")];
  assert.equal(sources.map((s) => s.getAttribute("type")), ["image/avif", "image/webp"]);
  // The source is 1000×1400 stored, turned by EXIF orientation 6: displayed 1400 wide, 1000 high.
  for (const source of sources) {
    const widths = source.getAttribute("srcset")!.split(", ").map((c) => c.split(" ")[1]);
    assert.equal(widths, ["480w", "800w", "1200w", "1400w"], "configured widths up to the source, then the source's own");
    assert.match(source.getAttribute("sizes")!, /42rem/);
  }
  const img = picture.querySelector("img")!;
  assert.equal([img.getAttribute("width"), img.getAttribute("height")], ["1200", "857"]);
  assert.is(img.getAttribute("fetchpriority"), "high");
  assert.is(img.getAttribute("loading"), null, "the lead photo is not lazy");
  assert.is(img.getAttribute("alt"), "Lead alt");
  assert.equal(img.getAttribute("srcset")!.split(", ").length, 4);
  assert.is(text(doc.querySelector(".article > figure .figure__caption")), "Lead caption.");
  assert.is(text(doc.querySelector(".article > figure .figure__credit")), "AP");

  // Every URL in the markup exists, with the size its descriptor claims.
  const candidates = [...sources, img].flatMap((el) => el.getAttribute("srcset")!.split(", ").map((c) => c.split(" ")));
  for (const [url, descriptor] of candidates) {
    const meta = await sharp(outputFile(site, url!)).metadata();
    assert.is(`${meta.width}w`, descriptor, url);
  }
  const avif = await sharp(outputFile(site, sources[0]!.getAttribute("srcset")!.split(" ")[0]!)).metadata();
  assert.is(avif.format, "heif");
  assert.is(avif.compression, "av1");
});

test("outputs are upright, sRGB and carry no metadata (no EXIF, no GPS, no camera)", async () => {
  const { site } = await photoSite();
  const doc = await readPage(site.output, "/science/with-photos/");
  const source = path.join(site.root, "articles/science/with-photos/lead.jpg");
  const before = await sharp(source).metadata();
  assert.ok(before.exif && before.orientation === 6 && before.icc, "the fixture has EXIF, orientation and a P3 profile");
  const urls = [...doc.querySelectorAll(".article > figure source, .article > figure img")].flatMap((el) =>
    el.getAttribute("srcset")!.split(", ").map((c) => c.split(" ")[0]!),
  );
  for (const url of urls) {
    const meta = await sharp(outputFile(site, url)).metadata();
    assert.is(meta.exif, undefined, `${url} has no EXIF`);
    assert.is(meta.orientation, undefined, `${url} needs no orientation`);
    assert.ok(meta.width! > meta.height!, `${url} is upright (landscape)`);
    assert.ok(meta.icc === undefined && meta.space === "srgb", `${url} is plain sRGB`);
  }
});

test("inline figures become <picture> too, lazy, and keep their caption and credit; originals are not published", async () => {
  const { site } = await photoSite();
  const doc = await readPage(site.output, "/science/with-photos/");
  const figure = doc.querySelector(".article__body figure")!;
  const img = figure.querySelector("picture > img")!;
  assert.equal([img.getAttribute("width"), img.getAttribute("height")], ["640", "400"]);
  assert.equal([img.getAttribute("loading"), img.getAttribute("decoding"), img.getAttribute("fetchpriority")], ["lazy", "async", null]);
  assert.is(img.getAttribute("alt"), "Chart alt");
  assert.equal(img.getAttribute("srcset")!.split(", ").map((c) => c.split(" ")[1]), ["480w", "640w"]);
  assert.is(figure.querySelectorAll("source").length, 2);
  assert.is(text(figure.querySelector("figcaption .figure__caption")), "A chart of things.");
  assert.is(text(figure.querySelector("figcaption .figure__credit")), "Newsroom graphics");
  for (const name of ["lead.jpg", "charts/chart one.jpg", "index.md"]) {
    const there = await fs.access(path.join(site.output, "science/with-photos", name)).then(() => true, () => false);
    assert.not.ok(there, `${name} is not copied to the site`);
  }
});

test("the lead photo gives a 1200×630 social card and 16:9, 4:3 and 1:1 crops; inline photos give none", async () => {
  const { site } = await photoSite();
  const dirs = await fs.readdir(path.join(site.output, "img"));
  const files = (await Promise.all(dirs.map((d) => fs.readdir(path.join(site.output, "img", d))))).flat();
  const crops = files.filter((f) => /-(og|16x9|4x3|1x1)\.jpg$/.test(f));
  assert.is(crops.length, 4, crops.join(", "));
  const sizeOf = async (kind: string) => {
    const file = crops.find((f) => f.endsWith(`-${kind}.jpg`))!;
    const meta = await sharp(path.join(site.output, "img", file.slice(0, 2), file)).metadata();
    return [meta.width, meta.height];
  };
  // Displayed source 1400×1000: the card and 16:9 fit at full size; 4:3 and 1:1 are as large as it allows.
  assert.equal(await sizeOf("og"), [1200, 630]);
  assert.equal(await sizeOf("16x9"), [1200, 675]);
  assert.equal(await sizeOf("4x3"), [1200, 900]);
  assert.equal(await sizeOf("1x1"), [1000, 1000]);
});

test("the cache: a second build after deleting the output encodes nothing; a changed photo is the only one encoded", async () => {
  const { site, first } = await photoSite();
  assert.equal([first.images?.total, first.images?.encoded, first.images?.reused], [2, 2, 0]);
  const cacheDir = path.join(site.root, ".cache/images");
  const cacheFiles = async () => {
    const out = new Map<string, number>();
    for (const dir of await fs.readdir(cacheDir, { withFileTypes: true })) {
      if (!dir.isDirectory()) continue;
      for (const f of await fs.readdir(path.join(cacheDir, dir.name))) out.set(f, (await fs.stat(path.join(cacheDir, dir.name, f))).mtimeMs);
    }
    return out;
  };
  const before = await cacheFiles();
  const pageBefore = await fs.readFile(path.join(site.output, "science/with-photos/index.html"), "utf8");

  await fs.rm(site.output, { recursive: true });
  const second = await built(site);
  assert.equal([second.images?.encoded, second.images?.reused, second.images?.failed.length], [0, 2, 0], "nothing encoded");
  assert.equal(await cacheFiles(), before, "no cache file rewritten");
  assert.is(await fs.readFile(path.join(site.output, "science/with-photos/index.html"), "utf8"), pageBefore, "same page, same URLs");
  const doc = await readPage(site.output, "/science/with-photos/");
  for (const img of doc.querySelectorAll("picture img")) await fs.access(outputFile(site, img.getAttribute("src")!));

  // Editing the chart changes its content hash: one photo encoded, under new names.
  await writeFile(site, "science/with-photos/charts/chart one.jpg", await photo(640, 400, { seed: 3 }));
  const third = await built(site);
  assert.equal([third.images?.encoded, third.images?.reused], [1, 1]);
  const newSrc = (await readPage(site.output, "/science/with-photos/")).querySelector(".article__body img")!.getAttribute("src");
  assert.is.not(newSrc, doc.querySelector(".article__body img")!.getAttribute("src"));
});

test("one photo used by two articles is encoded once and published once", async () => {
  const picture = await photo(900, 600, { seed: 7 });
  const site = await createFixture({
    "world/one/index.md": article({ title: "One", image: { src: "same.jpg", alt: "a" } }),
    "world/one/same.jpg": picture,
    "world/two/index.md": article({ title: "Two" }, "![b](copy.jpg)"),
    "world/two/copy.jpg": picture,
  });
  const result = await built(site);
  assert.equal([result.images?.total, result.images?.encoded], [1, 1]);
  const one = (await readPage(site.output, "/world/one/")).querySelector("figure img")!.getAttribute("src")!;
  const two = (await readPage(site.output, "/world/two/")).querySelector("figure img")!.getAttribute("src")!;
  assert.is(one.replace(/-\d+\.jpg$/, ""), two.replace(/-\d+\.jpg$/, ""), "same content, same names");
  // The home page's lead story shows the photo first, sized for its column.
  const card = (await readPage(site.output, "/")).querySelector(".lead-story picture img.card__image")!;
  assert.ok(card, "lead story photo");
  assert.equal([card.getAttribute("fetchpriority"), card.getAttribute("alt"), card.getAttribute("width")], ["high", "", "900"]);
  assert.match(card.getAttribute("sizes")!, /58vw/);
});

/** A PNG whose header claims `width`×`height` pixels: a few bytes that would need gigabytes to decode. */
function pngBomb(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const byte of buf) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const out = Buffer.alloc(8 + data.length + 4);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk("IHDR", ihdr), chunk("IDAT", deflateSync(Buffer.alloc(width + 1))), chunk("IEND", Buffer.alloc(0))]);
}

test("every kind of bad image fails the build with the article, the image and a fix; nothing outside the project is read", async () => {
  const good = await jpeg(600, 400);
  const site = await createFixture({ "world/fine.md": article({ title: "Fine" }) });
  await built(site);
  const pageBefore = await fs.readFile(path.join(site.output, "world/fine/index.html"), "utf8");
  const outside = path.join(path.dirname(site.root), `newsroom-outside-${process.pid}.jpg`);
  await fs.writeFile(outside, good);
  const files: Record<string, string | Buffer> = {
    "world/missing/index.md": article({ image: { src: "nope.jpg", alt: "a" } }),
    "world/up/index.md": article({}, "![a](../../../outside.jpg)"),
    "world/absolute/index.md": article({ image: { src: outside, alt: "a" } }),
    "world/linked/index.md": article({ image: { src: "linked.jpg", alt: "a" } }),
    "world/svg/index.md": article({}, "![logo](logo.svg)"),
    "world/svg/logo.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>',
    "world/disguised/index.md": article({ image: { src: "photo.jpg", alt: "a" } }),
    "world/disguised/photo.jpg": '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>',
    "world/garbage/index.md": article({ image: { src: "photo.jpg", alt: "a" } }),
    "world/garbage/photo.jpg": Buffer.from("this is not a jpeg at all"),
    "world/text/index.md": article({}, "![notes](notes.txt)"),
    "world/text/notes.txt": "hello",
    "world/bomb/index.md": article({}, "![huge](huge.png)"),
    "world/bomb/huge.png": pngBomb(30000, 30000),
    "world/remote/index.md": article({ image: { src: "https://example.com/a.jpg", alt: "a" } }),
  };
  for (const [name, content] of Object.entries(files)) await writeFile(site, name, content);
  await fs.symlink(outside, path.join(site.root, "articles/world/linked/linked.jpg"));

  const result = await site.build();
  assert.is(result.ok, false);
  const message = result.ok ? "" : result.message;
  const expected: [string, string, RegExp, RegExp][] = [
    ["world/missing/index.md", "image.src", /"nope\.jpg" does not exist/, /Put the image file in the article's folder .*src: photo\.jpg/],
    ["world/up/index.md", "body", /"\.\.\/\.\.\/\.\.\/outside\.jpg" points outside the article's folder/, /Images must sit beside the article/],
    ["world/absolute/index.md", "image.src", /points outside the article's folder/, /Images must sit beside the article/],
    ["world/linked/index.md", "image.src", /"linked\.jpg" points outside the article's folder/, /Images must sit beside the article/],
    ["world/svg/index.md", "body", /"logo\.svg" is an SVG file: SVG can carry script/, /Export the graphic as PNG/],
    ["world/disguised/index.md", "image.src", /"photo\.jpg" is an SVG file/, /Export the graphic as PNG/],
    ["world/garbage/index.md", "image.src", /"photo\.jpg" could not be read as an image/, /export it again as JPEG or PNG/],
    ["world/text/index.md", "body", /"notes\.txt" is not a JPEG, PNG/, /Export the image as JPEG/],
    ["world/bomb/index.md", "body", /"huge\.png" is 30000×30000 pixels, more than 50,000,000/, /Resize it/],
    ["world/remote/index.md", "image.src", /is a web address/, /Download the image/],
  ];
  assertReported(message, expected);
  assert.is(await fs.readFile(path.join(site.output, "world/fine/index.html"), "utf8"), pageBefore, "the previous site is untouched");
  await fs.rm(outside);
});

test("a photo whose header reads but whose data is cut off fails at encoding, naming every article that uses it", async () => {
  const truncated = (await photo(800, 600, { seed: 9 })).subarray(0, 2500);
  const site = await createFixture({
    "world/truncated/index.md": article({ image: { src: "cut.jpg", alt: "a" } }),
    "world/truncated/cut.jpg": truncated,
    "world/again/index.md": article({ title: "Again" }, "Text.\n\n![same](same.jpg)"),
    "world/again/same.jpg": truncated,
  });
  const result = await site.build();
  assert.is(result.ok, false);
  assertReported(result.ok ? "" : result.message, [
    ["world/truncated/index.md", "image.src", /"cut\.jpg" could not be read as an image \(.+\)/, /export it again as JPEG or PNG/],
    ["world/again/index.md", "body", /"same\.jpg" could not be read as an image/, /export it again as JPEG or PNG/],
  ]);
  assert.not.ok(await fs.access(site.output).then(() => true, () => false), "no site written");
});


test("the preview does not wait for photos: pages are written before any photo is encoded", async () => {
  const site = await createFixture({
    "world/pic/index.md": article({ image: { src: "p.jpg", alt: "a" } }),
    "world/pic/p.jpg": await photo(800, 500, { seed: 11 }),
  });
  const result = await built(site, { preview: true });
  assert.is(result.images, undefined, "no image run in a preview build");
  const img = (await readPage(site.output, "/world/pic/")).querySelector("picture img")!;
  assert.match(img.getAttribute("src")!, /^\/img\/[0-9a-f]{2}\/[0-9a-f]{16}-800\.jpg$/);
  const cached = await fs.readdir(path.join(site.root, ".cache/images")).catch(() => []);
  assert.ok(!cached.some((d) => /^[0-9a-f]{2}$/.test(d)), "nothing encoded yet");
});

test("the image store: stores sharing a cache encode together without failing, a renamed photo still works, files deleted from the cache are made again, a photo changed mid-build is refused", async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "newsroom-store-"));
  const cacheDir = path.join(dir, "cache");
  const settings = { widths: [320, 640], formats: ["webp" as const], maxPixels: 50_000_000 };
  const a = path.join(dir, "a.jpg");
  await fs.writeFile(a, await photo(700, 400, { seed: 21 }));
  const one = new ImageStore({ cacheDir, settings });
  const two = new ImageStore({ cacheDir, settings });
  const entry = await one.add(a, { lead: true });
  await two.add(a, { lead: false });
  // Eight runs at once in two "processes" (as the preview server and a build may): all succeed.
  const reports = await Promise.all([...Array(4)].flatMap(() => [one.ensure(), two.ensure()]));
  assert.equal(reports.map((r) => r.failed.length), [0, 0, 0, 0, 0, 0, 0, 0], JSON.stringify(reports.map((r) => r.failed)));
  const out = path.join(dir, "site");
  assert.ok((await one.publish(out, "img")) >= 4 + 4, "responsive files and crops placed");

  // Renamed, same content: same id, and it encodes from the new place.
  const b = path.join(dir, "b.jpg");
  await fs.rename(a, b);
  const moved = await one.add(b, { lead: true });
  assert.is(moved.id, entry.id);
  // Files deleted from the cache behind its records are made again when published.
  const victim = entry.responsive[0]!.name;
  await fs.rm(path.join(cacheDir, victim));
  await fs.rm(path.join(out, "img", victim));
  await one.publish(out, "img");
  await fs.access(path.join(out, "img", victim));
  await fs.access(path.join(cacheDir, victim));

  // A photo rewritten between reading and encoding is refused, not stored under the old name.
  const c = path.join(dir, "c.jpg");
  await fs.writeFile(c, await photo(700, 400, { seed: 22 }));
  const fresh = new ImageStore({ cacheDir, settings });
  await fresh.add(c, { lead: false });
  await fs.writeFile(c, await photo(700, 400, { seed: 23 }));
  const report = await fresh.ensure();
  assert.is(report.failed.length, 1);
  assert.match(report.failed[0]!.reason, /changed while the site was being built/);
  await fs.rm(dir, { recursive: true });
});

// ---- Real-world photos (issue 8): the cases' own inputs, and other inputs of each kind. ----

const CASES = path.join(import.meta.dirname, "../fixtures/cases");

/** Builds like `npm run build` at a moment after the cases' dates, returning the build report. */
async function buildWithReport(site: Fixture): Promise<BuildReport> {
  const saved = process.env.NEWSROOM_NOW;
  process.env.NEWSROOM_NOW = "2023-10-01T12:00:00+05:30";
  try {
    return (await buildSite({ root: site.root, output: "_site", quiet: true })).report;
  } finally {
    if (saved === undefined) delete process.env.NEWSROOM_NOW;
    else process.env.NEWSROOM_NOW = saved;
  }
}

const NFD_NAME = "Café Zoë.jpg".normalize("NFD");

let realWorld: Promise<{ site: Fixture; report: BuildReport }> | undefined;
/** One site: cases 05, 10 and 15 as committed, plus an animated WebP lead, 1000 and 1600 px leads and more file names. */
function realWorldSite() {
  realWorld ??= (async () => {
    const name = await jpeg(640, 400);
    const site = await createFixture({
      "world/animated-lead/index.md": article({ title: "Animated lead", image: { src: "loop.webp", alt: "A loop" } }),
      "world/animated-lead/loop.webp": await animation("webp", 640, 400, 4),
      "world/lead-1000/index.md": article({ title: "Lead 1000", image: { src: "p.jpg", alt: "a" } }),
      "world/lead-1000/p.jpg": await photo(1000, 667, { seed: 31 }),
      "world/lead-1600/index.md": article({ title: "Lead 1600", image: { src: "p.jpg", alt: "a" } }),
      "world/lead-1600/p.jpg": await photo(1600, 900, { seed: 32 }),
      "sport/file-names/index.md": article(
        { title: "File names", section: "sport" },
        [
          "![one](IMG_0412 (1).JPEG)",
          "![two](Shot #2 [final].jpg 'Second | AP')",
          "![three](मतदान 写真.jpg)",
          "![four](Café Zoë.jpg)",
          "![five](Crowd%20at%20gate.jpg)",
          "![six](50% off.jpg)",
        ].join("\n\n"),
      ),
      ...Object.fromEntries(
        ["IMG_0412 (1).JPEG", "Shot #2 [final].jpg", "मतदान 写真.jpg", NFD_NAME, "Crowd at gate.jpg", "50% off.jpg"].map((n) => [`sport/file-names/${n}`, name]),
      ),
    });
    for (const folder of ["05-animated-gif", "10-tiny-lead-photo", "15-image-filename-with-spaces"]) {
      await fs.cp(path.join(CASES, folder, "articles"), path.join(site.root, "articles"), { recursive: true });
    }
    return { site, report: await buildWithReport(site) };
  })();
  return realWorld;
}

/** Every URL in a <picture>'s srcsets, with its width descriptor. */
function candidates(picture: Element): { url: string; width: string; type: string }[] {
  return [...picture.querySelectorAll("source, img")].flatMap((el) =>
    el.getAttribute("srcset")!.split(", ").map((c) => {
      const [url, width] = c.split(" ");
      return { url: url!, width: width!, type: el.getAttribute("type") ?? "img" };
    }),
  );
}

test("case 05: an animated GIF stays animated: animated WebP at each width, an animated GIF fallback, no AVIF, every frame and delay kept", async () => {
  const { site, report } = await realWorldSite();
  assert.equal(report.images?.failed, []);
  const doc = await readPage(site.output, "/science/radar-loop-shows-cyclone-track/");
  const picture = doc.querySelector(".article__body figure picture")!;
  assert.ok(picture, "the loop is a <picture>");
  assert.equal([...picture.querySelectorAll("source")].map((s) => s.getAttribute("type")), ["image/webp"]);
  const img = picture.querySelector("img")!;
  assert.match(img.getAttribute("src")!, /^\/img\/[0-9a-f]{2}\/[0-9a-f]{16}-640\.gif$/);
  assert.equal([img.getAttribute("width"), img.getAttribute("height")], ["640", "360"]);
  const all = candidates(picture);
  assert.equal(all.map((c) => `${c.type} ${c.width}`), ["image/webp 480w", "image/webp 640w", "img 480w", "img 640w"]);
  for (const { url, width } of all) {
    const meta = await sharp(outputFile(site, url), { animated: true }).metadata();
    assert.is(meta.format, url.endsWith(".webp") ? "webp" : "gif", url);
    assert.is(`${meta.width}w`, width, url);
    assert.equal([meta.pages, meta.delay, meta.loop], [3, [500, 500, 500], 0], `${url} has the source's three frames, timing and loop`);
  }
});

test("an animated WebP lead photo stays animated on the page; its social card is a still JPEG (networks show stills)", async () => {
  const { site } = await realWorldSite();
  const doc = await readPage(site.output, "/world/animated-lead/");
  const picture = doc.querySelector(".article > figure picture")!;
  for (const { url } of candidates(picture)) {
    assert.is((await sharp(outputFile(site, url), { animated: true }).metadata()).pages, 4, url);
  }
  const card = doc.querySelector('meta[property="og:image"]')!.getAttribute("content")!;
  assert.match(card, /\/img\/[0-9a-f]{2}\/[0-9a-f]{16}-og\.jpg$/);
  const meta = await sharp(outputFile(site, new URL(card).pathname)).metadata();
  assert.equal([meta.format, meta.pages ?? 1, meta.width, meta.height], ["jpeg", 1, 640, 336]);
});

test("case 10: a 160×120 lead photo: og:image and JSON-LD use the site's card, and the build report warns; 1000 px keeps its card and warns; 1600 px neither", async () => {
  const { site, report } = await realWorldSite();
  const siteCard = (await readPage(site.output, "/")).querySelector('meta[property="og:image"]')!.getAttribute("content")!;
  assert.match(siteCard, /\/assets\/social-card\.png$/);
  const head = async (url: string) => {
    const doc = await readPage(site.output, url);
    const og = (p: string) => doc.querySelector(`meta[property="og:image${p}"]`)?.getAttribute("content");
    const ld = JSON.parse(doc.querySelector('script[type="application/ld+json"]')!.textContent!) as { "@type": string; image: string[] }[];
    return { og: og(""), size: [og(":width"), og(":height")], type: og(":type"), jsonLd: ld.find((d) => d["@type"] === "NewsArticle")!.image, lead: doc.querySelector(".article > figure img") };
  };
  const warned = (file: string) => report.warnings.filter((w) => w.file === file && w.field === "image.src");

  const tiny = await head("/india/tiny-lead-photo/");
  assert.equal([tiny.og, tiny.size, tiny.type], [siteCard, ["1200", "630"], "image/png"]);
  assert.equal(tiny.jsonLd, [siteCard]);
  assert.ok(tiny.lead, "the photo itself is still published on the page");
  const [tinyWarning] = warned("articles/india/tiny-lead-photo/index.md");
  assert.match(tinyWarning?.message ?? "", /"thumbnail-from-whatsapp\.jpg" is 160×120 pixels, below what social networks and search engines accept.*site's card instead/);
  assert.match(tinyWarning?.hint ?? "", /at least 1200 pixels wide/);

  const medium = await head("/world/lead-1000/");
  assert.match(medium.og!, /-og\.jpg$/);
  assert.equal(medium.size, ["1000", "525"]);
  assert.equal(medium.jsonLd.length, 3);
  assert.ok(medium.jsonLd.every((u) => /-(16x9|4x3|1x1)\.jpg$/.test(u)));
  assert.match(warned("articles/world/lead-1000/index.md")[0]?.message ?? "", /1000×667 pixels, narrower than the 1200 pixels large previews need/);

  const large = await head("/world/lead-1600/");
  assert.equal(large.size, ["1200", "630"]);
  assert.equal(warned("articles/world/lead-1600/index.md"), []);
});

test("case 15: file names with spaces and brackets, in the body (as typed or in <angle brackets>) and as the lead photo, all become photos", async () => {
  const { site } = await realWorldSite();
  const doc = await readPage(site.output, "/sport/derby-photos-with-spaces/");
  assert.not.ok(text(doc.querySelector("main")).includes("!["), "no raw markdown on the page");
  const figures = [...doc.querySelectorAll(".article figure")];
  assert.is(figures.length, 3, "lead photo and two inline figures");
  for (const figure of figures) {
    const img = figure.querySelector("picture img");
    assert.ok(img, "a <picture>");
    for (const { url } of candidates(figure.querySelector("picture")!)) {
      assert.match(url, /^\/img\/[0-9a-f]{2}\/[0-9a-f]{16}-\d+\.(avif|webp|jpg)$/, "content-hashed names: no spaces in URLs");
      await fs.access(outputFile(site, url));
    }
  }
  assert.equal(
    figures.map((f) => f.querySelector("img")!.getAttribute("alt")),
    ["A green frame with the text IMG 0412, standing in for a photo of the derby.", "The crowd queues at the north gate", "The late goal"],
  );
  assert.equal(figures.slice(1).map((f) => [text(f.querySelector(".figure__caption")), text(f.querySelector(".figure__credit"))]), [
    ["Fans queue at the north gate", "Photo: Newsroom sample"],
    ["The late goal", "Photo: Newsroom sample"],
  ]);

  const names = await readPage(site.output, "/sport/file-names/");
  assert.not.ok(text(names.querySelector("main")).includes("!["));
  assert.equal([...names.querySelectorAll(".article__body figure picture img")].map((i) => i.getAttribute("alt")), ["one", "two", "three", "four", "five", "six"]);
});

test("pages with animations, tiny leads and odd file names are valid HTML (html-validate, the sample site's rules)", async () => {
  const { site } = await realWorldSite();
  const validator = new HtmlValidate({
    extends: ["html-validate:recommended"],
    rules: { "long-title": "off", "no-redundant-role": "off", "no-trailing-whitespace": "off" },
  });
  const failures: string[] = [];
  for (const page of ["/science/radar-loop-shows-cyclone-track/", "/world/animated-lead/", "/india/tiny-lead-photo/", "/sport/derby-photos-with-spaces/", "/sport/file-names/", "/"]) {
    const file = path.join(site.output, page, "index.html");
    const report = await validator.validateString(await fs.readFile(file, "utf8"), file);
    for (const result of report.results) for (const m of result.messages) failures.push(`${page}:${m.line}:${m.column} ${m.ruleId}: ${m.message}`);
  }
  assert.equal(failures, []);
});

test("image references that cannot be published are errors naming the line and the fix; APNG and AVIF sequences are refused, saying why; nothing is written", async () => {
  const site = await createFixture({
    "world/refs/index.md": article(
      {},
      ["Intro.", "", "![Crowd](Crowd at gate (3).jpg)", "", "Text with ![no extension](some file) in it.", "", "![loop](moving.png)", "", '![ok](<Late goal.jpg> "Fine")'].join("\n"),
    ),
    "world/refs/moving.png": apng(60, 40, [[200, 0, 0], [0, 200, 0], [0, 0, 200]]),
    "world/refs/Late goal.jpg": await jpeg(300, 200),
    "world/sequence/index.md": article({ title: "Sequence", image: { src: "loop.avif", alt: "a" } }),
    "world/sequence/loop.avif": await avifSequence(64, 48),
  });
  const result = await site.build();
  assert.is(result.ok, false);
  const message = result.ok ? "" : result.message;
  // article() writes 4 front matter fields between two fences: the body starts on line 7.
  assertReported(message, [
    ["world/refs/index.md", "body", /line 9: "Crowd at gate \(3\)\.jpg" does not exist/, /Put the image file in the article's folder .*!\[What it shows\]\(photo\.jpg/],
    ["world/refs/index.md", "body", /line 11: "!\[no extension\]\(some file\)" is not read as an image/, /angle brackets.*or rename the file/],
    ["world/refs/index.md", "body", /line 13: "moving\.png" is an animated PNG \(APNG\): the image pipeline reads only its first frame/, /Save the animation as an animated GIF or WebP/],
    ["world/sequence/index.md", "image.src", /"loop\.avif" is an animated AVIF \(an image sequence\)/, /Save the animation as an animated GIF or WebP/],
  ]);
  assert.not.ok(message.includes("Late goal"), "the good reference is not reported");
  assert.not.ok(await fs.access(site.output).then(() => true, () => false), "nothing written");
});

test.run();
