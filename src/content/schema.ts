import { z } from "zod";
import { DateTime } from "luxon";
import { readableDate } from "../filters/dates.ts";
import { parseArticleDate, type DateResult } from "./dates.ts";
import { problem, type ArticleProblem } from "./errors.ts";
import { implausibleDates } from "./plausible-dates.ts";
import { SLUG } from "./slug.ts";

/**
 * The article contract: what writers may put in front matter. zod checks the shape; the site-aware
 * checks (sections, dates in the site timezone and against the build's clock) follow, and every
 * failure becomes an entry from the catalogue in errors.ts.
 *
 * Front matter arrives as text (src/content/front-matter.ts keeps what the writer typed:
 * `title: 1984` is "1984"), so only the fields that are not text are converted here: `draft`.
 */

const text = z.string().trim().min(1);
// Writers often write `tags: Climate` for a single tag; accept it as a one-item list.
const names = z.union([text, z.array(text)]).transform((v) => (Array.isArray(v) ? v : [v]));

// A BCP 47 language tag ("en", "ar-EG", "zh-Hant"), kept in its canonical spelling ("AR-eg" → "ar-EG").
// Intl.getCanonicalLocales checks the syntax (RFC 5646); the 2–3 letter primary subtag (ISO 639)
// is required too, because "English" or "arabic" are well-formed tags that name no language.
const languageTag = text.transform((tag, ctx) => {
  try {
    const [canonical] = Intl.getCanonicalLocales(tag);
    if (canonical && /^[a-z]{2,3}(?:-|$)/.test(canonical)) return canonical;
  } catch {
    // Not a language tag: reported below.
  }
  ctx.addIssue({ code: "custom", message: "not a BCP 47 language tag", input: tag });
  return z.NEVER;
});

// YAML 1.2 core schema booleans (yaml.org/spec/1.2.2, 10.3.2). yes/no/on/off are YAML 1.1 and stay
// words here: `draft: yes` is refused with its value in the message rather than guessed.
const TRUE = /^(?:true|True|TRUE)$/;
const FALSE = /^(?:false|False|FALSE)$/;
const flag = z.preprocess((v) => (typeof v === "string" ? (TRUE.test(v.trim()) ? true : FALSE.test(v.trim()) ? false : v) : v), z.boolean());

// A web address a reader can open (a photo's licence, where to license it): http or https only.
const webAddress = text.refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), { message: "not a web address" });

/**
 * A photo's rights, the fields of Google's image licence metadata
 * (developers.google.com/search/docs/appearance/structured-data/image-license-metadata):
 * `credit` (creditText, also shown under the photo), `creator` (the photographer), `copyright`
 * (copyrightNotice), `license` (a URL: the licence's terms) and `acquireLicensePage` (a URL:
 * where to license the photo).
 */
const imageSchema = z.strictObject({
  src: text,
  alt: text,
  caption: text.optional(),
  credit: text.optional(),
  creator: text.optional(),
  copyright: text.optional(),
  license: webAddress.optional(),
  acquireLicensePage: webAddress.optional(),
});

/**
 * The rights of an inline photo, under `photos:` by its file name as the text writes it. Its
 * credit is not here: it is shown, so it goes in the image's title after " | " (figure.ts).
 */
const photoRightsSchema = z.strictObject({
  creator: text.optional(),
  copyright: text.optional(),
  license: webAddress.optional(),
  acquireLicensePage: webAddress.optional(),
});

/** A correction: when it was made, and what was corrected (one line of markdown). */
const correctionSchema = z.strictObject({ date: text, text });

export const frontMatterSchema = z.strictObject({
  title: text,
  description: text,
  // A string here: YAML's core schema keeps dates as text, read below in the site timezone.
  date: text,
  updated: text.optional(),
  section: text,
  tags: names.optional(),
  authors: names.optional(),
  image: imageSchema.optional(),
  draft: flag.optional(),
  slug: z.string().regex(SLUG).optional(),
  // The article's language when it is not the site's: gives `lang` and `dir` to the article.
  language: languageTag.optional(),
  // Corrections, oldest first on the page; each dated after `date` and not after the build.
  corrections: z.array(correctionSchema).optional(),
  // An editor's note shown above the text (one line of markdown).
  note: text.optional(),
  // Rights of inline photos, by file name: { "chart.jpg": { creator, copyright, license, acquireLicensePage } }.
  photos: z.record(z.string(), photoRightsSchema).optional(),
});

