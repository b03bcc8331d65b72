import path from "node:path";
import { absoluteUrl } from "../filters/absolute-url.ts";
import type { SiteSettings } from "../settings.ts";
import type { SiteImages } from "./structured-data.ts";

/**
 * The site's own images (logo, social card) with their sizes, read from public/ once per build:
 * Open Graph and structured data state sizes, and a wrong path in the settings should fail the
 * build with a message rather than publish a broken card.
 */
export async function readSiteImages(
  site: SiteSettings,
  publicDir: string,
  /**
   * A file's format and stored size, throwing when it is not an image: the image store's
   * `inspect` (src/images/source-index.ts), which remembers them by file stat, so a warm build
   * neither reads the files nor loads sharp for them.
   */
  inspect: (file: string) => Promise<{ format: string; width: number; height: number }>,
): Promise<SiteImages> {
  const size = async (setting: string, src: string) => {
    const file = path.join(publicDir, ...src.split("/").filter(Boolean).map(decodeURIComponent));
    if (!file.startsWith(publicDir + path.sep)) throw new Error(`Newsroom: site.config.ts ${setting} "${src}" leaves public/.`);
    try {
      const meta = await inspect(file);
      if (meta.format !== "png" && meta.format !== "jpeg") throw new Error(`it is ${meta.format}, not PNG or JPEG`);
      return { url: absoluteUrl(src, site.url), width: meta.width, height: meta.height, type: `image/${meta.format}` };
    } catch (error) {
      const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
      throw new Error(`Newsroom: site.config.ts ${setting} "${src}" must be a PNG or JPEG file in public/ (${reason}). Put the file there or fix the path.`);
    }
  };
  const logo = await size("logo", site.logo);
  const card = site.socialImage ? { ...(await size("socialImage.src", site.socialImage.src)), alt: site.socialImage.alt } : { ...logo, alt: site.name };
  return { logo, card };
}
