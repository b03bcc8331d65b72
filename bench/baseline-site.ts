import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";

/**
 * The plain-Eleventy baseline every build benchmark compares with: Eleventy 3 the
 * eleventy-base-blog way, every article a markdown template with a Nunjucks layout and its tags as
 * collections, giving an article page per article and a tag page per tag (newest 20). It has no
 * home, section, author or archive pages and no feeds or sitemaps, so it renders fewer pages than
 * Newsroom does for the same articles.
 */
const CONFIG = `export default function (config) {
  config.addFilter("newest", (list, n) => [...list].sort((a, b) => b.date - a.date).slice(0, n));
  return { dir: { input: "content", includes: "_includes" } };
}
`;
const POST = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title></head>
<body><main><h1>{{ title }}</h1><p>{{ description }}</p><time>{{ page.date.toISOString() }}</time>
{{ content | safe }}<ul>{% for tag in tags %}<li><a href="/tags/{{ tag | slugify }}/">{{ tag }}</a></li>{% endfor %}</ul></main></body></html>
`;
const TAGS = `---
pagination:
  data: collections
  size: 1
  alias: tag
  filter: [all]
permalink: "/tags/{{ tag | slugify }}/"
---
<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{{ tag }}</title></head><body><h1>{{ tag }}</h1>
<ul>{% for post in collections[tag] | newest(20) %}<li><a href="{{ post.url }}">{{ post.data.title }}</a></li>{% endfor %}</ul></body></html>
`;

/** Its Eleventy config, relative to the site's root (pass it as `configPath`). */
export const BASELINE_CONFIG = "baseline.config.mjs";
/** Its input folder, relative to the site's root: articles go in `content/<section>/<slug>.md`. */
export const BASELINE_INPUT = "content";

/**
 * Makes the baseline site in a new temp folder from a folder of Newsroom articles
 * (`<section>/<slug>.md`, e.g. from bench/generate-archive.ts) and returns its root. An article
 * `content/world/story-1.md` is served at `/world/story-1/`, a tag "Topic 1" at `/tags/topic-1/`.
 */
export async function baselineSite(articles: string): Promise<string> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), "newsroom-bench-baseline-"));
  const input = path.join(root, BASELINE_INPUT);
  await fs.cp(articles, input, { recursive: true });
  await fs.mkdir(path.join(input, "_includes"), { recursive: true });
  await fs.writeFile(path.join(root, BASELINE_CONFIG), CONFIG);
  await fs.writeFile(path.join(input, "_includes/post.njk"), POST);
  await fs.writeFile(path.join(input, "content.11tydata.json"), JSON.stringify({ layout: "post.njk" }));
  await fs.writeFile(path.join(input, "tags.njk"), TAGS);
  return root;
}
