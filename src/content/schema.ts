import { z } from "zod";
import type { DateTime } from "luxon";
import { parseArticleDate } from "./dates.ts";
import { problem, type ArticleProblem } from "./errors.ts";
import { SLUG } from "./slug.ts";

/**
 * The article contract: what writers may put in front matter. zod checks the shape; the site-aware
 * checks (sections, dates in the site timezone) follow, and every failure becomes an entry from
 * the catalogue in errors.ts.
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

const imageSchema = z.strictObject({
  src: text,
  alt: text,
  caption: text.optional(),
  credit: text.optional(),
});

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
  draft: z.boolean().optional(),
  slug: z.string().regex(SLUG).optional(),
  // The article's language when it is not the site's: gives `lang` and `dir` to the article.
  language: languageTag.optional(),
});

export type RawFrontMatter = z.output<typeof frontMatterSchema>;

export const ALLOWED_FIELDS = Object.keys(frontMatterSchema.shape);
const IMAGE_FIELDS = Object.keys(imageSchema.shape);

/** How to describe a field's expected value to a writer. */
const EXPECTED: Record<string, string> = {
  tags: "a list of tag names",
  authors: "a list of author names",
  draft: "true or false",
  image: "a group with src and alt (and optionally caption and credit)",
  slug: "text",
  language: "a language tag (BCP 47) such as en, ar-EG or zh-Hant",
};

export interface ArticleFrontMatter extends Omit<RawFrontMatter, "date" | "updated"> {
  date: DateTime;
  updated?: DateTime;
}

export type ValidationResult =
  | { ok: true; value: ArticleFrontMatter }
  | { ok: false; problems: ArticleProblem[] };

export function validateFrontMatter(
  data: unknown,
  file: string,
  site: { timezone: string; sections: Record<string, unknown> },
): ValidationResult {
  const problems: ArticleProblem[] = [];
  const parsed = frontMatterSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(...problemsFromIssue(issue, file));
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
  if (date && !date.ok) problems.push(problem("DateInvalid", file, { field: "date", value: dateText, reason: date.reason }));
  const updatedText = given("updated");
  const updated = updatedText === undefined ? undefined : parseArticleDate(updatedText, site.timezone);
  if (updated && !updated.ok) {
    problems.push(problem("DateInvalid", file, { field: "updated", value: updatedText, reason: updated.reason }));
  } else if (updated?.ok && date?.ok && updated.date < date.date) {
    problems.push(problem("UpdatedBeforeDate", file, { field: "updated" }));
  }

  if (!parsed.success || problems.length > 0 || !date?.ok) return { ok: false, problems: dedupe(problems) };
  return { ok: true, value: { ...parsed.data, date: date.date, updated: updated?.ok ? updated.date : undefined } };
}

function problemsFromIssue(issue: z.core.$ZodIssue, file: string): ArticleProblem[] {
  const field = issue.path.map(String).join(".");
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
      if (issue.input === undefined || issue.input === null) return [problem("FieldMissing", file, { field })];
      return [problem("FieldType", file, { field, expected: EXPECTED[field] ?? "text" })];
    case "too_small":
      return [problem("FieldMissing", file, { field })];
    case "invalid_format":
      return [problem("SlugInvalid", file, { field, value: String(issue.input ?? "") })];
    default: {
      const top = field.split(".")[0] ?? field;
      return [problem("FieldType", file, { field: top, expected: EXPECTED[top] ?? "text" })];
    }
  }
}

// A union failure can report the same field twice; writers need to read it once.
function dedupe(problems: ArticleProblem[]): ArticleProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.field}\u0000${p.name}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
