/**
 * The site's X account as the handle X cards take in `twitter:site`: "@newsroom_sample" from the
 * profile URL in `social.x` ("https://x.com/newsroom_sample", or the older twitter.com form).
 * https://developer.x.com/en/docs/x-for-websites/cards/overview/markup
 *
 * A handle is 1 to 15 letters, digits or underscores (X's rule for usernames). Anything else (no
 * account, another host, a URL that names no profile) gives undefined, and the tag is left out.
 */
export function xHandle(profileUrl: string | undefined): string | undefined {
  if (!profileUrl || !URL.canParse(profileUrl)) return undefined;
  const url = new URL(profileUrl);
  if (!/^(?:(?:www|mobile)\.)?(?:x|twitter)\.com$/.test(url.hostname)) return undefined;
  const name = url.pathname.split("/").filter(Boolean);
  return name.length === 1 && /^[A-Za-z0-9_]{1,15}$/.test(name[0]!) ? `@${name[0]}` : undefined;
}
