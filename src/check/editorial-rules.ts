import type { Article } from "../content/article.ts";
import type { WrittenImage } from "../content/article-cache.ts";
import type { ImageEntry } from "../images/image-store.ts";
import type { CheckLevel, CheckSettings } from "../settings.ts";
import { LARGE_PREVIEW_WIDTH, leadPhotoWarning } from "../images/social-minimums.ts";

/**
 * Editorial checks: what the build accepts but an editor would fix before publishing. Each is
 * a warning by default and a site makes it an error or turns it off in `site.config.ts`
 * (`check: { headlineLength: "error", noTags: "off" }`, typed in src/settings.ts). Like the
 * error catalogue (src/content/errors.ts), each has a stable name, a title, a message and a
 * hint with the fix. They read the loaded article only (no file is opened).
 */

/** What the rules look at: the loaded article, its lead photo as written, and that photo's entry in the image store (its size and crops). */
export interface EditorialSubject {
  article: Article;
  image?: WrittenImage;
  photo?: ImageEntry;
}

/** Characters of a headline before search results and link cards cut it (Google shows ~60 on desktop, news apps and cards more; 110 is the old Google News limit). */
export const HEADLINE_LIMIT = 110;
/** Characters of a description before search results cut it (~155-160 on Google). */
export const DESCRIPTION_LIMIT = 160;

export type EditorialRuleName = keyof CheckSettings;

export interface EditorialFinding {
  name: EditorialRuleName;
  title: string;
  /** Front matter field the finding is about (its line is reported). */
  field: string;
  message: string;
  hint: string;
}

interface Rule {
  title: string;
  field: string;
  /** The message and hint when the article breaks the rule; undefined when it does not. */
  test(subject: EditorialSubject): { message: string; hint: string } | undefined;
}

// Counted as a reader sees characters (grapheme clusters), so "é" typed decomposed or an emoji counts once.
// Made on first use: creating one costs 20-30 ms (ICU data), at every start of `npm run check`.
let segmenter: Intl.Segmenter | undefined;
// (A string has at least as many UTF-16 units as graphemes: a short one needs no segmenting.)
const length = (text: string) =>
  text.length <= Math.min(HEADLINE_LIMIT, DESCRIPTION_LIMIT) ? text.length : [...(segmenter ??= new Intl.Segmenter(undefined, { granularity: "grapheme" })).segment(text)].length;

export const EDITORIAL_RULES: Record<EditorialRuleName, Rule> = {
  headlineLength: {
    title: "Headline is long",
    field: "title",
    test: ({ article: a }) =>
      length(a.title) > HEADLINE_LIMIT
        ? {
            message: `is ${length(a.title)} characters, over ${HEADLINE_LIMIT}: search results, feeds and link cards will cut it.`,
            hint: `Shorten the headline to ${HEADLINE_LIMIT} characters or fewer; put the detail in the description.`,
          }
        : undefined,
  },
  descriptionLength: {
    title: "Description is long",
    field: "description",
    test: ({ article: a }) =>
      length(a.description) > DESCRIPTION_LIMIT
        ? {
            message: `is ${length(a.description)} characters, over ${DESCRIPTION_LIMIT}: search results show only the start.`,
            hint: `Keep the standfirst to one or two sentences, ${DESCRIPTION_LIMIT} characters or fewer.`,
          }
        : undefined,
  },
  leadPhotoCredit: {
    title: "Lead photo has no credit",
    field: "image",
    test: ({ image }) =>
      image && !image.credit
        ? { message: "the lead photo has no credit.", hint: "Add who took or supplied it, e.g. credit: Reuters (or credit: Photo: Asha Menon)." }
        : undefined,
  },
  altTextIsCaption: {
    title: "Alt text repeats the caption",
    field: "image.alt",
    test: ({ image }) =>
      image?.caption && image.alt.trim().toLowerCase() === image.caption.trim().toLowerCase()
        ? {
            message: "is the same as the caption, so screen readers read it twice and readers who cannot see the photo learn nothing more.",
            hint: "Describe what the photo shows in alt (who, what, where); keep the caption for context.",
          }
        : undefined,
  },
  leadPhotoWidth: {
    title: "Lead photo too small for large previews",
    field: "image.src",
    test: ({ article, image, photo }) => {
      if (!image || !photo || photo.width >= LARGE_PREVIEW_WIDTH) return undefined;
      // The build's own warning (src/images/social-minimums.ts), so check and build say the same.
      const warning = leadPhotoWarning(article.file, image.src, photo);
      return warning && { message: warning.message, hint: warning.hint };
    },
  },
  noTags: {
    title: "No tags",
    field: "tags",
    test: ({ article }) =>
      article.tags.length === 0
        ? { message: "the article has no tags, so no tag page lists it and it gets no related articles.", hint: "Add a few, e.g. tags: [Climate, Monsoon]." }
        : undefined,
  },
};

/** Every rule `subject` breaks whose level in `settings` is not "off", with that level. */
export function editorialFindings(subject: EditorialSubject, settings: CheckSettings): (EditorialFinding & { level: Exclude<CheckLevel, "off"> })[] {
  return (Object.keys(EDITORIAL_RULES) as EditorialRuleName[]).flatMap((name) => {
    const level = settings[name];
    if (level === "off") return [];
    const rule = EDITORIAL_RULES[name];
    const found = rule.test(subject);
    return found ? [{ name, title: rule.title, field: rule.field, ...found, level }] : [];
  });
}