export type RawFrontMatter = z.output<typeof frontMatterSchema>;

export const ALLOWED_FIELDS = Object.keys(frontMatterSchema.shape);
const IMAGE_FIELDS = Object.keys(imageSchema.shape);
const CORRECTION_FIELDS = Object.keys(correctionSchema.shape);
const PHOTO_FIELDS = Object.keys(photoRightsSchema.shape);

/** How to describe a field's expected value to a writer. */
const EXPECTED: Record<string, string> = {
  tags: "a list of tag names",
  authors: "a list of author names",
  draft: "true or false",
  image: "a group with src and alt (and optionally caption and credit)",
  slug: "text",
  language: "a language tag (BCP 47) such as en, ar-EG or zh-Hant",
  corrections: "a list of corrections, each with a date and a text",
  "corrections[]": "a group with date and text",
  photos: "a group of photos by file name, each with creator, copyright, license or acquireLicensePage",
  "photos[]": "a group with creator, copyright, license or acquireLicensePage",
  "photos.license": "a web address (https://…)",
  "photos.acquireLicensePage": "a web address (https://…)",
  "image.license": "a web address (https://…)",
  "image.acquireLicensePage": "a web address (https://…)",
};

// Said of a required field whose value YAML reads as "no value".
const NO_VALUE = 'left empty, or written as ~ or null, which YAML reads as "no value"; if the text really is "null", put it in quotes';

export interface ArticleFrontMatter extends Omit<RawFrontMatter, "date" | "updated" | "corrections"> {
  date: DateTime;
  updated?: DateTime;
  /** Oldest first (as written when two share a time); `item` is its place in the list as written, from 0. */
  corrections: { date: DateTime; text: string; item: number }[];
}

export type ValidationResult =
  | { ok: true; value: ArticleFrontMatter }
  | { ok: false; problems: ArticleProblem[] };

/** What validation needs of the site; `embargoLimitDays` and `language` default to 365 and "en". */
export interface ValidationSite {
  timezone: string;
  sections: Record<string, unknown>;
  embargoLimitDays?: number;
  language?: string;
}

/**
 * Checks one article's front matter (as read by readFrontMatter) against the contract, the site's
 * sections and timezone, and the build's clock `now` (for embargoes and updates). Returns the
 * typed front matter, or every problem found (never throws).
 */
export function validateFrontMatter(data: unknown, file: string, site: ValidationSite, now: Date = new Date()): ValidationResult {
  const problems: ArticleProblem[] = [];
  data = withoutEmptyOptionals(data);
  const parsed = frontMatterSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(...problemsFromIssue(issue, file, data));
  }
  // The site-aware checks run even when the shape is wrong, so a writer sees every problem in
  // one build: a missing title and an unknown section are reported together.
  const raw: Record<string, unknown> = typeof data === "object" && data !== null ? (data as Record<string, unknown>) : {};
  const reported = new Set(problems.map((p) => p.field));
  const given = (field: string): string | undefined => {
    const value = raw[field];
    return typeof value === "string" && value.trim() !== "" && !reported.has(field) ? value.trim() : undefined;
  };

  const sections = Object.keys(site.sections);
  const section = given("section");
  if (section !== undefined && !sections.includes(section)) {
    problems.push(problem("SectionUnknown", file, { field: "section", value: section, allowed: sections }));
  }
  const dateText = given("date");
  const date = dateText === undefined ? undefined : parseArticleDate(dateText, site.timezone);
  if (date && !date.ok) problems.push(dateProblem(file, "date", dateText!, date));
  const updatedText = given("updated");
  const updated = updatedText === undefined ? undefined : parseArticleDate(updatedText, site.timezone);
  if (updated && !updated.ok) problems.push(dateProblem(file, "updated", updatedText!, updated));
  const implausible = implausibleDates(
    file,
    {
      date: date?.ok ? { text: dateText!, value: date.date } : undefined,
      updated: updated?.ok ? { text: updatedText!, value: updated.date } : undefined,
    },
    { now, embargoLimitDays: site.embargoLimitDays ?? 365, timezone: site.timezone, language: site.language ?? "en" },
  );
  problems.push(...implausible);
  if (updated?.ok && date?.ok && updated.date < date.date && !implausible.some((p) => p.field === "updated")) {
    problems.push(problem("UpdatedBeforeDate", file, { field: "updated" }));
  }

  const corrections = correctionDates(raw.corrections, file, date?.ok ? { text: dateText!, value: date.date } : undefined, reported, site, now);
  problems.push(...corrections.problems);

  if (!parsed.success || problems.length > 0 || !date?.ok) return { ok: false, problems: dedupe(problems) };
  const { corrections: _written, ...fields } = parsed.data;
  return { ok: true, value: { ...fields, date: date.date, updated: updated?.ok ? updated.date : undefined, corrections: corrections.value } };
}

