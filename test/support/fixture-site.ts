import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { buildSite, describe } from "../../src/build/build.ts";
import type { ImageReport } from "../../src/images/image-store.ts";
import type { BuildReport } from "../../src/build/build-report.ts";
import { PROJECT_ROOT } from "./sample-site.ts";

/**
 * A small site in a temp folder: the project's .eleventy.ts, layouts and public files, with
 * articles and settings the test chooses. Built through the same `buildSite` as `npm run build`.
 */
export interface Fixture {
  root: string;
  output: string;
  /** Builds the site; resolves to the error message when the build fails. */
  build(env?: { now?: string; preview?: boolean }): Promise<{ ok: true; images?: ImageReport; report: BuildReport } | { ok: false; message: string }>;
}

export async function createFixture(
  articles: Record<string, string | Buffer>,
  settings: Record<string, unknown> = {},
): Promise<Fixture> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), "newsroom-fixture-"));
  await fs.cp(path.join(PROJECT_ROOT, "layouts"), path.join(root, "layouts"), { recursive: true });
  await fs.cp(path.join(PROJECT_ROOT, "public"), path.join(root, "public"), { recursive: true });
  await fs.copyFile(path.join(PROJECT_ROOT, ".eleventy.ts"), path.join(root, ".eleventy.ts"));
  await fs.symlink(path.join(PROJECT_ROOT, "src"), path.join(root, "src"), "dir");
  await fs.writeFile(
    path.join(root, "site.config.ts"),
    `import base from ${JSON.stringify(path.join(PROJECT_ROOT, "site.config.ts"))};\n` +
      `export default { ...base, ...${JSON.stringify(settings)} };\n`,
  );
  for (const [name, content] of Object.entries(articles)) {
    const file = path.join(root, "articles", name);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, content);
  }
  const output = path.join(root, "_site");
  return {
    root,
    output,
    async build(env = {}) {
      const saved = process.env.NEWSROOM_NOW;
      process.env.NEWSROOM_NOW = env.now ?? "2023-09-01T12:00:00+05:30";
      try {
        const { images, report } = await buildSite({ root, output: "_site", quiet: true, preview: env.preview });
        return { ok: true, images, report };
      } catch (error) {
        return { ok: false, message: describe(error) };
      } finally {
        restore("NEWSROOM_NOW", saved);
      }
    },
  };
}

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

/** Front matter + body for a valid article; override fields by passing them. */
export function article(fields: Record<string, unknown> = {}, body = "Sample text."): string {
  const data: Record<string, unknown> = {
    title: "A sample headline",
    description: "A sample standfirst.",
    date: "2023-08-30T15:30:00+05:30",
    section: "world",
    ...fields,
  };
  const yaml = Object.entries(data)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
    .join("\n");
  return `---\n${yaml}\n---\n${body}\n`;
}

/** A small real JPEG, made with sharp (one flat colour unless `options` say otherwise). */
export async function jpeg(width = 800, height = 500): Promise<Buffer> {
  const sharp = (await import("sharp")).default;
  return sharp({ create: { width, height, channels: 3, background: { r: 90, g: 120, b: 150 } } }).jpeg().toBuffer();
}
