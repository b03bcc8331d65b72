/**
 * Which link targets may reach the page. markdown-it's default blocks javascript:, vbscript:,
 * file: and most data: URLs; we go further and allow only schemes a news article needs, so a
 * new dangerous scheme is refused by default rather than by an update to a block list.
 */
const ALLOWED_SCHEMES = new Set(["http:", "https:", "mailto:", "tel:"]);
// Browsers ignore ASCII control characters and whitespace inside a scheme ("java\tscript:").
const IGNORED = /[\u0000-\u0020\u007F]/g;
const SCHEME = /^([a-z][a-z0-9+.-]*:)/i;

export function isAllowedLink(url: string): boolean {
  const cleaned = url.replace(IGNORED, "");
  const scheme = SCHEME.exec(cleaned)?.[1];
  // No scheme: a relative path, a query or a #fragment on our own site.
  if (!scheme) return true;
  return ALLOWED_SCHEMES.has(scheme.toLowerCase());
}
