import type MarkdownIt from "markdown-it";
import type Token from "markdown-it/lib/token.mjs";

/**
 * Renderer rules "table_open" / "table_close": every table in an article body is wrapped in
 *   <div class="table-scroll" role="region" aria-label="Table" tabindex="0"><table>…</table></div>
 * A table as wide as its columns need scrolls inside that box on a phone instead of widening the
 * page (site.css gives the box `overflow-x: auto`). The box is a labelled region that takes
 * keyboard focus, so readers without a pointer can scroll it with the arrow keys (WCAG 2.1.1;
 * axe-core's rule "scrollable-region-focusable"). With several tables each label is numbered
 * ("Table 2 of 3"), because two landmarks with one name cannot be told apart (axe "landmark-unique").
 * The table itself stays a real table (no `display: block`), so screen readers keep its rows and
 * columns.
 */
export function tableScrollPlugin(md: MarkdownIt): void {
  const renderOpen = md.renderer.rules.table_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
  const renderClose = md.renderer.rules.table_close ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));

  md.renderer.rules.table_open = (tokens, idx, options, env, self) => {
    const label = tableLabel(tokens, idx);
    return `<div class="table-scroll" role="region" aria-label="${md.utils.escapeHtml(label)}" tabindex="0">` + renderOpen(tokens, idx, options, env, self);
  };
  md.renderer.rules.table_close = (tokens, idx, options, env, self) => renderClose(tokens, idx, options, env, self) + "</div>\n";
}

/** "Table" for the only table of a body, else "Table n of m" (n counts from 1, in reading order). */
export function tableLabel(tokens: Token[], idx: number): string {
  let before = 0;
  let total = 0;
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i]!.type !== "table_open") continue;
    total++;
    if (i < idx) before++;
  }
  return total > 1 ? `Table ${before + 1} of ${total}` : "Table";
}
