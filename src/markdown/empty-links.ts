import type Token from "markdown-it/lib/token.mjs";
import type { BuildWarning } from "../build/build-report.ts";
import { quoted } from "./html-policy.ts";

/**
 * Links with nothing to see or click: `[](https://example.com)` renders `<a href="…"></a>`,
 * invisible to sighted readers and announced as a bare "link" by screen readers (WCAG 2.4.4,
 * "Link Purpose"). Usually the text was lost in an edit. A build warning naming the line of the
 * file (`bodyLine`: the line the body starts on, 1-based), with raw HTML on or off.
 *
 * A link has text when anything visible sits between link_open and link_close: text other than
 * spaces, inline code, an image (its alt text names the link), or raw HTML.
 */
export function emptyLinks(tokens: Token[], file: string, bodyLine: number): BuildWarning[] {
  const warnings: BuildWarning[] = [];
  for (const t of tokens) {
    if (t.type !== "inline" || !t.children) continue;
    let line = t.map?.[0] ?? 0;
    let open: { href: string; line: number; visible: boolean } | undefined;
    for (const child of t.children) {
      if (child.type === "softbreak" || child.type === "hardbreak") line++;
      if (child.type === "link_open") open = { href: quoted(child.attrGet("href") ?? ""), line, visible: false };
      else if (child.type === "link_close" && open) {
        if (!open.visible) {
          warnings.push({
            file,
            field: "body",
            message: `line ${bodyLine + open.line}: the link to "${open.href}" has no text, so readers cannot see or click it.`,
            hint: `Write what the link is about between the brackets, e.g. [The council's report](${open.href}), or remove the link.`,
          });
        }
        open = undefined;
      } else if (open && visible(child)) open.visible = true;
    }
  }
  return warnings;
}

function visible(token: Token): boolean {
  if (token.type === "text") return token.content.trim() !== "";
  return token.type === "image" || token.type === "code_inline" || token.type === "html_inline";
}
