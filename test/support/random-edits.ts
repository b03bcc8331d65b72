import fs from "node:fs/promises";
import path from "node:path";
import { article } from "./fixture-site.ts";

/**
 * A newsroom's day as random edits to a fixture site's articles, for differential tests of the
 * incremental build (test/build/incremental.test.ts): the same seed gives the same site and the
 * same edits, so a failure is replayed by its seed. Every edit keeps the site valid (unique
 * addresses, known sections, dates a build accepts), so any build failure is the builder's.
 */

/** A seeded pseudo-random generator (mulberry32): numbers in [0, 1), the same sequence for the same seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Sections, tags and authors the stories draw from: few, so listings share articles and run to archive pages. */
export const SECTIONS = ["world", "india", "business"] as const;
export const TAGS = ["Monsoon", "Markets", "Cricket", "Elections", "Space", "Climate"] as const;
/** The first three have profiles in the sample settings (so author pages); "Guest Writer" has none. */
export const AUTHORS = ["Asha Menon", "Rahul Iyer", "Meera Das", "Guest Writer"] as const;

const HOUR = 3_600_000;
const OFFSET = "+05:30"; // the sample site's timezone, Asia/Kolkata
const OFFSET_MS = 5.5 * HOUR;

/** An instant as ISO 8601 in site time, to the minute ("2023-08-26T12:00:00+05:30"). */
export function siteTime(ms: number): string {
  const local = new Date(Math.floor(ms / 60_000) * 60_000 + OFFSET_MS).toISOString();
  return `${local.slice(0, 19)}${OFFSET}`;
}

interface Story {
  /** Path under articles/: "world/story-3.md", or "world/story-3/index.md" for a story with a photo. */
  file: string;
  slug: string;
  section: string;
  title: string;
  date: number;
  tags: string[];
  authors: string[];
  draft: boolean;
  body: string;
  /** Which of the two test photos is its lead photo (and inline figure), if any. */
  photo?: 0 | 1;
  /** Corrections (instants, whole minutes), each between its date and the clock when made. */
  corrections?: number[];
}

/**
 * The articles of one fixture site and the build clock, kept in step with the files on disk.
 * `step()` applies one random edit and says what it did, in words for a failure message.
 */
export class NewsDesk {
  readonly stories: Story[] = [];
  /** The build's clock (ms); builds run at `siteTime(now)`. */
  now = Date.parse("2023-08-26T12:00:00+05:30");
  #counter = 0;

  constructor(
    readonly root: string,
    readonly random: () => number,
    readonly photos: [Buffer, Buffer],
  ) {}

  get nowIso(): string {
    return siteTime(this.now);
  }

