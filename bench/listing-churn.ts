import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { createFixture } from "../test/support/fixture-site.ts";
import { listPages } from "../test/support/html.ts";
import { generateArchive } from "./generate-archive.ts";

/**
 * `tsx bench/listing-churn.ts [-- 4000]`: how many HTML pages one new article changes. Builds the
 * synthetic archive (bench/generate-archive.ts, 10 articles per page), adds one article newer than
 * all the others (in a section, with tags and the author every article has), builds again and
 * compares every HTML file byte for byte. Prints the changed pages by kind. An incremental build
 * can do no better than rewrite these, so this is the floor of its work.
 */
const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
if (sizes.length === 0) sizes.push(4000);

async function hashes(output: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const url of await listPages(output)) {
    const file = path.join(output, url.endsWith("/") ? `${url}index.html` : url);
    out.set(url, createHash("sha256").update(await fs.readFile(file)).digest("hex"));
  }
  return out;
}

function kind(url: string): string {
  if (url === "/") return "home";
  if (/\/page\/\d+\/$/.test(url)) return "archive pages";
  if (/^\/(tags|authors)\/[^/]+\/$/.test(url) || /^\/[^/]+\/$/.test(url)) return "listing fronts";
  return "articles";
}

console.log("articles | HTML pages | changed by one new article | of which: home, listing fronts, archive pages, articles");
for (const n of sizes) {
  const site = await createFixture({}, { perPage: 10 });
  await generateArchive(path.join(site.root, "articles"), n);
  const first = await site.build();
  if (!first.ok) throw new Error(first.message);
  const before = await hashes(site.output);
  const date = new Date(Date.UTC(2015, 0, 1) + n * 3_600_000).toISOString().replace(".000Z", "+00:00");
  await fs.writeFile(
    path.join(site.root, "articles/world/breaking.md"),
    `---\ntitle: "Breaking"\ndescription: "A new story."\ndate: ${date}\nsection: world\ntags: [Topic 0, Topic 1]\nauthors: [Asha Menon]\n---\nText.\n`,
  );
  const second = await site.build();
  if (!second.ok) throw new Error(second.message);
  const after = await hashes(site.output);
  const changed = [...new Set([...before.keys(), ...after.keys()])].filter((u) => before.get(u) !== after.get(u));
  const count = (k: string) => changed.filter((u) => kind(u) === k).length;
  console.log(
    `${String(n).padStart(8)} | ${String(after.size).padStart(10)} | ${String(changed.length).padStart(26)} | ` +
      ["home", "listing fronts", "archive pages", "articles"].map(count).join(", "),
  );
  await fs.rm(site.root, { recursive: true, force: true });
}
