import { CLDR_QUOTES, DEFAULT_QUOTES } from "./cldr-quotes.ts";

/**
 * The quotation marks of a language, as markdown-it's `quotes` option takes them: opening and
 * closing double (primary) marks, then opening and closing single (alternate, for a quotation
 * inside a quotation) marks. "en" → “ ” ‘ ’, "de" → „ “ ‚ ‘, "fr" → « » « », "ja" → 「 」 『 』.
 *
 * Source: Unicode CLDR's delimiters (src/markdown/cldr-quotes.ts, made by scripts/cldr-quotes.ts).
 * A tag is looked up as written and cut shorter ("de-CH-1996" → "de-CH" → "de"), then by its
 * likely script ("zh-TW" → "zh-Hant-TW" → "zh-Hant"), and a language CLDR does not list gets
 * “ ” ‘ ’. Never throws.
 *
 * French sets guillemets apart from the words they enclose with a no-break space, « ainsi »,
 * which CLDR leaves out (Lexique des règles typographiques en usage à l'Imprimerie nationale):
 * the space is added inside French guillemets (U+00A0, so a line never breaks inside the mark).
 */
export function quotesFor(language: string): [string, string, string, string] {
  const tag = canonical(language);
  const marks = [...(lookup(tag) ?? DEFAULT_QUOTES)] as [string, string, string, string];
  if (tag.split("-")[0]!.toLowerCase() === "fr") {
    return marks.map((m) => (m === "«" || m === "‹" ? `${m}\u00A0` : m === "»" || m === "›" ? `\u00A0${m}` : m)) as [string, string, string, string];
  }
  return marks;
}

function canonical(language: string): string {
  try {
    return Intl.getCanonicalLocales(String(language ?? "").trim())[0] ?? "";
  } catch {
    return String(language ?? "").trim();
  }
}

/** The first of the tag's shorter forms (not the bare language), then its likely script's, then the language, CLDR lists. */
function lookup(tag: string): string | undefined {
  const shorter = (t: string) => {
    const parts = t.split("-");
    return parts.map((_, i) => parts.slice(0, parts.length - i).join("-"));
  };
  let likely: string[] = [];
  try {
    likely = shorter(new Intl.Locale(tag).maximize().toString());
  } catch {
    likely = [];
  }
  const own = shorter(tag);
  const language = own[own.length - 1]!;
  for (const candidate of [...own.slice(0, -1), ...likely.slice(0, -1), language]) {
    const found = CLDR_QUOTES[candidate];
    if (found !== undefined) return found;
  }
  return undefined;
}
