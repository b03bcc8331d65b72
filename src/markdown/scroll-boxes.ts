import type MarkdownIt from "markdown-it";
import type Token from "markdown-it/lib/token.mjs";

/**
 * Renderer rules for the blocks of an article that may be wider than a phone: tables and code.
 * They scroll sideways inside their own box (site.css gives it `overflow-x: auto`) instead of
 * widening the page, and the box takes keyboard focus, so readers without a pointer can scroll it
 * with the arrow keys (WCAG 2.1.1; axe-core's rule "scrollable-region-focusable").
 *
 *   table_open / table_close   <section class="table-scroll" aria-label="Table" tabindex="0"><table>…</table></section>
 *     A named <section> is a region landmark (the native form of role="region"), so a screen
 *     reader announces what the focus landed on. With several tables each label is numbered
 *     ("Table 2 of 3"): two landmarks with one name cannot be told apart (axe "landmark-unique").
 *     The table stays a real table (no `display: block`), so screen readers keep rows and columns.
 *   fence / code_block         <pre tabindex="0"><code>…</code></pre>
 *     The <pre> is its own scroll box already; it only needs to take focus.
 */
export function scrollBoxPlugin(md: MarkdownIt): void {
  const rules = md.renderer.rules;
  const asToken: NonNullable<typeof rules.table_open> = (tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options);
  const tableOpen = rules.table_open ?? asToken;
  const tableClose = rules.table_close ?? asToken;
  rules.table_open = (tokens, idx, options, env, self) =>
    `<section class="table-scroll" aria-label="${md.utils.escapeHtml(tableLabel(tokens, idx))}" tabindex="0">` + tableOpen(tokens, idx, options, env, self);
  rules.table_close = (tokens, idx, options, env, self) => tableClose(tokens, idx, options, env, self) + "</section>\n";

  for (const name of ["fence", "code_block"] as const) {
    const render = rules[name]!;
    // markdown-it's own rules always start with "<pre" (no highlighter is set in create-markdown.ts).
    rules[name] = (tokens, idx, options, env, self) => render(tokens, idx, options, env, self).replace(/^<pre(?=[\s>])/, '<pre tabindex="0"');
  }
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
