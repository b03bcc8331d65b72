/**
 * What of an article page the reader search's index is made from. Pagefind
 * (https://pagefind.app/docs/indexing/) indexes only the element marked `data-pagefind-body` once
 * a page has one, and layouts/article.njk puts every other `data-pagefind-*` attribute (filters,
 * sort key, metadata) inside it; the page's `<html>` tag gives the language. So Pagefind is handed
 * that tag and that element alone, not the whole page (head, masthead, related articles, footer):
 * a third less to send and parse, and the index is the same, byte for byte
 * (test/build/search-document.test.ts builds pages of every kind and compares both indexes).
 * Indexing costs about 1.2 ms an article, and an edit indexes its whole part again
 * (src/outputs/search-parts.ts), so this is a fifth of an edited article's build at 20,000.
 *
 * A page where that does not hold is handed over whole, so its index is what Pagefind makes of
 * it: no `data-pagefind-body` attribute, or more than one, a `data-pagefind-` attribute outside it
 * (a site's own layout, say), no `<html>` tag before it, or an element whose end is not found.
 */

const BODY = "data-pagefind-body";
const ATTRIBUTE = "data-pagefind-";

/** The document Pagefind is given for the page `html` (see the module note): never throws. */
export function searchDocument(html: string): string {
  const at = html.indexOf(BODY);
  if (at < 0 || html.indexOf(BODY, at + BODY.length) >= 0) return html;
  const start = html.lastIndexOf("<", at);
  const tag = /^<([a-zA-Z][a-zA-Z0-9-]*)\s/.exec(html.slice(start, start + 64))?.[1];
  // The word must be in that element's start tag, not in text after it.
  if (!tag || html.indexOf(">", start) < at) return html;
  const end = elementEnd(html, start, tag);
  if (end < 0) return html;
  const body = html.slice(start, end);
  if (occurrences(html, ATTRIBUTE) !== occurrences(body, ATTRIBUTE)) return html;
  const open = /<html[\s>][^>]*>|<html>/i.exec(html);
  if (!open || open.index > start) return html;
  return `<!DOCTYPE html>${open[0]}<head><meta charset="utf-8"></head><body>${body}</body></html>`;
}

/** Where the element `tag` opened at `start` ends (after its closing tag's ">"), counting elements of the same name inside it; -1 when it does not. */
function elementEnd(html: string, start: number, tag: string): number {
  const tags = new RegExp(`<(/?)${tag}[\\s>/]`, "gi");
  tags.lastIndex = start;
  let depth = 0;
  for (let match = tags.exec(html); match; match = tags.exec(html)) {
    if (!match[1]) depth++;
    else if (--depth === 0) {
      const close = html.indexOf(">", match.index);
      return close < 0 ? -1 : close + 1;
    }
  }
  return -1;
}

function occurrences(text: string, word: string): number {
  let count = 0;
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + word.length)) count++;
  return count;
}
