import MarkdownIt from "markdown-it";
import { figurePlugin } from "./figure.ts";
import { imageFileNamesPlugin } from "./image-file-names.ts";
import { isAllowedLink } from "./link-policy.ts";
import { picturePlugin } from "./picture-rule.ts";
import { scrollBoxPlugin } from "./scroll-boxes.ts";
import { typographyPlugin } from "./typography.ts";

/**
 * The markdown-it instance articles are rendered with. Article bodies are content, not templates:
 * Eleventy never sees them, so `{{ }}` and `{% %}` print as written.
 */
export interface MarkdownOptions {
  /** Raw HTML in markdown. Off by default; when on, render-body.ts sanitizes the output. */
  allowHtml: boolean;
  /**
   * Quotes, apostrophes and dashes set the way the text's language does (src/markdown/typography.ts;
   * settings `markdown.typography`, on by default for a site). Off when not given.
   */
  typography?: boolean;
  /** The site's language (BCP 47), for typography: a render's `env.language` overrides it. */
  language?: string;
}

export function createMarkdown(options: MarkdownOptions): MarkdownIt {
  const md = new MarkdownIt({ html: options.allowHtml, linkify: false, typographer: false });
  md.validateLink = isAllowedLink;
  md.use(imageFileNamesPlugin);
  md.use(figurePlugin);
  md.use(picturePlugin);
  md.use(scrollBoxPlugin);
  if (options.typography) md.use(typographyPlugin, { language: options.language ?? "en" });
  return md;
}
