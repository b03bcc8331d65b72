import fs from "node:fs/promises";
import path from "node:path";

/**
 * Writes a synthetic archive of `count` articles: five sections, a tag vocabulary that grows
 * with the archive (one tag per 25 articles, three tags each) and ~300-word bodies, so listings,
 * tag pages and related articles all grow the way a real archive's do. `photos`: the JPEG each
 * article gets as its lead photo, in a folder of its own (storyFile; hard links to one file).
 */
const SECTIONS = ["world", "india", "business", "science", "sport"];
const WORDS = "the council said on tuesday that new figures showed a steady rise in exports while rain delayed sowing across several districts and officials expected a decision within weeks".split(" ");

function paragraph(seed: number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[(seed * 7 + i * 13) % WORDS.length]!);
  return `${out.join(" ")}.`;
}

/**
 * Where story `i` is, relative to the articles folder: `world/story-5.md`, or with a photo
 * `world/story-5/index.md` beside `world/story-5/photo.jpg`, the folder `npm run new --photo`
 * makes (src/cli/new.ts). Either way its page is `/world/story-5/`.
 */
export function storyFile(i: number, withPhoto = false): string {
  const section = SECTIONS[i % SECTIONS.length]!;
  return withPhoto ? `${section}/story-${i}/index.md` : `${section}/story-${i}.md`;
}

export async function generateArchive(dir: string, count: number, options: { photos?: Buffer } = {}): Promise<void> {
  const tagCount = Math.max(4, Math.floor(count / 25));
  const start = Date.UTC(2015, 0, 1);
  for (let i = 0; i < count; i++) {
    const section = SECTIONS[i % SECTIONS.length]!;
    const tags = [i % tagCount, (i * 7 + 3) % tagCount, (i * 13 + 5) % tagCount].map((t) => `Topic ${t}`);
    const date = new Date(start + i * 3_600_000).toISOString().replace(".000Z", "+00:00");
    const body = Array.from({ length: 5 }, (_, p) => paragraph(i + p, 60)).join("\n\n");
    const file = path.join(dir, storyFile(i, options.photos !== undefined));
    const text = [
      "---",
      `title: "Story ${i}: figures show steady rise"`,
      `description: "Standfirst of story ${i}."`,
      `date: ${date}`,
      `section: ${section}`,
      `tags: [${[...new Set(tags)].join(", ")}]`,
      "authors: [Asha Menon]",
      ...(options.photos ? ["image:", "  src: photo.jpg", '  alt: "A photo of the story."', '  caption: "What the photo shows."', '  credit: "Photo: Newsroom bench"'] : []),
      "---",
      body,
      "",
    ].join("\n");
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, text);
    if (options.photos) {
      // One file per article, all hard links to one source: every article's photo is checked
      // as a real archive's would be, but a cold build encodes one photo, not 20,000.
      const source = path.join(path.dirname(dir), "bench-photo.jpg");
      if (i === 0) await fs.writeFile(source, options.photos);
      await fs.link(source, path.join(path.dirname(file), "photo.jpg"));
    }
  }
}
