import type MarkdownIt from "markdown-it";
import type { DateTime } from "luxon";
import { renderInlineText } from "../markdown/inline-text.ts";
import type { Correction } from "./article.ts";
import { isoWithOffset } from "./dates.ts";
import type { ArticleProblem } from "./errors.ts";
import { itemField } from "./schema.ts";

/**
 * An article's corrections and editor's note, from validated front matter to what the page shows:
 * each text rendered as inline markdown (src/markdown/inline-text.ts), dates as ISO strings with
 * the site's offset. Problems name the field as written (`corrections[2].text`, `note`).
 */
export function correctionsOf(
  md: MarkdownIt,
  data: { corrections: { date: DateTime; text: string; item: number }[]; note?: string; language?: string },
  file: string,
): { corrections?: Correction[]; note?: string; problems: ArticleProblem[] } {
  const problems: ArticleProblem[] = [];
  const corrections = data.corrections.map((c): Correction => {
    const rendered = renderInlineText(md, c.text, { file, field: itemField("corrections", c.item, "text") });
    problems.push(...rendered.problems);
    return { date: isoWithOffset(c.date), html: rendered.html, text: rendered.text };
  });
  // The note sits in the article (its language); corrections are in the site's, like the byline.
  const note = data.note === undefined ? undefined : renderInlineText(md, data.note, { file, field: "note", language: data.language });
  if (note) problems.push(...note.problems);
  return { corrections: corrections.length > 0 ? corrections : undefined, note: note?.html, problems };
}

/** The instant (ms) of the latest correction, or undefined when there is none. */
export function latestCorrection(corrections: readonly { date: DateTime }[]): number | undefined {
  return corrections.length === 0 ? undefined : Math.max(...corrections.map((c) => c.date.toMillis()));
}
