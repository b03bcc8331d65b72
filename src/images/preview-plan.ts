import type { ImageSettings } from "../settings.ts";

/**
 * What the preview's builder tells its server about photos after each build (the server encodes
 * them on request: src/dev/images-on-demand.ts). Sent as an Eleventy event by the plugin, then
 * over IPC by the builder process.
 */

/** The site folder photos are published in: /img/<2 hex>/<id>-<width or crop>.<ext>. */
export const IMAGE_FOLDER = "img";
export const IMAGES_EVENT = "newsroom.images";

export interface PreviewImages {
  cacheDir: string;
  settings: ImageSettings;
  sources: { id: string; file: string; lead: boolean }[];
}
