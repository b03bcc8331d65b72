/**
 * A list of things (author names, links) joined the way the site's language joins a list:
 * "A, B and C" in en-IN, "A، B وC" in Arabic, "A, B y C" in Spanish. Layouts loop over the parts
 * and write each item their own way (a link, a <bdi>), with the connectors between them.
 *
 * The connectors come from CLDR through `Intl.ListFormat` (type "conjunction"), so a right-to-left
 * site gets its own "and": an English "and" between two Arabic names would be laid out as a
 * left-to-right run and pull the names around it out of order.
 */
export type ListPart<T> = { item: T; literal?: undefined } | { literal: string; item?: undefined };

/**
 * `items` in order; `language` a BCP 47 tag (an unknown or malformed one falls back to English).
 * Returns items and literal connectors in reading order, e.g. [{item: a}, {literal: " and "}, {item: b}].
 */
export function listParts<T>(items: readonly T[], language: string): ListPart<T>[] {
  const format = listFormat(language);
  // Placeholders stand for the items: CLDR patterns keep the order of the list's elements.
  const parts = format.formatToParts(items.map((_, i) => String(i)));
  let next = 0;
  return parts.map((part) => (part.type === "element" ? { item: items[next++]! } : { literal: part.value }));
}

// One formatter per language: making one costs far more than using it, and every byline asks.
const formats = new Map<string, Intl.ListFormat>();

function listFormat(language: string): Intl.ListFormat {
  let format = formats.get(language);
  if (format === undefined) {
    try {
      format = new Intl.ListFormat(language, { type: "conjunction", style: "long" });
    } catch {
      format = new Intl.ListFormat("en", { type: "conjunction", style: "long" });
    }
    if (formats.size > 1_000) formats.clear();
    formats.set(language, format);
  }
  return format;
}
