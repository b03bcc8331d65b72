import { LABELS } from "./share-links.ts";

/**
 * The site's own accounts for the footer (settings `social`: network key → profile URL), each
 * named for where it leads. A screen reader that lists links hears "The Newsroom Sample on X",
 * not a bare "X" that could as well mean "close" or a share button (WCAG 2.4.4, link purpose).
 * The visible text stays the network's name; the site's name is in the link's text too, hidden
 * visually, so the accessible name contains the visible label (WCAG 2.5.3, label in name) and
 * needs no aria-label (which translation tools leave untranslated).
 */
export interface SocialLink {
  /** The key in settings, e.g. "x", "bluesky", "mastodon". */
  network: string;
  /** The network's name as it writes it: "X", "LinkedIn", "Mastodon". */
  label: string;
  /** Visually hidden words before the label: "The Newsroom Sample on ". */
  before: string;
  href: string;
}

/** `social` in settings order; a key the share bar does not know is shown capitalised ("mastodon" → "Mastodon"). */
export function socialLinks(social: Record<string, string>, siteName: string): SocialLink[] {
  return Object.entries(social).map(([network, href]) => ({
    network,
    label: (LABELS as Record<string, string>)[network.toLowerCase()] ?? network.charAt(0).toUpperCase() + network.slice(1),
    before: `${siteName} on `,
    href,
  }));
}
