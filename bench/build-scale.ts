import { execFileSync } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createFixture } from "../test/support/fixture-site.ts";
import { generateArchive } from "./generate-archive.ts";

/**
 * `npm run bench:build [-- 1000 2000 4000]`: how build time and memory grow with the archive.
 * For each size, the same synthetic articles are built (each in a fresh process) by
 *   - newsroom: this project's pipeline, and
 *   - eleventy: the baseline, plain Eleventy 3 with every article a markdown template and its
 *     tags as collections (the eleventy-base-blog way), with article and tag pages.
 * It prints milliseconds per article for both, so linear growth shows as a flat column.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
if (sizes.length === 0) sizes.push(1000, 2000, 4000);

const BASELINE_CONFIG = `export default function (config) {
  config.addFilter("newest", (list, n) => [...list].sort((a, b) => b.date - a.date).slice(0, n));
  return { dir: { input: "content", includes: "_includes" } };
}
`;
const BASELINE_POST = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title></head>
<body><main><h1>{{ title }}</h1><p>{{ description }}</p><time>{{ page.date.toISOString() }}</time>
{{ content | safe }}<ul>{% for tag in tags %}<li><a href="/tags/{{ tag | slugify }}/">{{ tag }}</a></li>{% endfor %}</ul></main></body></html>
`;
const BASELINE_TAGS = `---
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

async function baselineSite(articles: string): Promise<string> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), "newsroom-bench-baseline-"));
  await fs.cp(articles, path.join(root, "content"), { recursive: true });
  await fs.mkdir(path.join(root, "content/_includes"), { recursive: true });
  await fs.writeFile(path.join(root, "baseline.config.mjs"), BASELINE_CONFIG);
  await fs.writeFile(path.join(root, "content/_includes/post.njk"), BASELINE_POST);
  await fs.writeFile(path.join(root, "content/content.11tydata.json"), JSON.stringify({ layout: "post.njk" }));
  await fs.writeFile(path.join(root, "content/tags.njk"), BASELINE_TAGS);
  return root;
}

interface Run { pages: number; ms: number; maxRssMB: number }
function run(mode: "newsroom" | "eleventy", root: string): Run {
  const out = execFileSync(process.execPath, ["--import", "tsx", path.join(here, "build-once.ts"), mode, root], {
    cwd: path.join(here, ".."),
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out.trim().split("\n").pop()!) as Run;
}

console.log(`Build scale: ${os.cpus().length} cores, Node ${process.version}. Each cell is one cold build in a fresh process.`);
console.log("");
console.log("articles | newsroom: ms   ms/article  pages  peak MB | eleventy baseline: ms   ms/article  pages  peak MB | time ratio");
for (const n of sizes) {
  const site = await createFixture({});
  await generateArchive(path.join(site.root, "articles"), n);
  const baseline = await baselineSite(path.join(site.root, "articles"));
  const ours = run("newsroom", site.root);
  const theirs = run("eleventy", baseline);
  const cell = (r: Run) =>
    `${String(r.ms).padStart(8)} ${(r.ms / n).toFixed(2).padStart(10)} ${String(r.pages).padStart(6)} ${String(r.maxRssMB).padStart(8)}`;
  console.log(`${String(n).padStart(8)} | ${cell(ours)} | ${cell(theirs)}        | ${(ours.ms / theirs.ms).toFixed(2)}`);
  await fs.rm(site.root, { recursive: true, force: true });
  await fs.rm(baseline, { recursive: true, force: true });
}
