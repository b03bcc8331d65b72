import fs from "node:fs";
import { Eleventy } from "@11ty/eleventy";
import { describe } from "../build/build.ts";
import { IMAGES_EVENT, type PreviewImages } from "../images/preview-plan.ts";
import { cachePageCompiles } from "../build/cache-page-compiles.ts";

/**
 * The preview's builder, run by src/dev/serve.ts as a child process (restarted whenever src/*.ts
 * or the config changes, because Eleventy does not reload modules the config imports).
 * It builds with drafts and embargoed articles, watches articles, layouts and public/, and tells
 * the parent after every build so the browser reloads once, not once per written file.
 */
const output = process.env.NEWSROOM_PREVIEW_OUTPUT ?? "_preview";
const notify = (message: { type: "built" } | { type: "failed" } | { type: "images"; plan: PreviewImages }) => process.send?.(message);

async function start(): Promise<void> {
  // A paginated template is compiled once per build, not once per page (as in npm run build).
  await cachePageCompiles();
  const eleventy = new Eleventy(undefined, output, {
    configPath: ".eleventy.ts",
    quietMode: true,
    config(config) {
      // The photos of this build, for the server to encode on request (src/dev/images-on-demand.ts).
      config.events.on(IMAGES_EVENT, (plan: PreviewImages) => notify({ type: "images", plan }));
      config.on("eleventy.after", () => notify({ type: "built" }));
    },
  });
  try {
    await eleventy.init();
    await eleventy.watch();
  } catch (error) {
    // Eleventy's watcher starts only after a first good build (an invalid article stops it), so
    // watch the sources ourselves and try again on the next save.
    notify({ type: "failed" });
    console.error(`\n${describe(error)}\n\nNewsroom preview: fix the problem above and save; the preview rebuilds.`);
    const watchers = ["articles", "layouts", "public"]
      .filter((dir) => fs.existsSync(dir))
      .map((dir) =>
        fs.watch(dir, { recursive: true }, () => {
          for (const w of watchers) w.close();
          setTimeout(() => void start(), 150);
        }),
      );
  }
}

process.env.NEWSROOM_PREVIEW = "1";
// The IPC channel to serve.ts closes when it exits, however it exits (even SIGKILL): a builder
// with no server would go on building and watching for nobody.
process.on("disconnect", () => process.exit(0));
// It may have closed while the imports above were loading, before anyone listened.
if (process.send && !process.connected) process.exit(0);
void start();
