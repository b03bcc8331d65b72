import { z } from "zod";
import { IANAZone } from "luxon";
import { nameSlug } from "./content/slug.ts";

/**
 * The site's own settings: everything a site developer changes without touching code.
 * `site.config.ts` at the project root calls `defineSite()`; the plugin validates the result
 * once, before any article is read, so a typo in a section key fails loudly and early.
 */

/** Networks the share bar knows how to link to, in the order the seed page shows them. */
export const SHARE_NETWORKS = [
  "x",
  "facebook",
  "linkedin",
  "whatsapp",
  "telegram",
  "reddit",
  "bluesky",
  "email",
] as const;
export type ShareNetwork = (typeof SHARE_NETWORKS)[number];

const KEY = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
// These first path segments belong to listing pages and assets; a section may not take them.
const RESERVED_SECTION_KEYS = ["tags", "authors", "assets", "img", "page", "404", "corrections"];

const sectionSchema = z.strictObject({
  label: z.string().min(1),
  description: z.string().optional(),
});

const authorSchema = z.strictObject({
  /** Short line under the name, e.g. "World affairs correspondent". */
  role: z.string().optional(),
  bio: z.string().optional(),
  /** Optional URL of a profile elsewhere (shown as a plain link). */
  url: z.url().optional(),
});

// How `npm run check` treats one editorial check: a warning, an error (exit 1) or not at all.
const checkLevel = z.enum(["warn", "error", "off"]);

