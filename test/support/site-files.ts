import fs from "node:fs/promises";
import path from "node:path";

/**
 * Where a URL of the built site lives in the output folder: "/world/visit/" is
 * world/visit/index.html, "/feed.xml" is feed.xml. Absolute URLs must start with the site's URL
 * (base path included); anything else is not a page of this site and gives undefined.
 */
export function fileForUrl(output: string, url: string, siteUrl: string): string | undefined {
  let pathname: string;
  if (/^https?:/.test(url)) {
    const root = `${siteUrl.replace(/\/+$/, "")}/`;
    if (!url.startsWith(root)) return undefined;
    pathname = `/${url.slice(root.length)}`;
  } else if (url.startsWith("/")) {
    pathname = url;
  } else return undefined;
  pathname = decodeURI(pathname.replace(/[?#].*$/, ""));
  const file = path.join(output, pathname.endsWith("/") ? `${pathname}index.html` : pathname);
  return file.startsWith(output) ? file : undefined;
}

/** True when `url` names a file that exists in the built site. */
export async function existsInSite(output: string, url: string, siteUrl: string): Promise<boolean> {
  const file = fileForUrl(output, url, siteUrl);
  return file !== undefined && (await fs.stat(file).then((s) => s.isFile(), () => false));
}
