import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildSite } from "../../src/build/build.ts";

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

let built: Promise<string> | undefined;

/**
 * The sample site (this repository's articles, layouts and settings) built once per test process
 * into a temp folder, the way `npm run build` builds it.
 */
export function buildSampleSite(): Promise<string> {
  built ??= (async () => {
    const output = path.join(await fs.mkdtemp(path.join(os.tmpdir(), "newsroom-sample-")), "_site");
    await buildSite({ root: PROJECT_ROOT, output, quiet: true });
    return output;
  })();
  return built;
}

/** The seed article's URL path. */
export const SEED_PATH = "/world/cleverly-urges-china-to-help-end-war-in-ukraine/";