/** "corrections[2].date": how messages name a field inside a list (items counted from 1, as writers count). */
export function itemField(list: string, index: number, field?: string): string {
  return `${list}[${index + 1}]${field ? `.${field}` : ""}`;
}

/** `photos[chart.jpg].license`: how messages name the rights of one inline photo. */
export function photoField(name: string, field?: string): string {
  return `photos[${name}]${field ? `.${field}` : ""}`;
}

/**
 * Reads each correction's date in the site timezone and checks it against the article's `date`
 * (a correction follows publication) and the build's clock `now` (a correction is dated when it
 * is made, so never after the build). Corrections whose shape zod refused (`reported`) are skipped:
 * they have their problem already. Returns the corrections oldest first.
 */
function correctionDates(
  written: unknown,
  file: string,
  published: { text: string; value: DateTime } | undefined,
  reported: Set<string>,
  site: ValidationSite,
  now: Date,
): { value: { date: DateTime; text: string; item: number }[]; problems: ArticleProblem[] } {
  const value: { date: DateTime; text: string; item: number }[] = [];
  const problems: ArticleProblem[] = [];
  if (!Array.isArray(written)) return { value, problems };
  written.forEach((item: unknown, i) => {
    const at = (field: string) => itemField("corrections", i, field);
    if (typeof item !== "object" || item === null || reported.has(at("date")) || reported.has(itemField("corrections", i))) return;
    const { date: typed, text: said } = item as Record<string, unknown>;
    if (typeof typed !== "string" || typed.trim() === "") return;
    const result = parseArticleDate(typed, site.timezone);
    if (!result.ok) {
      problems.push(dateProblem(file, at("date"), typed.trim(), result));
      return;
    }
    if (published && result.date < published.value) {
      problems.push(problem("CorrectionBeforeDate", file, { field: at("date"), value: typed.trim(), other: published.text }));
    } else if (result.date.toMillis() > now.getTime()) {
      const clock = DateTime.fromJSDate(now, { zone: site.timezone }).toISO() ?? "";
      problems.push(problem("CorrectionInFuture", file, { field: at("date"), value: typed.trim(), reason: readableDate(clock, site.language ?? "en", site.timezone) }));
    }
    if (typeof said === "string") value.push({ date: result.date, text: said.trim(), item: i });
  });
  // Stable: two corrections at one time keep the order they were written in.
  value.sort((a, b) => a.date.toMillis() - b.date.toMillis());
  return { value, problems };
}

function dateProblem(file: string, field: string, value: string, result: Extract<DateResult, { ok: false }>): ArticleProblem {
  if (result.error === "DateInvalid") return problem("DateInvalid", file, { field, value, reason: result.reason });
  return problem(result.error, file, { field, value, reason: result.reason, suggestion: result.suggestion });
}

/**
 * An optional field left empty (`updated:`, `caption: ~`) is taken as not given, as writers mean
 * when they keep a template's lines. Required fields keep their null, to be reported as missing.
 */
