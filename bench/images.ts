import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * `npm run bench:images [-- N] [--only ours|eleventy-img]`: how fast responsive images are made.
 *
 * Generates N photo-like JPEGs of 6 megapixels (3000×2000, every fourth one 2000×3000) in a temp
 * folder, then makes widths 480/800/1200/1600 in AVIF, WebP and JPEG from all of them with
 *   - ours: src/images/image-store.ts (ImageStore.add for each file, then ensure()), and
 *   - eleventy-img: @11ty/eleventy-img 6.0.4, `Image(file, options)` for every file at once, its
 *     own queue deciding the concurrency,
 * each cold (empty output folder) and then warm (same folder, everything already there).
 * It prints images per second for each phase and the ratios the goals are about: our cold at
 * least as fast as eleventy-img's cold, our warm under 5% of our cold.
 *
 * Every phase runs in a fresh child process (this file again, with `--phase`). A warm run in
 * the same process would measure eleventy-img's in-memory promise cache (and whatever our store
 * keeps in memory), not the disk cache a second `npm run build` relies on; fresh processes also
 * keep the two sides from sharing one process, which matters because eleventy-img 6.0.4 brings
 * its own sharp (0.33, libvips 8.15) next to ours (0.34, libvips 8.17). The child times only the
 * work, with performance.now(), after its modules are loaded; process start-up is not counted.
 *
 * Encoder options: eleventy-img gets no sharp*Options, so it uses sharp's defaults; ours uses
 * whatever ImageStore sets (src/images/encode.ts). The output counts and sizes per phase are
 * printed so a reader can see both sides did the same work.
 */

const WIDTHS = [480, 800, 1200, 1600];
/** eleventy-img is asked for all three formats. */
const ELEVENTY_FORMATS = ["avif", "webp", "jpeg"];
/** ImageStore adds the fallback (JPEG, or PNG for images with alpha) to the formats it is given. */
const OUR_FORMATS: Array<"avif" | "webp"> = ["avif", "webp"];
const PHASES = ["ours-cold", "ours-warm", "ours-sharp-defaults-cold", "eleventy-img-cold", "eleventy-img-warm"] as const;
type Phase = (typeof PHASES)[number];
const RESULT_MARK = "BENCH_RESULT ";

