import MarkdownIt from "markdown-it";
import { figurePlugin } from "./figure.ts";
import { imageFileNamesPlugin } from "./image-file-names.ts";
import { isAllowedLink } from "./link-policy.ts";
import { picturePlugin } from "./picture-rule.ts";
import { scrollBoxPlugin } from "./scroll-boxes.ts";

/**
 * The markdown-it instance articles are rendered with. Article bodies are content, not templates:
 * Eleventy never sees them, so `{{ }}` and `{% %}` print as written.
 */
export interface MarkdownOptions {
  /** Raw HTML in markdown. Off by default; when on, render-body.ts sanitizes the output. */
  allowHtml: boolean;
}

export function createMarkdown(options: MarkdownOptions): MarkdownIt {
  const md = new MarkdownIt({ html: options.allowHtml, linkify: false, typographer: false });
  md.validateLink = isAllowedLink;
  md.use(imageFileNamesPlugin);
  md.use(figurePlugin);
  md.use(picturePlugin);
  md.use(scrollBoxPlugin);
  return md;
}
