import { Eleventy } from "@11ty/eleventy";

/**
 * Builds the fixture site at `root` into `output` the way the preview's builder runs Eleventy
 * (no buildSite: NEWSROOM_PREVIEW=1, so drafts and embargoed articles are shown), with the
 * clock at `now` (ISO 8601; default 1 September 2023, noon IST). Restores the working directory
 * and the variables afterwards.
 */
export async function previewBuild(root: string, output: string, now = "2023-09-01T12:00:00+05:30"): Promise<void> {
  const cwd = process.cwd();
  process.chdir(root);
  process.env.NEWSROOM_PREVIEW = "1";
  process.env.NEWSROOM_NOW = now;
  try {
    const eleventy = new Eleventy(undefined, output, { configPath: ".eleventy.ts", quietMode: true });
    eleventy.disableLogger();
    await eleventy.write();
  } finally {
    process.chdir(cwd);
    delete process.env.NEWSROOM_PREVIEW;
    delete process.env.NEWSROOM_NOW;
  }
}
