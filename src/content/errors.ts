/**
 * The catalogue of everything that can be wrong with an article, in the manner of Astro's
 * errors-data.ts: each entry has a stable name, a title, and a message and hint a writer can act on.
 * Validation collects problems for every article first and reports them all at once (see
 * ArticleValidationError), so one build shows every fix needed.
 */

export const WRITERS_GUIDE = "README.md#writing-articles";

/** What a catalogue entry may mention: the field, the offending value and a little context. */
export interface Details {
  field: string;
  value?: string;
  expected?: string;
  reason?: string;
  other?: string;
  /** The other name, when two names clash. */
  otherName?: string;
  allowed?: readonly string[];
  /** What the writer probably meant, offered in the message or hint. */
  suggestion?: string;
  /** A number the check compares with (days, a year). */
  limit?: number;
  /** A line as it reads in the encodings a file most likely is, best first (FileEncoding). */
  readings?: readonly { encodings: readonly string[]; iconv?: readonly string[]; text: string }[];
}

interface Entry {
  title: string;
  message: (d: Details) => string;
  hint: (d: Details) => string;
}
const entry = (e: Entry) => e;

const list = (values: readonly string[] = []) => values.join(", ");

/** What each field holds, used in hints so a writer sees an example of the fix. */
export const FIELD_EXAMPLES: Record<string, string> = {
  title: 'title: "The headline readers see"',
  description: 'description: "One or two sentences: the standfirst under the headline"',
  date: "date: 2023-08-30T15:30:00+05:30   (or a bare date: 2023-08-30)",
  updated: "updated: 2023-08-30T19:10:00+05:30",
  section: "section: world",
  tags: "tags: [Climate, Monsoon]",
  authors: "authors: [Asha Menon]",
  image: "image: { src: photo.jpg, alt: What the photo shows }",
  "image.src": "src: photo.jpg   (a file beside the article)",
  "image.alt": 'alt: "What the photo shows, for readers who cannot see it"',
  "image.caption": 'caption: "What is happening in the photo"',
  "image.credit": "credit: Reuters",
  draft: "draft: true",
  slug: "slug: my-article   (lowercase letters, digits and hyphens)",
  language: "language: en   (the article's language when it is not the site's: en, ar-EG, zh-Hant …)",
  "image.creator": "creator: Asha Menon   (the photographer)",
  "image.copyright": 'copyright: "© 2023 Reuters"',
  "image.license": "license: https://creativecommons.org/licenses/by/4.0/   (a web address)",
  "image.acquireLicensePage": "acquireLicensePage: https://example.org/licensing   (a web address)",
  corrections: 'corrections: [{ date: 2023-08-31T10:00:00+05:30, text: "An earlier version gave the wrong year." }]   (a list: each item a date and a text)',
  "corrections.date": "date: 2023-08-31T10:00:00+05:30   (when the correction was made: after the article's date, not in the future)",
  "corrections.text": 'text: "An earlier version of this article misspelt the minister’s name."',
  note: 'note: "This article was updated as the count went on."   (one line of markdown)',
  photos: "photos: { chart.jpg: { creator: Asha Menon, license: https://creativecommons.org/licenses/by/4.0/ } }   (by file name, as the text writes it)",
  "photos.creator": "creator: Asha Menon   (the photographer)",
  "photos.copyright": 'copyright: "© 2023 Reuters"',
  "photos.license": "license: https://creativecommons.org/licenses/by/4.0/   (a web address)",
  "photos.acquireLicensePage": "acquireLicensePage: https://example.org/licensing   (a web address)",
};
/**
 * The example for a field. The items of a list share one example, and so do the photos under
 * `photos:`: "corrections[2].date" → "corrections.date", "photos[chart.jpg].license" → "photos.license".
 */
export function fieldExample(field: string): string {
  const general = field.replace(/\[\d+\]/g, "").replace(/^photos\[.*\]/, "photos");
  return FIELD_EXAMPLES[field] ?? FIELD_EXAMPLES[general] ?? `${field.split(".").pop()}: …`;
}
const example = fieldExample;

