import { Eleventy } from "@11ty/eleventy";
import { AFTER_RELOAD_EVENT, type AfterReloadTask } from "../../src/dev/after-reload.ts";

/**
 * Builds the fixture site at `root` into `output` the way the preview's builder runs Eleventy
 * (no buildSite: NEWSROOM_PREVIEW=1, so drafts and embargoed articles are shown), with the
 * clock at `now` (ISO 8601; default 1 September 2023, noon IST). Restores the working directory
 * and the variables afterwards. Options:
 *   - `afterReload`: the work the preview's builder does after telling the tabs to reload
 *     (src/dev/after-reload.ts) is pushed there instead of being done;
 *   - `saves`: after the first build, each of these runs (an edit) and the same Eleventy builds
 *     again, as the preview's builder does on each save.
 */
export async function previewBuild(
  root: string,
  output: string,
  options: { now?: string; afterReload?: AfterReloadTask[]; saves?: (() => Promise<void>)[] } = {},
): Promise<void> {
  const { now = "2023-09-01T12:00:00+05:30", afterReload, saves = [] } = options;
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
    await eleventy.write();
    for (const save of saves) {
      await save();
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
