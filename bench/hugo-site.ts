import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";

/**
 * The Hugo baseline: the same articles as a minimal Hugo site (Hugo 0.111 as Debian ships it),
 * with an article page per article, a list of the newest 20 on the home page, each section and
 * each tag's and author's page (Hugo taxonomies), and Hugo's default RSS feeds and sitemap.
 * Hugo is not a dependency: the benchmarks use it only when `hugo` is on the PATH.
 */
const CONFIG = `baseURL = "https://example.org/"
languageCode = "en"
title = "Baseline"
disableKinds = ["robotsTXT", "404"]
[taxonomies]
  tag = "tags"
  author = "authors"
`;
const SINGLE = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main><h1>{{ .Title }}</h1><p>{{ .Params.description }}</p><time>{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}</time>
{{ .Content }}<ul>{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul></main></body></html>
`;
// Home: the whole site's newest; a section: its articles; a tag or author: theirs; /tags/: the tags.
const LIST = `{{ $pages := .Pages }}{{ if .IsHome }}{{ $pages = site.RegularPages }}{{ end }}
<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1>
<ul>{{ range first 20 $pages.ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul></body></html>
`;

/**
 * Makes the Hugo site in a new temp folder from a folder of Newsroom articles
 * (`<section>/<slug>.md`) and returns its root; build it with `hugo -s <root>` into `public/`.
 * `content/world/story-1.md` is served at `/world/story-1/`, the tag "Topic 1" at `/tags/topic-1/`.
 */
export async function hugoSite(articles: string): Promise<string> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), "newsroom-bench-hugo-"));
  await fs.cp(articles, path.join(root, "content"), { recursive: true });
  await fs.mkdir(path.join(root, "layouts/_default"), { recursive: true });
  await fs.writeFile(path.join(root, "config.toml"), CONFIG);
  await fs.writeFile(path.join(root, "layouts/_default/single.html"), SINGLE);
  await fs.writeFile(path.join(root, "layouts/_default/list.html"), LIST);
  await fs.writeFile(path.join(root, "layouts/_default/terms.html"), LIST);
  return root;
}
