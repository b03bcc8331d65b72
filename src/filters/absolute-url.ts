/** Turns a root-relative path into the absolute URL on the site's origin (canonical, share links). */
export function absoluteUrl(pathOrUrl: string, siteUrl: string): string {
  return new URL(pathOrUrl, `${siteUrl}/`).href;
}
