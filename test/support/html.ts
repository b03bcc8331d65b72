import fs from "node:fs/promises";
import path from "node:path";
import { parseHTML } from "linkedom";

/** Parses a built page with a real HTML parser (linkedom) and returns its document. */
export async function readPage(output: string, urlPath: string): Promise<Document> {
  const file = path.join(output, urlPath.endsWith("/") ? `${urlPath}index.html` : urlPath);
  const html = await fs.readFile(file, "utf8");
  return parseHTML(html).document as unknown as Document;
}

export function text(node: Element | null | undefined): string {
  return (node?.textContent ?? "").replace(/\s+/g, " ").trim();
}

/** Every HTML file under a built site, as URL paths. */
export async function listPages(output: string): Promise<string[]> {
  const pages: string[] = [];
  async function walk(dir: string): Promise<void> {
    for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.name.endsWith(".html")) {
        const rel = "/" + path.relative(output, full).split(path.sep).join("/");
        pages.push(rel.endsWith("/index.html") ? rel.slice(0, -"index.html".length) : rel);
      }
    }
  }
  await walk(output);
  return pages.sort();
}