export const ArticleErrors = {
  FrontMatterMissing: entry({
    title: "No front matter",
    message: () => "the file does not start with a front matter block.",
    hint: () => 'Start the file with a line "---", the fields (title, description, date, section), then "---".',
  }),
  FrontMatterLanguage: entry({
    title: "Front matter is not YAML",
    message: (d) => `the front matter is marked "---${d.value}"; only YAML front matter is read.`,
    hint: () => 'Start the front matter with a plain "---" line and write the fields as YAML. Code in articles never runs.',
  }),
  FrontMatterSyntax: entry({
    title: "Front matter YAML cannot be read",
    message: (d) => `the YAML is not valid: ${d.reason}`,
    hint: () =>
      'Check the indentation, and put in quotes any value that contains ": " or " #", or starts with [ { * & ! | > % @ or `, e.g. title: "Talks: day two" or title: "Fans celebrate #WorldCup win".',
  }),
  FileEncoding: entry({
    // `value` names the encoding only when it is certain (a byte order mark, UTF-16's NULs,
    // ISO-2022-JP's escapes); otherwise `readings` show the line in the likeliest encodings and
    // the writer picks: a wrong guess, converted, would publish mojibake without a word.
    title: "Article is not saved as UTF-8",
    message: (d) => {
      const where = (d.reason ?? "").replace(/^./, (c) => c.toUpperCase());
      if (d.value) return `the file is not UTF-8 text: it is ${d.value}. ${where}.`;
      const readings = (d.readings ?? []).map((r) => `\n        ${r.encodings.join(" or ")}:  ${r.text}`).join("");
      const count = d.readings?.length ?? 0;
      if (count === 0) return `the file is not UTF-8 text. ${where}.`;
      return count === 1
        ? `the file is not UTF-8 text. ${where}. It may be this encoding; check the line reads right in it:${readings}`
        : `the file is not UTF-8 text. ${where}. It reads like one of these encodings; pick the one where the line reads right:${readings}`;
    },
    hint: (d) => {
      if (d.value) {
        const name = d.value.split(" (")[0]!;
        return (
          `Save it again as UTF-8. VS Code: click the encoding in the status bar → "Reopen with Encoding" → ${name}, check the text reads right, then click it again → "Save with Encoding" → UTF-8. ` +
          "Notepad: File → Save As → Encoding: UTF-8. TextEdit: Format → Make Plain Text, then File → Save with Plain Text Encoding: Unicode (UTF-8). " +
          "Word: File → Save As → Plain Text (.txt) → Text encoding: Unicode (UTF-8), then rename it .md. " +
          `Terminal: iconv -f ${name.replace(" ", "")} -t UTF-8 old.md > new.md`
        );
      }
      const iconvNames = (d.readings ?? [])
        .flatMap((r) => r.encodings.map((name, i) => (r.iconv?.[i] ? `${name.split(" (")[0]} → ${r.iconv[i]}` : "")))
        .filter(Boolean)
        .join(", ");
      return (
        "Open it in the encoding where the line reads right, then save it as UTF-8. " +
        'VS Code: click the encoding in the status bar → "Reopen with Encoding" → that encoding, check the text reads right everywhere, then click it again → "Save with Encoding" → UTF-8. ' +
        "Notepad++: Encoding → Character sets → that encoding, then Encoding → Convert to UTF-8 and save. " +
        "TextEdit: File → Open → Options → Plain Text Encoding: that encoding, then File → Save with Plain Text Encoding: Unicode (UTF-8). " +
        "Terminal, once you know the encoding: iconv -f <the encoding that reads right> -t UTF-8 old.md > new.md, and check new.md reads right before it replaces old.md" +
        (iconvNames ? ` (iconv's names for the encodings above: ${iconvNames}).` : ".")
      );
    },
  }),
  FileNotText: entry({
    title: "Article is not a text file",
    message: (d) => `the file is ${d.value}, not text.`,
    hint: () =>
      "An article is plain text with an .md name. Copy the text into a plain-text editor (VS Code, Notepad, TextEdit after Format → Make Plain Text) and save it as UTF-8, " +
      "or export it from the word processor: Word → File → Save As → Plain Text (.txt) → Text encoding: Unicode (UTF-8).",
  }),
  TextCutByComment: entry({
    title: "Text cut short by a #",
    message: (d) => `"${d.value}" (${d.reason}) is read as a YAML comment, so ${d.other ? `the value ends at "${d.other}"` : "the value is empty"}.`,
    hint: (d) => `Put the whole value in quotes, e.g. ${d.field.split(".").pop()}: "${[d.other, d.value].filter(Boolean).join(" ")}"`,
  }),
  FieldMissing: entry({
    title: "Required field is missing",
    message: (d) => (d.reason ? `is required but has no value (${d.reason}).` : "is required but missing or empty."),
    hint: (d) => `Add it to the front matter, e.g. ${example(d.field)}`,
  }),
  FieldType: entry({
    title: "Field has the wrong kind of value",
    message: (d) => `should be ${d.expected}${d.value !== undefined ? ` (not "${d.value}")` : ""}.`,
    hint: (d) => `Write it like this: ${example(d.field)}`,
  }),
  ListItemEmpty: entry({
    title: "Empty item in a list",
    message: (d) => `item ${d.value} of ${d.field} is empty (${d.reason}): remove it (or write the ${d.field === "authors" ? "author's name" : "name"}).`,
    hint: (d) => (d.other && !d.other.endsWith("[]") ? `Remove the empty items: ${d.other}` : `Write the names, e.g. ${example(d.field)}`),
  }),
  FieldUnknown: entry({
    title: "Unknown field",
    message: () => "is not a field Newsroom knows.",
    hint: (d) => {
      // An inline photo's credit is shown under it, so it is written where its caption is.
      if (/^photos\[.*\]\.credit$/.test(d.field)) return `An inline photo's credit goes in its title, after " | ": ![What it shows](photo.jpg "Caption | Photo: Agency"). Under photos: use one of: ${list(d.allowed)}.`;
      const near = d.allowed?.find((a) => a !== d.field && a.slice(0, 3) === d.field.split(".").pop()!.slice(0, 3));
      return `${near ? `Did you mean "${near}"? ` : ""}Remove it, or use one of: ${list(d.allowed)}.`;
    },
  }),
  DateInvalid: entry({
    title: "Date cannot be read",
    message: (d) => `"${d.value}" is not a valid date (${d.reason}).`,
    hint: (d) => `Write a real day and time as year-month-day (ISO 8601), with the offset, e.g. ${example(d.field)}`,
  }),
  DateTimeSkipped: entry({
    title: "Time does not exist in the site's timezone",
    message: (d) => `"${d.value}" never happens: ${d.reason}.`,
    hint: (d) => `Write the time with its offset, e.g. ${d.suggestion} (the same moment as the clock reading before the change), or choose a time the clocks show.`,
  }),
  DateTimeRepeated: entry({
    title: "Time happens twice in the site's timezone",
    message: (d) => `"${d.value}" means two moments: ${d.reason}.`,
    hint: (d) => `Add the offset of the one you mean: ${d.suggestion}.`,
  }),
  DateTooFarAhead: entry({
    title: "Date too far ahead (a typo?)",
    message: (d) =>
      `${d.value} is ${d.reason} ahead${d.suggestion ? `; did you mean ${d.suggestion}?` : "; is it a typo?"} ` +
      `An embargo longer than ${d.limit} days is refused (embargoLimitDays in site.config.ts).`,
    hint: () => "Correct the year. If the embargo really is that long, a developer can raise embargoLimitDays in site.config.ts.",
  }),
  DateTooEarly: entry({
    title: "Date too early (a typo?)",
    message: (d) => `${d.value} is before the year ${d.limit}${d.suggestion ? `; did you mean ${d.suggestion}?` : "; is it a typo?"}`,
    hint: (d) => `Write the full year, e.g. ${example(d.field)}`,
  }),
  UpdatedInFuture: entry({
    title: "Updated in the future",
    message: (d) => `${d.value} is after the build's time (${d.reason})${d.suggestion ? `; did you mean ${d.suggestion}?` : "."}`,
    hint: () =>
      "`updated` says when a published article last changed, so it cannot be in the future: correct it, or remove it (an article under embargo has no update yet).",
  }),
  UpdatedBeforeDate: entry({
    title: "Updated before published",
    message: () => "is earlier than `date`.",
    hint: () => "`updated` is when the article last changed after publication: make it later than `date`, or remove it.",
  }),
  CorrectionBeforeDate: entry({
    title: "Correction dated before the article",
    message: (d) => `${d.value} is before the article's date (${d.other}): a correction is made after publication.`,
    hint: (d) => `Give the day and time the correction was made, after \`date\`, e.g. ${example(d.field)}`,
  }),
  CorrectionInFuture: entry({
    title: "Correction dated in the future",
    message: (d) => `${d.value} is after the build's time (${d.reason}): a correction is dated when it is made.`,
    hint: () => "Give the day and time the correction was made (now or earlier); check the year and the offset.",
  }),
  InlineTextImage: entry({
    title: "Image in a line of text",
    message: (d) => `has an image (${d.value}); ${d.field.startsWith("note") ? "an editor's note" : d.field.startsWith("corrections") ? "a correction" : "this field"} holds text, links and emphasis only.`,
    hint: () => "Remove the image. Photos go in the article's text, each in a paragraph of its own: ![What it shows](photo.jpg \"Caption | Credit\")",
  }),
  PhotoCreditMissing: entry({
    title: "Photo without a credit",
    message: (d) => `"${d.value}" has no credit; this site requires one on every photo (images.requireCredit in site.config.ts).`,
    hint: (d) =>
      d.field === "body"
        ? `Put the photo in a paragraph of its own and add the credit after " | " in its title, e.g. ![What it shows](${d.value} "Caption | Photo: Agency")`
        : "Add it under image:, e.g. credit: Reuters",
  }),
  PhotoRightsUnused: entry({
    title: "Rights for a photo the text does not show",
    message: (d) => `"${d.value}" is not an image in the article's text.`,
    hint: () => "Write the file name exactly as the text does in ![…](file name), or remove the entry. The lead photo's rights go under image:.",
  }),
  SectionUnknown: entry({
    title: "Unknown section",
    message: (d) => `"${d.value}" is not a section of this site.`,
    hint: (d) => `Use one of: ${list(d.allowed)}. A developer adds new sections in site.config.ts.`,
  }),
  SlugInvalid: entry({
    title: "Slug cannot be used in a URL",
    message: (d) => `"${d.value}" is not a valid slug.`,
    hint: () => "Use lowercase letters, digits and single hyphens, e.g. slug: cleverly-visits-beijing",
  }),
  UrlDuplicate: entry({
    title: "Two articles have the same URL",
    message: (d) => `gives the URL ${d.value}, which ${d.other} also has.`,
    hint: () => "Give one of them a different `slug:` (or rename its file or folder).",
  }),
  NameShared: entry({
    title: "Two different names would share one page",
    message: (d) => `"${d.value}" and "${d.otherName}" would share the page ${d.reason}. "${d.otherName}" is in ${d.other}.`,
    hint: (d) =>
      d.field === "authors"
        ? `If it is the same person, write the byline exactly as "${d.otherName}". If not, make the names differ by more than accents and punctuation, which page addresses leave out (e.g. add a middle initial).`
        : `If it is the same tag, write it exactly as "${d.otherName}" everywhere. If not, rename one so the names differ by more than accents and punctuation, which page addresses leave out (e.g. add a word).`,
  }),
  ImageMissing: entry({
    title: "Image file not found",
    message: (d) => `"${d.value}" does not exist.`,
    hint: (d) =>
      d.field === "body"
        ? "Put the image file in the article's folder and give its exact name, e.g. ![What it shows](photo.jpg \"Caption | Credit\")"
        : "Put the image file in the article's folder and give its exact name, e.g. src: photo.jpg",
  }),
  ImageOutside: entry({
    title: "Image path leaves the article's folder",
    message: (d) => `"${d.value}" points outside the article's folder.`,
    hint: () => "Images must sit beside the article (articles/<section>/<slug>/photo.jpg): copy the file there.",
  }),
  ImageRemote: entry({
    title: "Image is not a local file",
    message: (d) => `"${d.value}" is a web address or data URI: readers' browsers would fetch it from elsewhere.`,
    hint: () => "Download the image (with permission), put it beside the article and use its file name.",
  }),
  ImageFormat: entry({
    title: "Image format not supported",
    message: (d) => `"${d.value}" is not a JPEG, PNG, WebP, AVIF or GIF file.`,
    hint: () => "Export the image as JPEG (photos) or PNG (graphics).",
  }),
  ImageSvg: entry({
    title: "SVG images are not accepted",
    message: (d) => `"${d.value}" is an SVG file: SVG can carry script, which would run on the site's own address.`,
    hint: () => "Export the graphic as PNG (or JPEG for photos) and use that file instead.",
  }),
  ImageTooLarge: entry({
    title: "Image is too large",
    message: (d) => `"${d.value}" is ${d.reason}, the site's limit (images.maxPixels in site.config.ts).`,
    hint: () => "Resize it to at most about 4000 pixels on its long side (any image editor can) and save it again.",
  }),
  ImageUnreadable: entry({
    title: "Image cannot be read",
    message: (d) => `"${d.value}" could not be read as an image (${d.reason}).`,
    hint: () => "Open it in an image editor and export it again as JPEG or PNG.",
  }),
  ImageAnimationUnsupported: entry({
    title: "Animation would be published as a still",
    message: (d) =>
      `"${d.value}" is an animated ${d.reason === "APNG" ? "PNG (APNG)" : "AVIF (an image sequence)"}: ` +
      "the image pipeline reads only its first frame, so readers would see a still picture instead of the animation.",
    hint: () =>
      "Save the animation as an animated GIF or WebP (both stay animated on the site; GIF is what most tools export), " +
      "or, if a still is what you want, export the frame you want as JPEG or PNG.",
  }),
  ImageNotRead: entry({
    title: "Image reference not read as an image",
    message: (d) => `${d.value} is not read as an image (${d.reason}); it would show on the page as typed.`,
    hint: (d) =>
      `Put the file name in angle brackets, ${d.expected ?? "![What it shows](<Crowd at gate (2).jpg> \"Caption | Credit\")"}, ` +
      "or rename the file to letters, digits and hyphens (crowd-at-gate-2.jpg). An image is ![alt text](file name) with the closing ) on the same line; to print the characters instead, write \\![.",
  }),
} as const;

