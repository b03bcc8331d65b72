import fs from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { memoryPages, validateXML, type XMLFileInfo } from "xmllint-wasm";

/**
 * XML checks for tests: libxml2's xmllint (compiled to WebAssembly, no native tool needed) against
 * the schemas in test/fixtures/xsd/. Each call runs in a fresh worker and reads nothing from disk
 * or the network by itself, so every file a schema imports is handed over here.
 */

const XSD_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/xsd");

/** Which document a schema validates, and the schema files it needs (the main one first). */
const SCHEMAS = {
  /** A sitemaps.org <urlset>. */
  sitemap: ["sitemap.xsd"],
  /** A sitemaps.org <sitemapindex>. */
  siteindex: ["siteindex.xsd"],
  /** A <urlset> whose <url>s carry Google News <news:news> (the wrapper imports both schemas). */
  news: ["sitemap-with-news.xsd", "sitemap.xsd", "sitemap-news.xsd"],
} as const;
export type SchemaName = keyof typeof SCHEMAS;

export interface XmlCheck {
  valid: boolean;
  /** xmllint's messages, one a line (empty when valid). */
  errors: string[];
}

const cache = new Map<string, Promise<XMLFileInfo>>();
function xsd(fileName: string): Promise<XMLFileInfo> {
  let file = cache.get(fileName);
  if (!file) {
    file = fs.readFile(path.join(XSD_DIR, fileName), "utf8").then((contents) => ({ fileName, contents }));
    cache.set(fileName, file);
  }
  return file;
}

// The default ceiling (32 MiB) is too low for a full 50,000-URL sitemap part.
const MAX_MEMORY = 1024 * memoryPages.MiB;

/**
 * Validates `xml` against one of the schemas. A document that is not well-formed is invalid too;
 * a schema that does not compile throws (that is a broken test, not a broken document).
 */
export async function validateAgainst(xml: string, schema: SchemaName, fileName = "document.xml"): Promise<XmlCheck> {
  const [main, ...imports] = await Promise.all(SCHEMAS[schema].map(xsd));
  const result = await validateXML({
    xml: { fileName, contents: xml },
    schema: main!,
    preload: imports,
    maxMemoryPages: MAX_MEMORY,
  });
  return { valid: result.valid, errors: messages(result.rawOutput) };
}

/** Checks that `xml` parses (well-formed, namespaces declared), with no schema. */
export async function checkWellFormed(xml: string, fileName = "document.xml"): Promise<XmlCheck> {
  // No schema: xmllint only parses, which is the well-formedness check.
  const result = await validateXML({ xml: { fileName, contents: xml }, schema: [], maxMemoryPages: MAX_MEMORY });
  return { valid: result.valid, errors: messages(result.rawOutput) };
}

function messages(rawOutput: string): string[] {
  // xmllint ends with "<file> validates" or "… fails to validate"; those lines are not errors.
  return rawOutput.split("\n").filter((line) => line.trim() !== "" && !/ (validates|fails to validate)$/.test(line));
}
