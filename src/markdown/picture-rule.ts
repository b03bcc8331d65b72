import type MarkdownIt from "markdown-it";
import { pictureHtml, type Picture } from "../images/picture.ts";

/**
 * Renderer rule "image": an image whose token carries a `picture` (set by render-body.ts once the
 * file is found and planned) is written as a responsive `<picture>`; its alt text comes from the
 * markdown as usual. When raw HTML is on, the output is sanitized afterwards, and the sanitizer
 * must not judge our own markup: the rule then writes a placeholder that render-body.ts swaps
 * for the `<picture>` after sanitizing. The placeholder holds a private-use character and a
 * random per-render key, neither of which a writer can type into the output.
 */

export interface PictureEnv {
  /** Set when the HTML will be sanitized: pictures are held here and placeholders written. */
  deferred?: { key: string; html: string[] };
}

export const PLACEHOLDER = "\uE000";

export function picturePlugin(md: MarkdownIt): void {
  const fallback = md.renderer.rules.image!;
  md.renderer.rules.image = (tokens, idx, options, env: PictureEnv, self) => {
    const token = tokens[idx]!;
    const picture = (token.meta as { picture?: Picture } | null)?.picture;
    if (!picture) return fallback(tokens, idx, options, env, self);
    const html = pictureHtml(picture, { alt: self.renderInlineAsText(token.children ?? [], options, env), sizes: "article" });
    if (!env.deferred) return html;
    env.deferred.html.push(html);
    return `${PLACEHOLDER}${env.deferred.key}:${env.deferred.html.length - 1}${PLACEHOLDER}`;
  };
}

/** Puts deferred pictures in place of their placeholders. */
export function restorePictures(html: string, deferred: NonNullable<PictureEnv["deferred"]>): string {
  const pattern = new RegExp(`${PLACEHOLDER}${deferred.key}:(\\d+)${PLACEHOLDER}`, "g");
  return html.replace(pattern, (_, i: string) => deferred.html[Number(i)] ?? "");
}