export type ArticleErrorName = keyof typeof ArticleErrors;

/** One thing wrong with one article. `field` is a front matter path such as "image.alt", or "body". */
export interface ArticleProblem {
  name: ArticleErrorName;
  file: string;
  field: string;
  message: string;
  hint: string;
  /**
   * Where in the file, when known: 1-based line and column (the field's key in the front matter,
   * the image's line in the body). `npm run check` fills these in (src/content/problem-position.ts).
   */
  line?: number;
  column?: number;
}

/** Makes a problem from a catalogue entry: the one way validation code reports anything. */
export function problem(name: ArticleErrorName, file: string, details: Details): ArticleProblem {
  const e = ArticleErrors[name];
  return { name, file, field: details.field, message: e.message(details), hint: e.hint(details) };
}

/** Thrown once per build with every problem in every article. */
export class ArticleValidationError extends Error {
  readonly problems: ArticleProblem[];
  constructor(problems: ArticleProblem[]) {
    super(formatProblems(problems));
    this.name = "ArticleValidationError";
    this.problems = problems;
  }
}

export function formatProblems(problems: ArticleProblem[]): string {
  const byFile = new Map<string, ArticleProblem[]>();
  for (const p of problems) {
    const list = byFile.get(p.file) ?? [];
    list.push(p);
    byFile.set(p.file, list);
  }
  const count = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  const out = [
    `Newsroom found ${count(problems.length, "problem")} in ${count(byFile.size, "article")}. Nothing was written.`,
  ];
  for (const [file, list] of byFile) {
    out.push("", `  ${file}`);
    for (const p of list) {
      // The line of a front matter field; body and whole-file problems name theirs in the message.
      const where = p.line === undefined || p.field.startsWith("(") || p.field === "body" ? "" : `line ${p.line}, `;
      out.push(`    ${where}${p.field}: ${p.message}`, `      fix: ${p.hint}`);
    }
  }
  out.push("", `The writer's guide: ${WRITERS_GUIDE}`);
  return out.join("\n");
}

