import type { ShareNetwork } from "../settings.ts";

/**
 * "Share this article on" links: plain URLs each network documents for sharing, so the bar needs
 * no third-party script and makes no request until a reader clicks.
 */
export interface ShareLink {
  network: ShareNetwork;
  /** Network name, e.g. "LinkedIn". */
  label: string;
  /** Accessible name of the link: "Share on LinkedIn", "Share by email". */
  name: string;
  href: string;
}

export const LABELS: Record<ShareNetwork, string> = {
  x: "X",
  facebook: "Facebook",
  linkedin: "LinkedIn",
  whatsapp: "WhatsApp",
  telegram: "Telegram",
  reddit: "Reddit",
  bluesky: "Bluesky",
  email: "email",
};

function build(base: string, params: Record<string, string>): string {
  return `${base}?${new URLSearchParams(params).toString()}`;
}

export function shareHref(network: ShareNetwork, url: string, title: string): string {
  switch (network) {
    case "x":
      return build("https://x.com/intent/post", { url, text: title });
    case "facebook":
      // Facebook takes the title from the page's Open Graph tags; `t` is its legacy title field.
      return build("https://www.facebook.com/sharer/sharer.php", { u: url, t: title });
    case "linkedin":
      // shareArticle still takes a title (share-offsite, where it redirects, reads Open Graph).
      return build("https://www.linkedin.com/shareArticle", { mini: "true", url, title });
    case "whatsapp":
      return build("https://wa.me/", { text: `${title} ${url}` });
    case "telegram":
      return build("https://t.me/share/url", { url, text: title });
    case "reddit":
      return build("https://www.reddit.com/submit", { url, title });
    case "bluesky":
      return build("https://bsky.app/intent/compose", { text: `${title} ${url}` });
    case "email":
      // mailto wants %20 for spaces, not "+": encode each part by hand.
      return `mailto:?subject=${encodeURIComponent(title)}&body=${encodeURIComponent(`${title}\n\n${url}`)}`;
  }
}

export function shareLinks(networks: readonly ShareNetwork[], url: string, title: string): ShareLink[] {
  return networks.map((network) => ({
    network,
    label: LABELS[network],
    name: network === "email" ? "Share by email" : `Share on ${LABELS[network]}`,
    href: shareHref(network, url, title),
  }));
}
