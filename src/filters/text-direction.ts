/**
 * The direction text in a language is written in: "rtl" for Arabic, Hebrew, Persian, Urdu …,
 * "ltr" for everything else. Layouts put it in `dir` next to `lang` (the site's language on
 * <html>, an article's own `language:` on its <article> and on its cards).
 *
 * Why not only `Intl.Locale#getTextInfo()` (`textInfo` in Node 20): ICU answers from its locale
 * data, and where it has none it says "ltr" even when the script is right-to-left. Node 20 gives
 * "ltr" for dv (Dhivehi, Thaana script), rhg-Rohg (Hanifi Rohingya), az-Arab and ku-Arab. The
 * script is the reliable signal, so it comes first: the tag's own script subtag, else the likely
 * script from CLDR (`Intl.Locale#maximize()`: "ar-EG" → Arab, "dv" → Thaa). ICU's answer and a
 * list of right-to-left languages cover tags Intl cannot read or expand.
 *
 * Sources: Unicode's right-to-left scripts (ISO 15924 codes, UAX #9 / Unicode Standard ch. 9
 * and the CLDR script metadata "rtl" column); the language list is CLDR's default-script-RTL
 * languages that a newsroom may publish in.
 */

export type TextDirection = "ltr" | "rtl";

/** ISO 15924 codes of scripts written right to left (living ones first, then historic ones). */
const RTL_SCRIPTS = new Set([
  "Arab", "Aran", "Hebr", "Thaa", "Syrc", "Syre", "Syrj", "Syrn", "Nkoo", "Adlm", "Rohg", "Mand", "Samr",
  "Mend", "Yezi", "Chrs", "Elym", "Hatr", "Armi", "Avst", "Khar", "Lydi", "Mani", "Narb", "Nbat",
  "Ougr", "Palm", "Phli", "Phlp", "Phlv", "Phnx", "Prti", "Sarb", "Sogd", "Sogo", "Cprt", "Hung", "Orkh",
]);

/** Primary language subtags whose default script is right to left (used when Intl cannot tell). */
const RTL_LANGUAGES = new Set([
  "ar", "he", "iw", "fa", "ur", "ps", "sd", "ug", "yi", "ji", "dv", "ckb", "syr", "ks",
  "mzn", "lrc", "glk", "bal", "bqi", "prs", "pnb", "azb", "arc", "nqo", "rhg",
]);

interface TextInfoLocale extends Intl.Locale {
  getTextInfo?: () => { direction?: string };
  textInfo?: { direction?: string };
}

/**
 * `language` is a BCP 47 tag ("ar-EG", "he", "en-IN", "az-Arab"); case does not matter. A tag
 * Intl cannot read is judged by its subtags alone. Never throws.
 */
export function textDirection(language: string): TextDirection {
  const tag = String(language ?? "").trim();
  // Asked on every page and card with a language; Intl.Locale is slow and a site has few languages.
  let known = directions.get(tag);
  if (known === undefined) {
    known = directionOf(tag);
    if (directions.size > 1_000) directions.clear();
    directions.set(tag, known);
  }
  return known;
}

const directions = new Map<string, TextDirection>();

function directionOf(tag: string): TextDirection {
  let locale: TextInfoLocale | undefined;
  try {
    locale = new Intl.Locale(tag) as TextInfoLocale;
  } catch {
    locale = undefined;
  }
  const explicitScript = locale?.script ?? scriptSubtag(tag);
  if (explicitScript) return RTL_SCRIPTS.has(titleCase(explicitScript)) ? "rtl" : "ltr";

  let likelyScript: string | undefined;
  try {
    likelyScript = locale?.maximize().script;
  } catch {
    likelyScript = undefined;
  }
  if (likelyScript && RTL_SCRIPTS.has(likelyScript)) return "rtl";

  const info = locale?.getTextInfo?.() ?? locale?.textInfo;
  if (info?.direction === "rtl") return "rtl";

  const primary = (locale?.language ?? tag.split(/[-_]/)[0] ?? "").toLowerCase();
  return RTL_LANGUAGES.has(primary) ? "rtl" : "ltr";
}

/** A four-letter script subtag in a tag Intl could not parse ("xx-Arab-whatever"). */
function scriptSubtag(tag: string): string | undefined {
  return tag.split(/[-_]/).slice(1).find((part) => /^[A-Za-z]{4}$/.test(part));
}

function titleCase(script: string): string {
  return script.charAt(0).toUpperCase() + script.slice(1).toLowerCase();
}