function withoutEmptyOptionals(data: unknown): unknown {
  if (typeof data !== "object" || data === null || Array.isArray(data)) return data;
  const strip = (object: Record<string, unknown>, shape: Record<string, z.ZodType>) =>
    Object.fromEntries(Object.entries(object).filter(([key, value]) => !(value === null && shape[key]?.safeParse(undefined).success)));
  const top = strip(data as Record<string, unknown>, frontMatterSchema.shape);
  const image = top.image;
  if (typeof image === "object" && image !== null && !Array.isArray(image)) top.image = strip(image as Record<string, unknown>, imageSchema.shape);
  const photos = top.photos;
  if (typeof photos === "object" && photos !== null && !Array.isArray(photos)) {
    top.photos = Object.fromEntries(
      Object.entries(photos).map(([name, rights]) => [name, typeof rights === "object" && rights !== null && !Array.isArray(rights) ? strip(rights as Record<string, unknown>, photoRightsSchema.shape) : rights]),
    );
  }
  return top;
}

/** Catalogue problems for one zod issue; `data` is the front matter checked (for the lists an item is in). */
function problemsFromIssue(issue: z.core.$ZodIssue, file: string, data: unknown): ArticleProblem[] {
  if (issue.path[0] === "corrections") return correctionProblems(issue, file);
  if (issue.path[0] === "photos") return photoProblems(issue, file);
  const field = issue.path.map(String).join(".");
  // An item of a list (`tags: [Markets, ~]`): name the item, not just the list.
  const item = issue.path.at(-1);
  if (typeof item === "number" && issue.path.length >= 2) return [itemProblem(issue, item, file, valueAt(data, issue.path.slice(0, -1)))];
  // `names` is "one name or a list of names": when a list fails, its branch's issues say which item.
  if (issue.code === "invalid_union" && Array.isArray(issue.input)) {
    const listBranch = issue.errors.find((branch) => branch.some((i) => typeof i.path[0] === "number"));
    if (listBranch) return listBranch.flatMap((i) => problemsFromIssue({ ...i, path: [...issue.path, ...i.path] } as z.core.$ZodIssue, file, data));
  }
  switch (issue.code) {
    case "unrecognized_keys": {
      const allowed = field === "image" ? IMAGE_FIELDS : ALLOWED_FIELDS;
      return issue.keys.map((key) =>
        problem("FieldUnknown", file, { field: field ? `${field}.${key}` : key, allowed }),
      );
    }
    case "invalid_type":
      if (field === "") {
        return [problem("FieldType", file, { field: "(front matter)", expected: "a list of fields such as title: …" })];
      }
      if (issue.input === undefined) return [problem("FieldMissing", file, { field })];
      if (issue.input === null) return [problem("FieldMissing", file, { field, reason: NO_VALUE })];
      return [problem("FieldType", file, { field, expected: EXPECTED[field] ?? textExpected(issue.input), value: typeof issue.input === "string" ? issue.input : undefined })];
    case "too_small":
      return [problem("FieldMissing", file, { field })];
    case "invalid_format":
      return [problem("SlugInvalid", file, { field, value: String(issue.input ?? "") })];
    case "custom":
      // A licence or licensing page that is not a web address (`license: CC BY`).
      if (EXPECTED[field]) return [problem("FieldType", file, { field, expected: EXPECTED[field]!, value: typeof issue.input === "string" ? issue.input : undefined })];
    // falls through
    default: {
      const top = field.split(".")[0] ?? field;
      return [problem("FieldType", file, { field: top, expected: EXPECTED[top] ?? "text" })];
    }
  }
}

/**
 * Problems inside `corrections:`, named the way a writer finds them: `corrections` (not a list),
 * `corrections[2]` (an item that is not a group), `corrections[2].date` (a field of an item).
 */
