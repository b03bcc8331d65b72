import { deflateSync } from "node:zlib";
import sharp from "sharp";

/**
 * Animated test images, made here rather than committed: an animated GIF and WebP (frames joined
 * by sharp), a real APNG written chunk by chunk, and an AVIF marked as an image sequence.
 */

/** Frames that differ: a disc moving across a gradient. */
async function frames(width: number, height: number, count: number): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
      <defs><linearGradient id="g"><stop offset="0" stop-color="#3a6ea5"/><stop offset="1" stop-color="#c05030"/></linearGradient></defs>
      <rect width="100%" height="100%" fill="url(#g)"/><circle cx="${width * (0.2 + (0.6 * i) / count)}" cy="${height / 2}" r="${height / 4}" fill="#f0d0a0"/></svg>`;
    out.push(await sharp(Buffer.from(svg)).png().toBuffer());
  }
  return out;
}

/** An animated GIF or WebP of `count` frames, 200 ms each, looping forever. */
export async function animation(format: "gif" | "webp", width: number, height: number, count = 3): Promise<Buffer> {
  const joined = sharp(await frames(width, height, count), { join: { animated: true } });
  const timing = { delay: Array(count).fill(200), loop: 0 };
  return format === "gif" ? joined.gif(timing).toBuffer() : joined.webp({ ...timing, quality: 80 }).toBuffer();
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  let c = 0xffffffff;
  for (const byte of body) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  const out = Buffer.alloc(8 + data.length + 4);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE((c ^ 0xffffffff) >>> 0, 8 + data.length);
  return out;
}

const u32 = (...values: number[]) => Buffer.concat(values.map((v) => { const b = Buffer.alloc(4); b.writeUInt32BE(v); return b; }));

/**
 * An animated PNG (https://www.w3.org/TR/png-3/#apng-frame-based-animation): `colours.length`
 * full frames of one flat RGB colour each. Viewers play it; sharp reads only the first frame.
 */
export function apng(width: number, height: number, colours: [number, number, number][]): Buffer {
  const pixels = (rgb: [number, number, number]) => {
    const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
    return deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  };
  const ihdr = Buffer.concat([u32(width, height), Buffer.from([8, 2, 0, 0, 0])]); // 8-bit RGB
  const parts = [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", ihdr), chunk("acTL", u32(colours.length, 0))];
  let sequence = 0;
  colours.forEach((rgb, i) => {
    // fcTL: sequence, size, offset, delay 1/2 s, dispose none, blend source.
    const fctl = Buffer.concat([u32(sequence++, width, height, 0, 0), Buffer.from([0, 1, 0, 2, 0, 0])]);
    parts.push(chunk("fcTL", fctl));
    parts.push(i === 0 ? chunk("IDAT", pixels(rgb)) : chunk("fdAT", Buffer.concat([u32(sequence++), pixels(rgb)])));
  });
  parts.push(chunk("IEND", Buffer.alloc(0)));
  return Buffer.concat(parts);
}

/** A still AVIF whose file type says "image sequence" (brand avis), as animated AVIF files do. */
export async function avifSequence(width: number, height: number): Promise<Buffer> {
  const still = await sharp({ create: { width, height, channels: 3, background: { r: 200, g: 60, b: 40 } } }).avif().toBuffer();
  const out = Buffer.from(still);
  if (out.toString("latin1", 4, 8) !== "ftyp") throw new Error("expected an ftyp box first");
  out.write("avis", 8, "latin1");
  return out;
}