interface PhaseResult {
  phase: Phase;
  ms: number;
  /** Ours only: the part spent in store.add() (inspecting and hashing the sources). */
  addMs?: number;
  maxRssMB: number;
  report?: { encoded: number; reused: number; failed: number };
  sharp: { sharp: string; vips: string; aom?: string; webp?: string; mozjpeg?: string; concurrency: number };
  queueConcurrency?: number;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const thisFile = fileURLToPath(import.meta.url);
const argv = process.argv.slice(2);

if (argv[0] === "--phase") {
  const result = await runPhase(argv[1] as Phase, argv[2]!);
  console.log(RESULT_MARK + JSON.stringify(result));
} else {
  await main();
}

// ---------------------------------------------------------------------------------------------
// Parent: generate, run the four phases, print.

async function main(): Promise<void> {
  const onlyAt = argv.indexOf("--only");
  const only = onlyAt >= 0 ? argv[onlyAt + 1] : undefined;
  if (only !== undefined && only !== "ours" && only !== "eleventy-img") throw new Error("--only takes ours or eleventy-img");
  const n = Number(argv.find((a, i) => /^\d+$/.test(a) && (onlyAt < 0 || i !== onlyAt + 1)) ?? 12);
  if (!Number.isInteger(n) || n < 1) throw new Error("usage: npm run bench:images -- [N] [--only ours|eleventy-img]");
  const phases = PHASES.filter((p) => only === undefined || p.startsWith(only + "-"));

  const work = await fs.mkdtemp(path.join(os.tmpdir(), "newsroom-bench-images-"));
  try {
    const sharp = (await import("sharp")).default;
    console.log(`Image bench: ${n} sources, widths ${WIDTHS.join("/")}, formats avif/webp/jpeg, each phase in a fresh process.`);
    console.log(
      `Machine: ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim() ?? "?"}), availableParallelism ${os.availableParallelism()}, ` +
        `${(os.totalmem() / 2 ** 30).toFixed(1)} GB RAM, Node ${process.version}, ${process.platform}/${process.arch}, ` +
        `UV_THREADPOOL_SIZE ${process.env.UV_THREADPOOL_SIZE ?? "4 (default)"}`,
    );

    const started = performance.now();
    const sources = await generateSources(sharp, path.join(work, "src"), n);
    const bytes = sources.reduce((sum, s) => sum + s.bytes, 0);
    console.log(
      `Generated ${n} JPEGs (${(bytes / 2 ** 20).toFixed(1)} MB, ${((bytes / n) / 2 ** 20).toFixed(2)} MB each on average, ` +
        `all different) in ${((performance.now() - started) / 1000).toFixed(1)} s: ${work}`,
    );
    console.log("");

    const outDir: Record<Phase, string> = {
      "ours-cold": path.join(work, "ours-cache"),
      "ours-warm": path.join(work, "ours-cache"),
      "ours-sharp-defaults-cold": path.join(work, "ours-sharp-defaults-cache"),
      "eleventy-img-cold": path.join(work, "eleventy-img-out"),
      "eleventy-img-warm": path.join(work, "eleventy-img-out"),
    };
    const rows: Array<PhaseResult & { written: Written }> = [];
    for (const phase of phases) {
      process.stdout.write(`running ${phase} …`);
      const before = await snapshot(outDir[phase]);
      const result = runChild(phase, work);
      const written = diff(before, await snapshot(outDir[phase]));
      process.stdout.write(` ${(result.ms / 1000).toFixed(2)} s\n`);
      rows.push({ ...result, written });
    }
    console.log("");
    printTable(rows, n);
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
}

function runChild(phase: Phase, work: string): PhaseResult {
  const out = execFileSync(process.execPath, ["--import", "tsx", thisFile, "--phase", phase, work], {
    cwd: path.join(here, ".."),
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 64 * 1024 * 1024,
  });
  const line = out.split("\n").find((l) => l.startsWith(RESULT_MARK));
  if (!line) throw new Error(`${phase}: the child printed no result. Its output:\n${out}`);
  return JSON.parse(line.slice(RESULT_MARK.length)) as PhaseResult;
}

function printTable(rows: Array<PhaseResult & { written: Written }>, n: number): void {
  const by = new Map(rows.map((r) => [r.phase, r]));
  const header = ["phase", "seconds", "images/s", "written: avif webp jpeg (other)", "per image", "output MB", "peak RSS MB", "notes"];
  const table = rows.map((r) => {
    const notes: string[] = [];
    if (r.report) notes.push(`encoded ${r.report.encoded}, reused ${r.report.reused}, failed ${r.report.failed}`);
    if (r.addMs !== undefined) notes.push(`add() ${(r.addMs / 1000).toFixed(2)} s`);
    const w = r.written;
    return [
      r.phase,
      (r.ms / 1000).toFixed(2),
      (n / (r.ms / 1000)).toFixed(2),
      `${w.avif} ${w.webp} ${w.jpeg}${w.png ? ` png ${w.png}` : ""} (${w.other})`,
      ((w.avif + w.webp + w.jpeg + w.png) / n).toFixed(1),
      (w.imageBytes / 2 ** 20).toFixed(1),
      String(r.maxRssMB),
      notes.join("; "),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ").trimEnd();
  console.log(line(header));
  for (const row of table) console.log(line(row));
  console.log("");

  for (const r of rows) {
    const s = r.sharp;
    const side = r.phase.padEnd(24);
    if (r.phase.endsWith("-cold")) {
      console.log(
        `${side}: sharp ${s.sharp}, libvips ${s.vips}, aom ${s.aom ?? "?"}, libwebp ${s.webp ?? "?"}, mozjpeg ${s.mozjpeg ?? "?"}, ` +
          `sharp.concurrency() ${s.concurrency}` + (r.queueConcurrency !== undefined ? `, eleventy-img queue concurrency ${r.queueConcurrency}` : ""),
      );
    }
  }
  console.log(
    "Encoder options: eleventy-img uses sharp's defaults (no sharp*Options given): AVIF q50 effort 4, WebP q80, JPEG q80 baseline.\n" +
      "ours-* uses Newsroom's (ENCODER in src/images/encode.ts): AVIF q50 effort 3, WebP q80, JPEG q80 progressive.\n" +
      "ours-sharp-defaults-cold is our pipeline with sharp's defaults (SHARP_DEFAULTS): the same encoder work as eleventy-img.",
  );
  console.log("");

  const oursCold = by.get("ours-cold");
  const oursWarm = by.get("ours-warm");
  const theirCold = by.get("eleventy-img-cold");
  const theirWarm = by.get("eleventy-img-warm");
  if (oursCold && theirCold) {
    const ratio = theirCold.ms / oursCold.ms;
    console.log(`ours cold vs eleventy-img cold: ${ratio.toFixed(2)}× the speed (goal ≥ 1.00: ${ratio >= 1 ? "met" : "NOT met"})`);
    const perImage = (r: { written: Written }) => (r.written.avif + r.written.webp + r.written.jpeg + r.written.png) / n;
    if (perImage(oursCold) !== perImage(theirCold)) {
      console.log(`  note: unequal work, ours wrote ${perImage(oursCold)} files per image, eleventy-img ${perImage(theirCold)}`);
    }
  }
  const oursSame = by.get("ours-sharp-defaults-cold");
  if (oursSame && theirCold) {
    const ratio = theirCold.ms / oursSame.ms;
    console.log(`ours with sharp's defaults vs eleventy-img cold: ${ratio.toFixed(2)}× the speed (same encoder settings: the pipeline alone)`);
  }
  if (oursCold && oursWarm) {
    const pct = (100 * oursWarm.ms) / oursCold.ms;
    console.log(`ours warm: ${pct.toFixed(2)}% of ours cold (goal < 5%: ${pct < 5 ? "met" : "NOT met"})`);
  }
  if (theirCold && theirWarm) {
    console.log(`eleventy-img warm: ${((100 * theirWarm.ms) / theirCold.ms).toFixed(2)}% of its cold`);
  }
}

// ---------------------------------------------------------------------------------------------
// Child: one measured phase.

async function runPhase(phase: Phase, work: string): Promise<PhaseResult> {
  if (!PHASES.includes(phase) || !work) throw new Error(`usage: images.ts --phase ${PHASES.join("|")} <workdir>`);
  const srcDir = path.join(work, "src");
  const files = (await fs.readdir(srcDir))
    .filter((f) => f.endsWith(".jpg"))
    .sort()
    .map((f) => path.join(srcDir, f));

  if (phase.startsWith("ours-")) {
    const { ImageStore } = await import("../src/images/image-store.ts");
    const { ENCODER, SHARP_DEFAULTS } = await import("../src/images/encode.ts");
    const sharp = (await import("sharp")).default;
    const sameAsEleventy = phase === "ours-sharp-defaults-cold";
    const started = performance.now();
    const store = new ImageStore({
      cacheDir: path.join(work, sameAsEleventy ? "ours-sharp-defaults-cache" : "ours-cache"),
      settings: { widths: WIDTHS, formats: OUR_FORMATS, maxPixels: 100_000_000 },
      encoder: sameAsEleventy ? SHARP_DEFAULTS : ENCODER,
      progress: false,
    });
    for (const file of files) await store.add(file, { lead: false });
    const added = performance.now();
    const report = await store.ensure();
    const ms = performance.now() - started;
    return {
      phase,
      ms: round(ms),
      addMs: round(added - started),
      maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
      report: { encoded: count(report.encoded), reused: count(report.reused), failed: count(report.failed) },
      sharp: sharpInfo(sharp),
    };
  }

  // eleventy-img is CommonJS without type declarations; only what is used here is typed. It is
  // loaded by a computed name so TypeScript does not look for declarations, and only in this
  // child, so its sharp 0.33 never shares a process with our sharp 0.34.
  type EleventyImage = ((src: string, options: Record<string, unknown>) => Promise<unknown>) & { concurrency: number };
  const name = "@11ty/eleventy-img";
  const Image = ((await import(name)) as { default: EleventyImage }).default;
  const theirSharp = createRequire(createRequire(import.meta.url).resolve(name))("sharp") as SharpModule;
  const outputDir = path.join(work, "eleventy-img-out");
  const started = performance.now();
  await Promise.all(files.map((file) => Image(file, { widths: WIDTHS, formats: ELEVENTY_FORMATS, outputDir, urlPath: "/img/" })));
  const ms = performance.now() - started;
  return {
    phase,
    ms: round(ms),
    maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    sharp: sharpInfo(theirSharp),
    queueConcurrency: Image.concurrency,
  };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

/** The report's counts may be numbers or lists of sources. */
function count(value: unknown): number {
  if (typeof value === "number") return value;
  if (Array.isArray(value)) return value.length;
  if (value instanceof Map || value instanceof Set) return value.size;
  return Number.NaN;
}

interface SharpModule {
  versions: Record<string, string | undefined>;
  concurrency(): number;
}
function sharpInfo(sharp: SharpModule): PhaseResult["sharp"] {
  const v = sharp.versions;
  return { sharp: v.sharp ?? "?", vips: v.vips ?? "?", aom: v.aom, webp: v.webp, mozjpeg: v.mozjpeg, concurrency: sharp.concurrency() };
}

// ---------------------------------------------------------------------------------------------
// Output accounting: which files a phase wrote (new, or changed size or time).

type Snapshot = Map<string, { size: number; mtimeMs: number }>;
interface Written { avif: number; webp: number; jpeg: number; png: number; other: number; imageBytes: number }

async function snapshot(dir: string): Promise<Snapshot> {
  const files = new Map<string, { size: number; mtimeMs: number }>();
  let names: string[];
  try {
    names = await fs.readdir(dir, { recursive: true });
  } catch {
    return files; // not there yet
  }
  for (const name of names) {
    const stat = await fs.stat(path.join(dir, name));
    if (stat.isFile()) files.set(name, { size: stat.size, mtimeMs: stat.mtimeMs });
  }
  return files;
}

function diff(before: Snapshot, after: Snapshot): Written {
  const written: Written = { avif: 0, webp: 0, jpeg: 0, png: 0, other: 0, imageBytes: 0 };
  for (const [name, now] of after) {
    const was = before.get(name);
    if (was && was.size === now.size && was.mtimeMs === now.mtimeMs) continue;
    const ext = path.extname(name).slice(1).toLowerCase();
    const kind = ext === "jpg" ? "jpeg" : ext;
    if (kind === "avif" || kind === "webp" || kind === "jpeg" || kind === "png") {
      written[kind]++;
      written.imageBytes += now.size;
    } else {
      written.other++;
    }
  }
  return written;
}

// ---------------------------------------------------------------------------------------------
// Photo-like sources: smooth colour fields (a coarse random grid scaled up), soft blobs, hard-
// edged shapes and luminance grain, so every encoder has real detail to work on. Seeded, so a
// run on the same sharp version makes the same files; each image has its own seed.

type Sharp = typeof import("sharp");

async function generateSources(sharp: Sharp, dir: string, n: number): Promise<Array<{ file: string; bytes: number }>> {
  await fs.mkdir(dir, { recursive: true });
  const results: Array<{ file: string; bytes: number; hash: string }> = [];
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      const file = path.join(dir, `photo-${String(i + 1).padStart(3, "0")}.jpg`);
      await generatePhoto(sharp, file, i % 4 === 3 ? 2000 : 3000, i % 4 === 3 ? 3000 : 2000, 0x9e3779b9 ^ (i * 7919 + 1));
      const data = await fs.readFile(file);
      results.push({ file, bytes: data.length, hash: createHash("sha256").update(data).digest("hex") });
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, os.availableParallelism()) }, worker));
  if (new Set(results.map((r) => r.hash)).size !== n) throw new Error("generated sources are not all different");
  return results.sort((a, b) => a.file.localeCompare(b.file));
}

/** mulberry32: a small seeded generator of 32-bit values. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

async function generatePhoto(sharp: Sharp, file: string, width: number, height: number, seed: number): Promise<void> {
  const next = random(seed);
  const unit = () => next() / 2 ** 32;
  const colour = (lo = 0, hi = 255) => Math.round(lo + unit() * (hi - lo));

  // 1. Colour fields: a 6×5 grid of random colours, lighter and bluer at the top (a sky), scaled up.
  const gw = 6;
  const gh = 5;
  const grid = Buffer.alloc(gw * gh * 3);
  for (let y = 0; y < gh; y++) {
    for (let x = 0; x < gw; x++) {
      const sky = 1 - y / (gh - 1);
      const o = (y * gw + x) * 3;
      grid[o] = colour(20, 160 + 60 * sky);
      grid[o + 1] = colour(30, 170 + 60 * sky);
      grid[o + 2] = colour(30 + 120 * sky, 230);
    }
  }
  const base = await sharp(grid, { raw: { width: gw, height: gh, channels: 3 } })
    .resize(width, height, { kernel: "cubic", fit: "fill" })
    .raw()
    .toBuffer();

  // 2. Soft blobs, drawn at a quarter size and scaled up (which blurs them).
  const qw = Math.round(width / 4);
  const qh = Math.round(height / 4);
  let blobs = "";
  for (let k = 0; k < 40; k++) {
    blobs += `<ellipse cx="${colour(0, qw)}" cy="${colour(0, qh)}" rx="${colour(10, qw / 4)}" ry="${colour(10, qh / 4)}" fill="rgb(${colour()},${colour()},${colour()})" fill-opacity="${(0.2 + unit() * 0.5).toFixed(2)}"/>`;
  }
  const blobLayer = await sharp(Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${qw}" height="${qh}">${blobs}</svg>`))
    .resize(width, height, { kernel: "cubic", fit: "fill" })
    .ensureAlpha()
    .raw()
    .toBuffer();

  // 3. Hard edges: polygons and thin lines at full size (buildings, branches, wires).
  let shapes = "";
  for (let k = 0; k < 30; k++) {
    const points = Array.from({ length: 3 + (next() % 4) }, () => `${colour(0, width)},${colour(0, height)}`).join(" ");
    shapes += `<polygon points="${points}" fill="rgb(${colour()},${colour()},${colour()})" fill-opacity="${(0.15 + unit() * 0.4).toFixed(2)}"/>`;
  }
  for (let k = 0; k < 60; k++) {
    shapes += `<line x1="${colour(0, width)}" y1="${colour(0, height)}" x2="${colour(0, width)}" y2="${colour(0, height)}" stroke="rgb(${colour()},${colour()},${colour()})" stroke-width="${colour(1, 6)}" stroke-opacity="0.6"/>`;
  }
  const shapeLayer = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${shapes}</svg>`);

  // 4. Grain: luminance noise around mid-grey, blended with "overlay".
  const grain = Buffer.alloc(width * height * 3);
  for (let p = 0; p < width * height; p += 4) {
    const r = next();
    for (let j = 0; j < 4 && p + j < width * height; j++) {
      const v = 128 + (((r >>> (j * 8)) & 0xff) >> 3) - 16;
      const o = (p + j) * 3;
      grain[o] = v;
      grain[o + 1] = v;
      grain[o + 2] = v;
    }
  }

  await sharp(base, { raw: { width, height, channels: 3 } })
    .composite([
      { input: blobLayer, raw: { width, height, channels: 4 } },
      { input: shapeLayer },
      { input: grain, raw: { width, height, channels: 3 }, blend: "overlay" },
    ])
    .jpeg({ quality: 90 })
    .toFile(file);
}