export const settingsSchema = z.strictObject({
  /** Site name, shown in the masthead and the <title>. */
  name: z.string().min(1),
  /**
   * One or two sentences on what the site is: the front page's meta and Open Graph description,
   * the WebSite structured data and the site feed's description. Without it, the front page's
   * description is the site's name and the feed's is "The latest articles from {name}."
   */
  description: z.string().trim().min(1).optional(),
  /**
   * Absolute URL of the site's front page, e.g. "https://news.example.org". A path makes it the
   * base path: with "https://example.org/news/" every link, asset, feed and sitemap URL starts
   * with /news/ (for GitHub Pages project sites and sites under a folder of another site).
   */
  url: z
    .url({ protocol: /^https?$/ })
    .refine((u) => URL.canParse(u) && !new URL(u).search && !new URL(u).hash, { message: "must be a plain URL such as https://news.example.org or https://example.org/news/, without ? or #" })
    .transform((u) => u.replace(/\/+$/, "")),
  /** BCP 47 language tag of the content, e.g. "en" or "en-IN": <html lang> and date wording. */
  language: z.string().min(2),
  /** IANA timezone the newsroom works in: bare dates and displayed times use it. */
  timezone: z.string().refine((tz) => IANAZone.isValidZone(tz), {
    message: "is not an IANA timezone such as Asia/Kolkata or Europe/London",
  }),
  /** Sections in navigation order; the key is the first part of every article URL. */
  sections: z
    .record(z.string().regex(KEY, "section keys are lowercase words joined by hyphens"), sectionSchema)
    .refine((s) => Object.keys(s).length > 0, { message: "needs at least one section" })
    .refine((s) => !Object.keys(s).some((k) => RESERVED_SECTION_KEYS.includes(k)), {
      message: `may not use the reserved keys ${RESERVED_SECTION_KEYS.join(", ")}`,
    }),
  /** Author profiles keyed by the name writers put in `authors:`; each gets a page. */
  authors: z
    .record(z.string().min(1), authorSchema)
    .default({})
    .superRefine((authors, ctx) => {
      // Each profile gets /authors/{slug}/: two names with one slug would share a page.
      const bySlug = new Map<string, string>();
      for (const name of Object.keys(authors)) {
        const slug = nameSlug(name);
        const other = bySlug.get(slug);
        if (slug === "") ctx.addIssue({ code: "custom", path: [name], message: "needs letters or digits for its page address" });
        else if (other) ctx.addIssue({ code: "custom", path: [name], message: `has the same page address /authors/${slug}/ as "${other}"` });
        else bySlug.set(slug, name);
      }
    }),
  /** A line in every page's footer, e.g. a copyright or "All articles are sample text". */
  footerNote: z.string().optional(),
  /** Share bar networks, in display order. */
  share: z.array(z.enum(SHARE_NETWORKS)).default([...SHARE_NETWORKS]),
  /** The site's own accounts as profile URLs, keyed by network name; shown in the footer. */
  social: z.record(z.string(), z.url({ protocol: /^https?$/ })).default({}),
  /** Articles per page on section, tag and author pages. */
  perPage: z.number().int().min(1).max(500).default(20),
  /** How many of the newest articles each feed (RSS, Atom, JSON Feed) holds. */
  feedSize: z.number().int().min(1).max(1000).default(50),
  /** The site's logo (a square PNG or JPEG under public/), for search engines and the web manifest. */
  logo: z.string().startsWith("/").default("/assets/logo.png"),
  /** The picture social networks show for pages without a lead photo (1200×630, under public/). */
  socialImage: z
    .strictObject({ src: z.string().startsWith("/"), alt: z.string().min(1) })
    .optional(),
  /**
   * Longest embargo accepted, in days: an article dated further ahead of the build is refused as a
   * probable typo (2203 for 2023 would otherwise hide it for 180 years without a word).
   */
  embargoLimitDays: z.number().int().min(1).default(365),
  /**
   * Where the search page (/search/) sends a search when its script cannot run (JavaScript off or
   * blocked): "duckduckgo" (the default), "google" or "bing", each limited to this site's pages;
   * or another engine as `{ name, action, query, fields }`: the form's address, the name of the
   * field for the words typed, and hidden fields, where "{site}" becomes the site's host and base
   * path, e.g. `{ name: "Google", action: "https://www.google.com/search", query: "q", fields:
   * { as_sitesearch: "{site}" } }` (what "google" means; src/filters/search-fallback.ts).
   */
  searchFallback: z
    .union([
      z.enum(["duckduckgo", "google", "bing"]),
      z.strictObject({
        name: z.string().min(1),
        action: z.url({ protocol: /^https?$/ }),
        query: z.string().min(1),
        fields: z.record(z.string().min(1), z.string()).default({}),
      }),
    ])
    .default("duckduckgo"),
  /** How many related articles an article page shows. */
  relatedCount: z.number().int().min(0).max(12).default(3),
  markdown: z
    .strictObject({
      /**
       * Raw HTML inside articles. Off by default: article text is untrusted. When on, the HTML is
       * still passed through an allow-list sanitizer (no script, no event handlers, no javascript: links).
       */
      allowHtml: z.boolean().default(false),
      /**
       * Typographic quotes, apostrophes and dashes in articles, set the way the text's language
       * does: “…” in English, « … » in French, „…“ in German (Unicode CLDR's marks; an article's
       * own `language:` uses its own), ’ for ', – for --, — for ---, … for ... Never inside code,
       * web addresses or attributes. On by default; `false` prints quotes as writers type them.
       */
      typography: z.boolean().default(true),
    })
    .default({ allowHtml: false, typography: true }),
  /** Article photos (lead and inline): see src/images/. */
  images: z
    .strictObject({
      /** Widths in pixels made of every photo (never wider than the source). */
      widths: z
        .array(z.number().int().min(64).max(4096))
        .min(1)
        .transform((w) => [...new Set(w)].sort((a, b) => a - b))
        .default([480, 800, 1200, 1600]),
      /** Modern formats offered before the JPEG (or PNG) fallback, best first. */
      formats: z.array(z.enum(["avif", "webp"])).default(["avif", "webp"]),
      /**
       * Largest source accepted, in pixels (width × height). A bigger file is refused before it is
       * decoded: a small file can claim a huge size and take all memory (a decompression bomb).
       */
      maxPixels: z.number().int().min(1).default(50_000_000),
      /**
       * Every photo (lead and inline) must carry a credit: one without is an error in the build
       * (PhotoCreditMissing), for sites whose agreements with agencies require it.
       */
      requireCredit: z.boolean().default(false),
    })
    .default({ widths: [480, 800, 1200, 1600], formats: ["avif", "webp"], maxPixels: 50_000_000, requireCredit: false }),
  /**
   * Editorial checks of `npm run check` (src/check/editorial-rules.ts): things worth fixing that
   * the build accepts. Each is "warn" (the default: printed, exit 0), "error" (exit 1) or "off".
   */
  check: z
    .strictObject({
      /** A headline over 110 characters (search results and cards cut it). */
      headlineLength: checkLevel.default("warn"),
      /** A description over 160 characters (search results cut it). */
      descriptionLength: checkLevel.default("warn"),
      /** A lead photo without `credit`. */
      leadPhotoCredit: checkLevel.default("warn"),
      /** A lead photo whose `alt` is the same as its `caption` (screen readers read both). */
      altTextIsCaption: checkLevel.default("warn"),
      /** A lead photo under 1200 pixels wide (too small for large previews). */
      leadPhotoWidth: checkLevel.default("warn"),
      /** An article without tags. */
      noTags: checkLevel.default("warn"),
    })
    .prefault({}),
});

export type CheckLevel = z.output<typeof checkLevel>;
export type CheckSettings = SiteSettings["check"];

export type SiteSettingsInput = z.input<typeof settingsSchema>;
export type SiteSettings = z.output<typeof settingsSchema>;
/** What the image pipeline needs (requireCredit is checked with the articles, not by the pipeline). */
export type ImageSettings = Omit<SiteSettings["images"], "requireCredit">;

/** Typed helper for `site.config.ts`: gives editor completion, validates nothing yet. */
export function defineSite(settings: SiteSettingsInput): SiteSettingsInput {
  return settings;
}

/** Validates settings; throws one readable error listing every problem. */
export function resolveSettings(input: SiteSettingsInput): SiteSettings {
  const result = settingsSchema.safeParse(input);
  if (result.success) return result.data;
  const lines = result.error.issues.map(
    (issue) => `  ${issue.path.join(".") || "(settings)"}: ${issue.message}`,
  );
  throw new Error(`Newsroom: the site settings (site.config.ts) are not valid:\n${lines.join("\n")}`);
}
