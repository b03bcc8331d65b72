import { Eleventy } from "@11ty/eleventy";
import { AFTER_RELOAD_EVENT, type AfterReloadTask } from "../../src/dev/after-reload.ts";

/**
 * Builds the fixture site at `root` into `output` the way the preview's builder runs Eleventy
 * (no buildSite: NEWSROOM_PREVIEW=1, so drafts and embargoed articles are shown), with the
 * clock at `now` (ISO 8601; default 1 September 2023, noon IST). Restores the working directory
 * and the variables afterwards. With `afterReload`, the work the preview's builder does after
 * telling the tabs to reload (src/dev/after-reload.ts) is pushed there instead of being done.
 * `builds` > 1: that many builds by the same Eleventy, as the preview's builder makes one per save,
 * with `between(n)` (an edit) before build n.
 */
export async function previewBuild(root: string, output: string, now = "2023-09-01T12:00:00+05:30", afterReload?: AfterReloadTask[], between?: (build: number) => Promise<void>, builds = 1): Promise<void> {
  const cwd = process.cwd();
  process.chdir(root);
  process.env.NEWSROOM_PREVIEW = "1";
  process.env.NEWSROOM_NOW = now;
  try {
    const eleventy = new Eleventy(undefined, output, {
      configPath: ".eleventy.ts",
      quietMode: true,
      config: afterReload ? (config) => void config.events.on(AFTER_RELOAD_EVENT, (task: AfterReloadTask) => afterReload.push(task)) : undefined,
    });
    eleventy.disableLogger();
    // Several builds by one Eleventy, as the preview's builder makes on each save: `between(n)` runs before build n (from 1).
    await eleventy.write();
    for (let n = 1; n < builds; n++) {
      await between?.(n);
      // What Eleventy's watcher does before it builds again (Eleventy.js #watch): restart and init.
      await (eleventy as unknown as { restart(): Promise<void> }).restart();
      await eleventy.init();
      await eleventy.write();
    }
  } finally {
    process.chdir(cwd);
    delete process.env.NEWSROOM_PREVIEW;
    delete process.env.NEWSROOM_NOW;
  }
}
