import fs from "node:fs/promises";
import path from "node:path";
import { toSlug } from "../../src/content/slug.ts";
import { article, jpeg } from "./fixture-site.ts";
import { PROJECT_ROOT } from "./sample-site.ts";

/**
 * Sites made of the worst text a writer (or a site developer) can type, for the layout tests:
 * every field a page shows holds a word or an address with no place to break, and the bodies
 * hold wide tables and long lines of code. A page of such a site must still fit a 320 px phone.
 */

/** A word of `length` letters with no hyphen, space or other break opportunity (German-like). */
export function longWord(length: number, seed = "Rechtsschutzversicherungsgesellschaften"): string {
  let word = "";
  while (word.length < length) word += (word ? seed.toLowerCase() : seed);
  return word.slice(0, length);
}

const W58 = "Rechtsschutzversicherungsgesellschaftenvergleichsverfahren"; // 58 letters, the case's word
const W90 = longWord(90, "Donaudampfschifffahrtselektrizitaetenhauptbetriebswerkbauunterbeamtengesellschaft");
const URL_TEXT =
  "https://www.example.gov.in/notifications/customs/2023/tariff/electronics-and-components/schedule-revised-notification-no-45-2023-customs-dated-21-september-2023.pdf";
const CODE_LINE = `const ${longWord(40, "tariffSchedule")} = await fetch("${URL_TEXT}").then((response) => response.json()); // ${W58}`;

export const WORST = {
  siteName: `Newsroom ${W58}`,
  sectionKey: "business",
  sectionLabel: longWord(48, "Wirtschaftsnachrichtenuebersicht"),
  tag: `${W58}${W58.toLowerCase()}`,
  author: `Maximiliana ${longWord(64, "Wolfeschlegelsteinhausenbergerdorff")}`,
  word58: W58,
  word90: W90,
  url: URL_TEXT,
};

export const WORST_TAG_PATH = `/tags/${toSlug(WORST.tag)}/`;
export const WORST_AUTHOR_PATH = `/authors/${toSlug(WORST.author)}/`;

/** Settings for the worst-case site: long site name, section label, author profile and footer. */
export function worstCaseSettings(): Record<string, unknown> {
  return {
    name: WORST.siteName,
    sections: {
      world: { label: "World" },
      [WORST.sectionKey]: { label: WORST.sectionLabel, description: `Markets ${W90} and ${URL_TEXT}` },
    },
    authors: {
      [WORST.author]: { role: `${W58} correspondent`, bio: `Writes about ${W90}; profile at ${URL_TEXT}` },
    },
    footerNote: `${W58} – all articles are sample text (${URL_TEXT})`,
    perPage: 2,
    relatedCount: 3,
    images: { widths: [480, 800], formats: ["webp"] },
  };
}

function wideTable(columns: number): string {
  const head = Array.from({ length: columns }, (_, i) => (i === 1 ? W58 : `Column heading ${i + 1}`));
  const row = Array.from({ length: columns }, (_, i) => (i === 2 ? URL_TEXT : i === 0 ? "8517 13 00" : "Smartphones, fully built, 20%"));
  return [`| ${head.join(" | ")} |`, `|${"---|".repeat(columns)}`, `| ${row.join(" | ")} |`, `| ${row.join(" | ")} |`].join("\n");
}

function worstBody(): string {
  return [
    `The full notification is at ${URL_TEXT} and took effect at midnight. The ministry called it a ${W90}.`,
    `As a link: [${URL_TEXT}](${URL_TEXT}), and a link on a long word: [${W58}](https://example.org/${W58}).`,
    `## ${W58} ${W90}`,
    wideTable(9),
    `The code of the notice, as printed: \`CUSTOMS/NOTIFICATION/2023/TARIFF/ELECTRONICS/SCHEDULE/REVISED/NO-45/DATED-21-09-2023/${W58}\`.`,
    "```js\n" + CODE_LINE + "\n" + CODE_LINE + "\n```",
    `![A flat blue test image](inline.jpg "Inline caption: ${W90} ${URL_TEXT} | Credit: ${W58}/${W58}")`,
    `> ${W90} said the ${W58}.`,
    `- ${W90}\n- ${URL_TEXT}\n\n1. ${W58}${W58}`,
    wideTable(4),
  ].join("\n\n");
}

/**
 * The articles of the worst-case site: a lead story with a lead photo and an inline figure, a
 * second one without photos (so the home page shows it in a section's cards), and one more so
 * the section has an archive page 2. `extra` adds other articles (e.g. a case's files).
 */
export async function worstCaseArticles(extra: Record<string, string | Buffer> = {}): Promise<Record<string, string | Buffer>> {
  const photo = await jpeg(800, 500);
  const common = {
    description: `A standfirst with ${W90} and ${URL_TEXT} in it.`,
    section: WORST.sectionKey,
    tags: [WORST.tag, "Markets", `${W58} ${W58}`],
    authors: [WORST.author, `${W90} Nachname`],
  };
  return {
    "business/worst-lead/index.md": article(
      {
        ...common,
        title: `${W58}: ${W90} ${URL_TEXT}`,
        date: "2023-09-25T10:00:00+05:30",
        updated: "2023-09-25T12:00:00+05:30",
        image: { src: "photo.jpg", alt: `A flat blue test image, ${W58}`, caption: `Lead caption: ${W90} ${URL_TEXT}`, credit: `${W58}/${W58}` },
      },
      worstBody(),
    ),
    "business/worst-lead/photo.jpg": photo,
    "business/worst-lead/inline.jpg": photo,
    "business/worst-second.md": article({ ...common, title: `${W90}${W58}`, date: "2023-09-24T10:00:00+05:30" }, worstBody().replace(/!\[[^\n]*\n/, "")),
    "business/worst-third.md": article({ ...common, title: `Third: ${URL_TEXT}`, date: "2023-09-23T10:00:00+05:30" }, "Short."),
    ...extra,
  };
}

/** The articles of a case in test/fixtures/cases/<name>/articles, keyed by their path under articles/. */
export async function caseArticles(name: string): Promise<Record<string, Buffer>> {
  const dir = path.join(PROJECT_ROOT, "test/fixtures/cases", name, "articles");
  const found: Record<string, Buffer> = {};
  for (const entry of await fs.readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    found[path.relative(dir, full).split(path.sep).join("/")] = await fs.readFile(full);
  }
  return found;
}
