import type MarkdownIt from "markdown-it";
import type StateCore from "markdown-it/lib/rules_core/state_core.mjs";
import type Token from "markdown-it/lib/token.mjs";

/**
 * Core rule "figure": a paragraph that holds only an image becomes
 *   <figure class="figure"><img …><figcaption><span class="figure__caption">…</span>
 *   <span class="figure__credit">…</span></figcaption></figure>
 *
 * Writers give the caption and credit in the image title, separated by " | ":
 *   ![Alt text](photo.jpg "Caption text | Photographer / Agency")
 * The lead image (the `figure` macro in layouts/partials/macros.njk) uses the same classes.
 */

export const CREDIT_SEPARATOR = " | ";

/** What the rule leaves on a figure's image token (`meta`): its credit, for structured data and images.requireCredit. */
export interface FigureMeta {
  credit?: string;
}

/** Splits an image title into caption and credit. Either may be empty. */
export function splitCaption(title: string): { caption?: string; credit?: string } {
  const at = title.lastIndexOf(CREDIT_SEPARATOR);
  const caption = (at === -1 ? title : title.slice(0, at)).trim();
  const credit = at === -1 ? "" : title.slice(at + CREDIT_SEPARATOR.length).trim();
  return { caption: caption || undefined, credit: credit || undefined };
}

function onlyImage(inline: Token): Token | undefined {
  const meaningful = (inline.children ?? []).filter(
    (t) => !(t.type === "softbreak" || (t.type === "text" && t.content.trim() === "")),
  );
  const [first] = meaningful;
  return meaningful.length === 1 && first?.type === "image" ? first : undefined;
}

export function figureRule(state: StateCore): void {
  const tokens = state.tokens;
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const open = tokens[i]!;
    const inline = tokens[i + 1];
    const close = tokens[i + 2];
    const image =
      open.type === "paragraph_open" && inline?.type === "inline" && close?.type === "paragraph_close"
        ? onlyImage(inline)
        : undefined;
    if (!image || !inline) {
      out.push(open);
      continue;
    }
    const title = image.attrGet("title") ?? "";
    image.attrs = (image.attrs ?? []).filter(([name]) => name !== "title");
    inline.children = [image];

    const tag = (type: string, name: string, nesting: 1 | -1 | 0, cls?: string) => {
      const t = new state.Token(type, name, nesting);
      t.block = true;
      if (cls) t.attrSet("class", cls);
      return t;
    };
    const text = (content: string) => {
      const t = new state.Token("inline", "", 0);
      t.content = content;
      // Captions may use inline markdown (emphasis, links) under the same link policy.
      t.children = state.md.parseInline(content, state.env)[0]?.children ?? [];
      return t;
    };
    out.push(tag("figure_open", "figure", 1, "figure"), inline);
    const { caption, credit } = splitCaption(title);
    if (credit) image.meta = { ...(image.meta ?? {}), credit } satisfies FigureMeta;
    if (caption || credit) {
      out.push(tag("figcaption_open", "figcaption", 1));
      if (caption) out.push(tag("caption_open", "span", 1, "figure__caption"), text(caption), tag("caption_close", "span", -1));
      if (caption && credit) out.push(Object.assign(new state.Token("text", "", 0), { content: " " }));
      if (credit) out.push(tag("credit_open", "span", 1, "figure__credit"), text(credit), tag("credit_close", "span", -1));
      out.push(tag("figcaption_close", "figcaption", -1));
    }
    out.push(tag("figure_close", "figure", -1));
    i += 2;
  }
  state.tokens = out;
}

export function figurePlugin(md: MarkdownIt): void {
  md.core.ruler.after("inline", "figure", figureRule);
}
