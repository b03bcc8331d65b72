import fs from "node:fs/promises";
import path from "node:path";
import * as pagefind from "pagefind";
const out = "/tmp/newsroom-fixture-3Thr94/_site";
const files: string[] = [];
for (const s of ["world", "india", "business", "science", "sport"]) for (const d of await fs.readdir(path.join(out, s))) if (d.startsWith("story-")) files.push(path.join(out, s, d, "index.html"));
let t = performance.now();
const lap = (l: string) => { const n = performance.now(); console.log(l, Math.round(n - t)); t = n; };
const contents = await Promise.all(files.map((f) => fs.readFile(f, "utf8")));
lap(`read ${files.length} files, avg ${Math.round(contents.reduce((a, c) => a + c.length, 0) / files.length)} chars`);
const trim = (html: string) => {
  const lang = /<html[^>]*>/.exec(html)![0];
  const start = html.indexOf("<article class=\"article\"");
  const end = html.lastIndexOf("</article>", html.indexOf("</main>"));
  return `<!DOCTYPE html>${lang}<body>${html.slice(start, end + 10)}</body></html>`;
};
const trimmed = contents.map(trim);
lap(`trim, avg ${Math.round(trimmed.reduce((a, c) => a + c.length, 0) / files.length)} chars`);
for (const [label, list] of [["full", contents], ["trimmed", trimmed]] as const) {
  const { index } = await pagefind.createIndex({});
  lap("create");
  let next = 0;
  const w = async () => { while (next < list.length) { const i = next++; await index!.addHTMLFile({ url: `/x/${i}/`, content: list[i]! }); } };
  await Promise.all(Array.from({ length: 8 }, w));
  lap(`add ${label}`);
  await index!.getFiles();
  lap("getFiles");
  await index!.deleteIndex();
}
{
  const { index } = await pagefind.createIndex({});
  const r = await index!.addDirectory({ path: out, glob: "{world,india,business,science,sport}/story-*/index.html" });
  lap(`addDirectory ${r.page_count}`);
  await index!.getFiles();
  lap("getFiles");
}
await pagefind.close();