/**
 * The catalogue of everything that can stop a build outside the articles: the site's folders
 * (articles/, the output folder), another build running, and layouts. Same shape as
 * ArticleErrors; `SiteError` carries one entry with the file (or folder) it is about.
 */
export interface SiteDetails {
  /** The file or folder the problem is about, project-relative where it is inside the project. */
  file: string;
  /** A second path: where a link points, a lock file. */
  other?: string;
  /** What went wrong, in the words of the system (an errno code, a Nunjucks message). */
  reason?: string;
  /** A process id (the build holding a lock). */
  pid?: number;
  /** Seconds (how long a build waited). */
  seconds?: number;
  /** A name (an unknown filter). */
  value?: string;
}

interface SiteEntry {
  title: string;
  message: (d: SiteDetails) => string;
  hint: (d: SiteDetails) => string;
}
const siteEntry = (e: SiteEntry) => e;

export const SiteErrors = {
  ArticlesFolderMissing: siteEntry({
    title: "No articles folder",
    message: (d) => `there is no ${d.file}/ folder in ${d.other}.`,
    hint: (d) =>
      `Run the command in the site's folder (the one with .eleventy.ts), or create the folder: mkdir ${d.file}. ` +
      "An empty articles folder is fine: the site is built with no stories yet.",
  }),
  OutputNotFolder: siteEntry({
    title: "The output folder is a file",
    message: (d) => `${d.file} is ${d.reason}, not a folder, so the site cannot be written into it.`,
    hint: (d) => `Move or delete ${d.file} (the build creates the folder), or point it at a folder.`,
  }),
  OutputLinkBroken: siteEntry({
    title: "The output folder is a link to nothing",
    message: (d) => `${d.file} is a symbolic link to ${d.other}, which does not exist.`,
    hint: (d) =>
      `Create the folder the link points to (mkdir -p ${d.other}), or remove the link (rm ${d.file}) to build into a plain folder. ` +
      "The build writes through a link to a folder; it never replaces the link.",
  }),
  OutputNotWritable: siteEntry({
    title: "The output folder cannot be written",
    message: (d) => `${d.file} cannot be written by this user (${d.reason}).`,
    hint: (d) =>
      `Make ${d.file} writable by the user running the build (chown or chmod it, or remount it read-write), ` +
      "or build into another folder and copy it. Nothing was changed.",
  }),
  BuildBusy: siteEntry({
    title: "Another build is running in this folder",
    message: (d) =>
      `the build in process ${d.pid} is writing ${d.file}` + (d.seconds ? ` and has not finished after ${d.seconds} s of waiting.` : "."),
    hint: (d) =>
      "Wait for it to finish and build again (NEWSROOM_BUILD_WAIT=<seconds> sets how long a build waits for another; 0 refuses at once). " +
      `If no build is running (a process on another machine or container sharing the folder), delete ${d.other}.`,
  }),
  BuildIncomplete: siteEntry({
    title: "The build did not write a complete site",
    message: (d) => `${d.reason} Nothing was copied into ${d.file}.`,
    hint: () => "Build again. If it happens again, check that no other program (a clean-up script, a second build by older code) deletes folders beside the output folder.",
  }),
  CommitInterrupted: siteEntry({
    title: "The build stopped while updating the site",
    message: (d) => `updating ${d.file} failed part-way (${d.reason}): some of its files are from this build, some from the previous one.`,
    hint: () => "Fix the cause above and build again: the next build rewrites every page (it does not trust the half-updated folder).",
  }),
  SearchIndexFailed: siteEntry({
    title: "The search index could not be built",
    message: (d) => `Pagefind could not index ${d.file}: ${d.reason}. Nothing was copied into the site.`,
    hint: () =>
      "Pagefind runs a program of its own, installed with the npm package for this system (@pagefind/linux-x64, @pagefind/darwin-arm64, …): " +
      "run `npm ci` (optional dependencies must not be skipped), then build again. A page Pagefind refuses is named above.",
  }),
  LayoutFilterUnknown: siteEntry({
    title: "Unknown filter in a layout",
    message: (d) => `the layout uses the filter "${d.value}", which does not exist.`,
    hint: (d) =>
      `Check the spelling of "| ${d.value}" in ${d.file}. The filters are Nunjucks' own (https://mozilla.github.io/nunjucks/templating.html#builtin-filters) ` +
      "and those the plugin adds in src/index.ts (addFilter).",
  }),
  LayoutSyntax: siteEntry({
    title: "A layout cannot be read",
    message: (d) => `${d.reason}.`,
    hint: (d) =>
      `Check the tag at that place in ${d.file}: every {% if %}, {% for %}, {% block %} and {% macro %} needs a complete expression and its {% end… %} tag, ` +
      "and every {{ needs its }}.",
  }),
  LayoutError: siteEntry({
    title: "A layout failed",
    message: (d) => `${d.reason}.`,
    hint: (d) => `Check ${d.file} at that place; the message above is Nunjucks' (https://mozilla.github.io/nunjucks/templating.html).`,
  }),
} as const;

export type SiteErrorName = keyof typeof SiteErrors;

/** A build stopped by one catalogue entry of SiteErrors. `file` is what it is about. */
export class SiteError extends Error {
  readonly code: SiteErrorName;
  readonly title: string;
  readonly hint: string;
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  constructor(code: SiteErrorName, details: SiteDetails & { line?: number; column?: number }, options?: { cause?: unknown }) {
    const e = SiteErrors[code];
    super(e.message(details), options);
    this.name = "SiteError";
    this.code = code;
    this.title = e.title;
    this.hint = e.hint(details);
    this.file = details.file;
    this.line = details.line;
    this.column = details.column;
  }
}
