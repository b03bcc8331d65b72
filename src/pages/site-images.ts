import path from "node:path";
import sharp from "sharp";
import { absoluteUrl } from "../filters/absolute-url.ts";
import type { SiteSettings } from "../settings.ts";
import type { SiteImages } from "./structured-data.ts";

/**
 * The site's own images (logo, social card) with their sizes, read from public/ once per build:
 * Open Graph and structured data state sizes, and a wrong path in the settings should fail the
 * build with a message rather than publish a broken card.
 */
export async function readSiteImages(site: SiteSettings, publicDir: string): Promise<SiteImages> {
  const size = async (setting: string, src: string) => {
    const file = path.join(publicDir, ...src.split("/").filter(Boolean).map(decodeURIComponent));
    if (!file.startsWith(publicDir + path.sep)) throw new Error(`Newsroom: site.config.ts ${setting} "${src}" leaves public/.`);
    try {
      const meta = await sharp(file).metadata();
      if (meta.format !== "png" && meta.format !== "jpeg") throw new Error(`it is ${meta.format}, not PNG or JPEG`);
      return { url: absoluteUrl(src, site.url), width: meta.width ?? 0, height: meta.height ?? 0, type: `image/${meta.format}` };
    } catch (error) {
      const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
      throw new Error(`Newsroom: site.config.ts ${setting} "${src}" must be a PNG or JPEG file in public/ (${reason}). Put the file there or fix the path.`);
    }
  };
  const logo = await size("logo", site.logo);
  const card = site.socialImage ? { ...(await size("socialImage.src", site.socialImage.src)), alt: site.socialImage.alt } : { ...logo, alt: site.name };
  return { logo, card };
}
