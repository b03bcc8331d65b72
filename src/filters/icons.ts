import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

/**
 * SVG path data (24×24 viewBox) for the share bar and footer. Brand marks come from the
 * simple-icons package (CC0); LinkedIn is not in it (withdrawn at LinkedIn's request), so that
 * mark and the plain pictograms are drawn here. Layouts wrap the path in <svg>.
 */
const ICONS: Record<string, string> = {
  x: brandMark("x"),
  facebook: brandMark("facebook"),
  whatsapp: brandMark("whatsapp"),
  telegram: brandMark("telegram"),
  reddit: brandMark("reddit"),
  bluesky: brandMark("bluesky"),
  // A square with the letters "in" cut out (even-odd fill).
  linkedin:
    "M3 2h18a1 1 0 0 1 1 1v18a1 1 0 0 1-1 1H3a1 1 0 0 1-1-1V3a1 1 0 0 1 1-1zM5.4 7a1.6 1.6 0 1 0 3.2 0a1.6 1.6 0 1 0-3.2 0zM5.6 9.5h2.8V19H5.6zM10.5 9.5h2.7v1.3c.5-.9 1.6-1.5 2.8-1.5 2.3 0 3.2 1.5 3.2 3.8V19h-2.8v-5.2c0-1.1-.3-1.9-1.4-1.9s-1.7.8-1.7 2V19h-2.8z",
  // An envelope.
  email: "M2 5h20v14H2zM4 7v.4l8 5.3 8-5.3V7zm0 2.8V17h16V9.8l-8 5.3z",
  // Two chain links (after Material Icons' "link", Apache-2.0).
  link: "M3.9 12c0-1.71 1.39-3.1 3.1-3.1h4V7H7c-2.76 0-5 2.24-5 5s2.24 5 5 5h4v-1.9H7c-1.71 0-3.1-1.39-3.1-3.1zM8 13h8v-2H8v2zm9-6h-4v1.9h4c1.71 0 3.1 1.39 3.1 3.1s-1.39 3.1-3.1 3.1h-4V17h4c2.76 0 5-2.24 5-5s-2.24-5-5-5z",
  // A box with an arrow leaving it (the common "share" pictogram).
  share: "M12 2l5 5-1.4 1.4L13 5.8V15h-2V5.8L8.4 8.4 7 7zM4 12h2v8h12v-8h2v10H4z",
};

/**
 * The path of one simple-icons mark, from the package's own SVG file for it
 * (`simple-icons/icons/<slug>.svg`: one <path d="…"> in a 24×24 viewBox). Importing the package's
 * index instead compiles every one of its 3,000+ icons (a 5 MB module) at each build's start-up.
 */
function brandMark(slug: string): string {
  const file = createRequire(import.meta.url).resolve(`simple-icons/icons/${slug}.svg`);
  const path = /<path d="([^"]+)"/.exec(readFileSync(file, "utf8"))?.[1];
  if (path === undefined) throw new Error(`Newsroom: no path in ${file} (has simple-icons changed its SVG files?)`);
  return path;
}

export function iconPath(name: string): string {
  const path = ICONS[name];
  if (path === undefined) throw new Error(`Newsroom: no icon named "${name}" (known: ${Object.keys(ICONS).join(", ")})`);
  return path;
}
