import type MarkdownIt from "markdown-it";
import type Token from "markdown-it/lib/token.mjs";
import { problem, type ArticleProblem } from "../content/errors.ts";
import { htmlParser, sanitize } from "./html-policy.ts";
import type { TypographyEnv } from "./typography.ts";

/**
 * One line of markdown from front matter (a correction's text, an editor's note) → inline HTML:
 * emphasis, links, code, under the same link policy as article bodies and, when the site allows
 * raw HTML, the same allow-list sanitizer (html-policy.ts). It is article text, so untrusted.
 *
 * `where.language` is the text's own language when not the site's (typography.ts's quotation marks).
 *
 * Only inline rules run (markdown-it's parseInline): no paragraphs, lists or headings, and no
 * wrapping <p>. An image is refused (InlineTextImage): it would point at a file the image
 * pipeline never publishes, and a correction or note holds text.
 */
export function renderInlineText(md: MarkdownIt, text: string, where: { file: string; field: string; language?: string }): { html: string; text: string; problems: ArticleProblem[] } {
  // The text's language (an editor's note in an article's own language) sets its quotation marks.
  const env: TypographyEnv = where.language ? { language: where.language } : {};
  const tokens = md.parseInline(text, env);
  const children: Token[] = tokens[0]?.children ?? [];
  const images = children.filter((t) => t.type === "image");
  if (images.length > 0) {
    const typed = images.map((t) => `![${t.content}](${t.attrGet("src") ?? ""})`).join(", ");
    return { html: "", text: "", problems: [problem("InlineTextImage", where.file, { field: where.field, value: typed })] };
  }
  const html = md.renderer.renderInline(children, md.options, env);
  if (!md.options.html) return { html, text: plainText(children), problems: [] };
  // With raw HTML on, the text is that of what the sanitizer kept (no script's content).
  const clean = sanitize(html);
  return { html: clean, text: textOfHtml(clean), problems: [] };
}

/**
 * The text of an HTML fragment, entities decoded, spaces collapsed as HTML collapses them (ASCII
 * whitespace only: a no-break space, as inside French guillemets, stays).
 */
function textOfHtml(html: string): string {
  let out = "";
  const Parser = htmlParser();
  const parser = new Parser({ ontext: (t) => (out += t) }, { decodeEntities: true });
  parser.write(html);
  parser.end();
  return out.replace(/[ \t\n\r\f]+/g, " ").trim();
}

/**
 * The words of inline tokens without markup: text, code and link text kept, raw HTML tags
 * dropped, breaks as spaces, ASCII whitespace collapsed (a no-break space stays). (markdown-it's
 * renderInlineAsText drops inline code.)
 */
function plainText(tokens: Token[]): string {
  const words = tokens.map((t) => (t.type === "text" || t.type === "code_inline" ? t.content : t.type === "softbreak" || t.type === "hardbreak" ? " " : ""));
  return words.join("").replace(/[ \t\n\r\f]+/g, " ").trim();
}