function correctionProblems(issue: z.core.$ZodIssue, file: string): ArticleProblem[] {
  const [, index, key] = issue.path;
  const value = typeof issue.input === "string" ? issue.input : undefined;
  if (typeof index !== "number") {
    return [problem("FieldType", file, { field: "corrections", expected: EXPECTED.corrections!, value })];
  }
  if (key === undefined) {
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((k) => problem("FieldUnknown", file, { field: itemField("corrections", index, k), allowed: CORRECTION_FIELDS }));
    }
    return [problem("FieldType", file, { field: itemField("corrections", index), expected: EXPECTED["corrections[]"]!, value })];
  }
  const field = itemField("corrections", index, String(key));
  if (issue.code === "too_small" || issue.input === undefined) return [problem("FieldMissing", file, { field })];
  if (issue.input === null) return [problem("FieldMissing", file, { field, reason: NO_VALUE })];
  return [problem("FieldType", file, { field, expected: textExpected(issue.input), value })];
}

/** Problems inside `photos:`, named `photos` (not a group), `photos[chart.jpg]` or `photos[chart.jpg].license`. */
function photoProblems(issue: z.core.$ZodIssue, file: string): ArticleProblem[] {
  const [, name, key] = issue.path;
  const value = typeof issue.input === "string" ? issue.input : undefined;
  if (name === undefined) {
    if (issue.code === "unrecognized_keys") return [];
    return [problem("FieldType", file, { field: "photos", expected: EXPECTED.photos!, value })];
  }
  if (key === undefined) {
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((k) => problem("FieldUnknown", file, { field: photoField(String(name), k), allowed: PHOTO_FIELDS }));
    }
    return [problem("FieldType", file, { field: photoField(String(name)), expected: EXPECTED["photos[]"]!, value })];
  }
  const field = photoField(String(name), String(key));
  const expected = EXPECTED[`photos.${String(key)}`] ?? textExpected(issue.input);
  if (issue.code === "too_small" || issue.input === undefined) return [problem("FieldMissing", file, { field })];
  return [problem("FieldType", file, { field, expected, value })];
}

/** Item `index` (from 0) of the list `items` failed: empty (null, ~, "" or spaces), or not text. */
function itemProblem(issue: z.core.$ZodIssue, index: number, file: string, items: unknown): ArticleProblem {
  const list = issue.path.slice(0, -1).map(String).join(".");
  // The item as YAML read it (zod's input is already trimmed).
  const input = Array.isArray(items) ? items[index] : issue.input;
  const empty = input === null || input === undefined || (typeof input === "string" && input.trim() === "");
  if (empty) {
    const reason = typeof input !== "string" ? "left empty, or written as ~ or null" : input === "" ? 'written as ""' : "only spaces";
    return problem("ListItemEmpty", file, { field: list, value: String(index + 1), reason, other: `${list}: [${remainingItems(items, index)}]` });
  }
  return problem("FieldType", file, { field: list, expected: `${EXPECTED[list] ?? "a list of names"}; item ${index + 1} should be ${textExpected(input)}` });
}

/** The list as the writer would write it without item `index` or other empty items, e.g. "Markets, Oil". */
function remainingItems(items: unknown, index: number): string {
  const kept = Array.isArray(items) ? items.filter((v, i): v is string => i !== index && typeof v === "string" && v.trim() !== "") : [];
  // Quoted when YAML would read the name otherwise (a comma ends a flow item; # starts a comment…).
  return kept.map((v) => (/[,:#[\]{}"'&*!|>%@`]/.test(v) ? JSON.stringify(v) : v)).join(", ");
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data;
  for (const key of path) value = typeof value === "object" && value !== null ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  return value;
}

// `title: [Update]` is a list to YAML, `title: {x}` a group: say so, and how to keep the text.
function textExpected(input: unknown): string {
  if (Array.isArray(input)) return 'text; YAML read it as a list because it starts with "[": put the whole value in quotes';
  if (typeof input === "object" && input !== null) return 'text; YAML read it as a group because it starts with "{": put the whole value in quotes';
  return "text";
}

// A union failure can report the same field twice; writers need to read it once. (Two empty
// items of one list are two problems: their messages differ.)
function dedupe(problems: ArticleProblem[]): ArticleProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.field}\u0000${p.name}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