  /** Adds `count` random stories: the starting site (written by `writeAll`). */
  seed(count: number): void {
    for (let i = 0; i < count; i++) this.stories.push(this.#newStory());
  }

  /** Writes every story's files (after `seed`). */
  async writeAll(): Promise<void> {
    for (const story of this.stories) await this.#write(story);
  }

  /** Applies one random edit to the files and returns what it did. */
  async step(): Promise<string> {
    const edits: [weight: number, edit: () => Promise<string> | undefined][] = [
      [2, () => this.#add()],
      [2, () => this.#pick((s) => this.#rewrite(s, () => (s.body = this.#body(s)), "edit the body of"))],
      [1, () => this.#pick((s) => this.#rewrite(s, () => (s.title = this.#title()), "edit the headline of"))],
      [2, () => this.#pick((s) => this.#retag(s))],
      [1, () => this.#pick((s) => this.#rewrite(s, () => (s.date = this.#date()), "change the date of"))],
      [1, () => (this.stories.length > 8 ? this.#pick((s) => this.#delete(s)) : undefined)],
      [1, () => this.#pick((s) => this.#rename(s))],
      [1, () => this.#passTime()],
      [1, () => this.#pick((s) => (s.photo === undefined ? undefined : this.#rewrite(s, () => (s.photo = s.photo === 0 ? 1 : 0), "replace the photo of")))],
      [1, () => this.#pick((s) => this.#rewrite(s, () => (s.draft = !s.draft), s.draft ? "publish the draft" : "make a draft of"))],
      [1, () => this.#pick((s) => this.#correct(s))],
    ];
    for (;;) {
      let roll = this.random() * edits.reduce((sum, [w]) => sum + w, 0);
      const [, edit] = edits.find(([w]) => (roll -= w) < 0) ?? edits[0]!;
      const done = edit();
      if (done) return done;
    }
  }

  #int(below: number): number {
    return Math.floor(this.random() * below);
  }

  #choose<T>(items: readonly T[]): T {
    return items[this.#int(items.length)]!;
  }

  #pick(edit: (story: Story) => Promise<string> | undefined): Promise<string> | undefined {
    return this.stories.length === 0 ? undefined : edit(this.#choose(this.stories));
  }

  #title(): string {
    return `Story ${++this.#counter}: ${this.#choose(["rains", "rates", "runs", "votes", "orbits", "heat"])} ${this.#choose(["rise", "fall", "stall", "surge"])}`;
  }

  /**
   * A date in the three weeks before the clock, or one in five up to 19 months before that (so
   * the search index has parts for months and for a year: src/outputs/search-parts.ts), or now
   * and then an embargo up to 40 hours ahead. The archive dates take no extra random draw, so a
   * seed replays the same steps as before they were added.
   */
  #date(): number {
    if (this.random() < 0.1) return this.now + (1 + this.#int(40)) * HOUR + this.#int(60) * 60_000;
    const minutes = this.#int(21 * 24 * 60);
    const archive = minutes % 5 === 0 ? ((minutes % 19) + 1) * 30 * 24 * HOUR : 0;
    return this.now - minutes * 60_000 - 60_000 - archive;
  }

  #body(story: Pick<Story, "photo">): string {
    const words = ["monsoon", "markets", "rupee", "wicket", "orbit", "ballot", "heat", "river", "port", "rain"];
    const paragraphs = Array.from({ length: 1 + this.#int(3) }, () =>
      Array.from({ length: 8 + this.#int(20) }, () => this.#choose(words)).join(" ") + ".",
    );
    if (story.photo !== undefined && this.random() < 0.5) paragraphs.push(`![The scene](photo.jpg "What the photo shows. | Photo: Newsroom")`);
    return paragraphs.join("\n\n");
  }

  #newStory(): Story {
    const slug = `story-${++this.#counter}`;
    const section = this.#choose(SECTIONS);
    const photo = this.random() < 0.3 ? (this.#int(2) as 0 | 1) : undefined;
    const tags = [...new Set(Array.from({ length: this.#int(3) }, () => this.#choose(TAGS)))];
    const authors = [...new Set(Array.from({ length: 1 + this.#int(2) }, () => this.#choose(AUTHORS)))];
    const story: Story = {
      file: photo === undefined ? `${section}/${slug}.md` : `${section}/${slug}/index.md`,
      slug,
      section,
      title: this.#title(),
      date: this.#date(),
      tags,
      authors,
      draft: false,
      body: "",
      photo,
    };
    story.body = this.#body(story);
    return story;
  }

  #text(story: Story): string {
    return article(
      {
        title: story.title,
        description: `What happened in ${story.title.toLowerCase()}.`,
        date: siteTime(story.date),
        section: story.section,
        tags: story.tags.length > 0 ? story.tags : undefined,
        authors: story.authors,
        draft: story.draft || undefined,
        image: story.photo === undefined ? undefined : { src: "photo.jpg", alt: "The scene", caption: "What the photo shows.", credit: "Newsroom" },
        corrections: this.#validCorrections(story),
      },
      story.body,
    );
  }

  async #write(story: Story): Promise<void> {
    const file = path.join(this.root, "articles", story.file);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, this.#text(story));
    if (story.photo !== undefined) await fs.writeFile(path.join(path.dirname(file), "photo.jpg"), this.photos[story.photo]);
  }

  /** The story's own files: its folder for a story with a photo, else its .md file. */
  #ownPath(story: Story): string {
    const file = path.join(this.root, "articles", story.file);
    return story.photo === undefined ? file : path.dirname(file);
  }

  async #add(): Promise<string> {
    const story = this.#newStory();
    this.stories.push(story);
    await this.#write(story);
    return `add ${story.file} (${story.section}, ${siteTime(story.date)}, tags [${story.tags}], ${story.photo === undefined ? "no photo" : "photo"})`;
  }

  async #rewrite(story: Story, change: () => unknown, what: string): Promise<string> {
    change();
    await this.#write(story);
    return `${what} ${story.file}${what.includes("date") ? ` to ${siteTime(story.date)}` : ""}`;
  }

  async #retag(story: Story): Promise<string> {
    const missing = TAGS.filter((t) => !story.tags.includes(t));
    if (story.tags.length > 0 && (missing.length === 0 || this.random() < 0.5)) {
      const tag = this.#choose(story.tags);
      story.tags = story.tags.filter((t) => t !== tag);
      await this.#write(story);
      return `remove tag ${tag} from ${story.file}`;
    }
    const tag = this.#choose(missing);
    story.tags = [...story.tags, tag];
    await this.#write(story);
    return `add tag ${tag} to ${story.file}`;
  }

  /**
   * Adds a correction made at a random minute between the story's date and the clock (a story
   * still under embargo has none to make). It moves the story's dateModified, feed and sitemap
   * dates and puts it on /corrections/.
   */
  #correct(story: Story): Promise<string> | undefined {
    const from = Math.ceil(story.date / 60_000) * 60_000;
    const to = Math.floor(this.now / 60_000) * 60_000;
    if (from > to) return undefined;
    const at = from + this.#int((to - from) / 60_000 + 1) * 60_000;
    story.corrections = [...(story.corrections ?? []), at];
    return this.#write(story).then(() => `correct ${story.file} at ${siteTime(at)}`);
  }

  /** The corrections a build accepts: a later change of date may have put some before it. */
  #validCorrections(story: Story): { date: string; text: string }[] | undefined {
    const kept = (story.corrections ?? []).filter((at) => at >= Math.floor(story.date / 60_000) * 60_000 && at <= this.now);
    return kept.length === 0 ? undefined : kept.map((at, i) => ({ date: siteTime(at), text: `Correction ${i + 1}: a *figure* was wrong.` }));
  }

  async #delete(story: Story): Promise<string> {
    this.stories.splice(this.stories.indexOf(story), 1);
    await fs.rm(this.#ownPath(story), { recursive: true });
    return `delete ${story.file}`;
  }

  async #rename(story: Story): Promise<string> {
    const before = story.file;
    const from = this.#ownPath(story);
    story.slug = `renamed-${++this.#counter}`;
    story.file = story.photo === undefined ? `${story.section}/${story.slug}.md` : `${story.section}/${story.slug}/index.md`;
    await fs.rename(from, this.#ownPath(story));
    return `rename ${before} to ${story.file}`;
  }

  /** Moves the clock just past the next embargo, or 6 to 30 hours on when there is none. */
  async #passTime(): Promise<string> {
    const embargoes = this.stories.map((s) => s.date).filter((d) => d > this.now);
    this.now = embargoes.length > 0 ? Math.min(...embargoes) + this.#int(180) * 60_000 + 60_000 : this.now + (6 + this.#int(24)) * HOUR;
    return `move the clock to ${this.nowIso}${embargoes.length > 0 ? " (an embargo passes)" : ""}`;
  }
}
