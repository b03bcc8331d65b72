import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { article, jpeg } from "../support/fixture-site.ts";
import { readPage, text } from "../support/html.ts";
import { startPreview } from "../support/preview-process.ts";
import { PROJECT_ROOT } from "../support/sample-site.ts";
import { checkWellFormed, validateAgainst } from "../support/xml.ts";

// Newsroom as another site uses it: `npm pack` this repository (prepack compiles dist/), install
// the tarball with Eleventy 3.1.8 into a temp folder (no tsx there), and build sites from it:
// plain eleventy.config.js, one with a partial of its own (built by Eleventy's own command), one
// in TypeScript (with tsx in that site only), and one made by `newsroom init`. One tarball and
// one install serve every case; each site is a folder inside the install, so it finds
// node_modules/ as a site in a workspace does.

const URL_BASE = "https://paper.example.org";
const ARTICLE = "/world/first-story/";
const CAPTION = "Ministers meet in the capital.";
const CREDIT = "Photo: Jo Camera";

let work = "";
let install = "";
let packed: { filename: string; size: number; files: string[] } | undefined;

const timings: Record<string, number> = {};
/** Runs `step` and notes how long it took (printed at the end: CI keeps this test under ~2 minutes). */
async function timed<T>(step: string, fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await fn();
  } finally {
    timings[step] = (timings[step] ?? 0) + (performance.now() - started) / 1000;
  }
}

/** Runs a command; resolves with its output, rejects with it when the status is not 0. */
function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (out += d));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} ${args.join(" ")} (in ${cwd}) exited ${code}:\n${out}`))));
  });
}

/** The installed command, run by the given Node as npx runs it (its bin file). */
function newsroom(args: string[], cwd: string, node = process.execPath): Promise<string> {
  // One image cache for every site: the same photo is encoded once.
  const env = { NEWSROOM_NOW: "2024-06-01T12:00:00Z", NEWSROOM_IMAGE_CACHE: path.join(work, "images") };
  return timed(`newsroom ${args[0]}`, () => run(node, [path.join(install, "node_modules", ".bin", "newsroom"), ...args], cwd, env));
}

/** Other Node versions to run `init` and the build with: NEWSROOM_TEST_NODES (paths, comma-separated), and any Node 22 installed by nvm. */
async function otherNodes(): Promise<string[]> {
  const listed = (process.env.NEWSROOM_TEST_NODES ?? "").split(",").filter(Boolean);
  const nvm = path.join(os.homedir(), ".nvm", "versions", "node");
  const versions = await fs.readdir(nvm).catch(() => [] as string[]);
  return [...listed, ...versions.filter((v) => v.startsWith("v22.")).map((v) => path.join(nvm, v, "bin", "node"))].filter((n) => existsSync(n));
}

const SETTINGS = {
  name: "The Test Paper",
  description: "A paper built from the installed package.",
  url: URL_BASE,
  language: "en-GB",
  timezone: "Europe/London",
  sections: { world: { label: "World" } },
  share: ["x", "facebook", "email"],
};

const ELEVENTY_CONFIG = (settingsFile: string) => `import newsroom from "newsroom";
import site from "./${settingsFile}";

export default function (eleventyConfig) {
  eleventyConfig.addPlugin(newsroom, { site, imageCache: process.env.NEWSROOM_IMAGE_CACHE });
  eleventyConfig.addPassthroughCopy({ public: "/" });
  return { dir: { input: "layouts", includes: "partials" }, templateFormats: ["njk"], htmlTemplateEngine: "njk", markdownTemplateEngine: false };
}
`;

/** A site folder inside the install: settings, one article with a photo, a logo, and an empty layouts/. */
async function makeSite(name: string, files: Record<string, string | Buffer>): Promise<string> {
  const root = path.join(install, name);
  const all: Record<string, string | Buffer> = {
    "articles/world/first-story/index.md": article(
      {
        title: "A first story",
        description: "The standfirst of the first story.",
        date: "2024-05-01T10:00:00+01:00",
        authors: ["Ann Writer"],
        image: { src: "photo.jpg", alt: "Two ministers at a table", caption: CAPTION, credit: CREDIT },
      },
      "The body of the first story.",
    ),
    "articles/world/first-story/photo.jpg": await jpeg(1600, 1000),
    "public/assets/logo.png": await (await import("sharp")).default({ create: { width: 512, height: 512, channels: 3, background: "#b3261e" } }).png().toBuffer(),
    "layouts/.keep": "",
    ...files,
  };
  for (const [file, content] of Object.entries(all)) {
    await fs.mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await fs.writeFile(path.join(root, file), content);
  }
  return root;
}

test.before(async () => {
  work = await fs.mkdtemp(path.join(os.tmpdir(), "newsroom-package-"));
  // `npm pack` runs prepack: dist/ compiled by tsc from src/.
  // Without tsc's type check: `npm test` ran `npm run typecheck` on the same sources just before.
  const json = await timed("npm pack", () => run("npm", ["pack", "--json", "--pack-destination", work], PROJECT_ROOT, { NEWSROOM_PACKAGE_NO_CHECK: "1" }));
  const [result] = JSON.parse(json.slice(json.indexOf("[\n"))) as { filename: string; size: number; files: { path: string }[] }[];
  packed = { filename: result!.filename, size: result!.size, files: result!.files.map((f) => f.path) };
  install = path.join(work, "install");
  await fs.mkdir(install);
  await fs.writeFile(path.join(install, "package.json"), JSON.stringify({ name: "install", private: true, type: "module" }));
  const args = ["install", "--no-audit", "--no-fund", path.join(work, packed.filename), "@11ty/eleventy@3.1.8"];
  // From npm's cache (npm ci of this repository has put every package there); the registry only if one is missing.
  await timed("npm install", () => run("npm", [...args, "--offline"], install).catch(() => run("npm", [...args, "--prefer-offline"], install)));
});

test.after(async () => {
  console.log(`  seconds: ${Object.entries(timings).map(([step, s]) => `${step} ${s.toFixed(1)}`).join(", ")}`);
  if (work) await fs.rm(work, { recursive: true, force: true });
});

test("the tarball holds the compiled plugin, its layouts and files, and no articles, tests, benchmarks or sample images", async () => {
  const files = packed!.files;
  for (const needed of ["package.json", "dist/index.js", "dist/index.d.ts", "dist/eleventy.d.ts", "dist/cli/newsroom.js", "layouts/article.njk", "layouts/partials/base.njk", "public/assets/site.css", "public/assets/share.js", "public/favicon.svg", "CHANGELOG.md"]) {
    assert.ok(files.includes(needed), `${needed} in the tarball`);
  }
  const unwanted = files.filter((f) => /^(articles|test|bench|src|scripts|docs|\.ci)\//.test(f) || /\.(jpe?g|png|gif|webp|avif)$/i.test(f) || /^site\.config|^\.eleventy|^tsconfig/.test(f));
  assert.equal(unwanted, []);
  assert.ok(packed!.size < 400_000, `tarball ${packed!.size} bytes`);
  console.log(`  tarball: ${packed!.filename}, ${(packed!.size / 1024).toFixed(0)} kB, ${files.length} files`);
  // What a site installs: Eleventy as the site's own (peer) dependency, and no TypeScript runner.
  assert.not.ok(existsSync(path.join(install, "node_modules", "tsx")), "no tsx installed");
  assert.not.ok(existsSync(path.join(install, "node_modules", "typescript")), "no typescript installed");
  const eleventy = JSON.parse(await fs.readFile(path.join(install, "node_modules", "@11ty", "eleventy", "package.json"), "utf8")) as { version: string };
  assert.is(eleventy.version, "3.1.8");
});

/** The checks every site built from the package must pass: article page, feeds, sitemaps, files. */
async function checkSite(output: string): Promise<Document> {
  const doc = await readPage(output, ARTICLE);
  assert.is(text(doc.querySelector("h1")), "A first story");
  const figure = doc.querySelector(".article > figure");
  assert.ok(figure, "lead figure");
  const img = figure!.querySelector("img")!;
  assert.is(img.getAttribute("alt"), "Two ministers at a table");
  await fs.access(path.join(output, img.getAttribute("src")!));
  assert.is(text(figure!.querySelector("figcaption .figure__caption")), CAPTION);
  assert.is(text(figure!.querySelector("figcaption .figure__credit")), CREDIT);
  const share = doc.querySelector("section.share")!;
  assert.ok(share, "share bar");
  assert.equal([...share.querySelectorAll("a")].map((a) => text(a)), ["Share on X", "Share on Facebook", "Share by email"]);
  assert.ok(share.querySelector("a")!.getAttribute("href")!.includes(encodeURIComponent(`${URL_BASE}${ARTICLE}`)));
  const ld = JSON.parse(doc.querySelector('script[type="application/ld+json"]')!.textContent!) as Record<string, unknown>[] | Record<string, unknown>;
  const news = (Array.isArray(ld) ? ld : ((ld["@graph"] as Record<string, unknown>[]) ?? [ld])).find((n) => n["@type"] === "NewsArticle");
  assert.ok(news, "NewsArticle structured data");
  assert.is(news!.headline, "A first story");
  assert.ok(doc.querySelector('link[rel="stylesheet"][href="/assets/site.css"]'));
  assert.ok(doc.querySelector('script[src="/assets/share.js"]'));
  for (const file of ["assets/site.css", "assets/share.js", "favicon.svg", "assets/logo.png", "404.html", "index.html", "world/index.html"]) {
    await fs.access(path.join(output, file));
  }
  const home = await readPage(output, "/");
  assert.ok(home.querySelector(`a[href="${ARTICLE}"]`), "the home page links to the article");

  // Feeds: RSS, Atom and JSON Feed list the article.
  for (const feed of ["feed.xml", "atom.xml"]) {
    const xml = await fs.readFile(path.join(output, feed), "utf8");
    assert.ok((await checkWellFormed(xml, feed)).valid, feed);
    assert.ok(xml.includes(`${URL_BASE}${ARTICLE}`), `${feed} lists the article`);
  }
  const json = JSON.parse(await fs.readFile(path.join(output, "feed.json"), "utf8")) as { items: { url: string }[] };
  assert.equal(json.items.map((i) => i.url), [`${URL_BASE}${ARTICLE}`]);
  // Sitemaps, valid against the sitemaps.org and Google News schemas.
  const sitemap = await fs.readFile(path.join(output, "sitemap.xml"), "utf8");
  assert.equal((await validateAgainst(sitemap, "sitemap")).errors, []);
  assert.ok(sitemap.includes(`<loc>${URL_BASE}${ARTICLE}</loc>`));
  const news2 = await fs.readFile(path.join(output, "news-sitemap.xml"), "utf8");
  assert.equal((await validateAgainst(news2, "news")).errors, []);
  assert.ok(news2.includes(`<loc>${URL_BASE}${ARTICLE}</loc>`));
  return doc;
}

test("a site in plain eleventy.config.js builds with `newsroom build` (staging folder and report)", async () => {
  const root = await makeSite("js-site", {
    "site.config.js": `import { defineSite } from "newsroom";\nexport default defineSite(${JSON.stringify(SETTINGS)});\n`,
    "eleventy.config.js": ELEVENTY_CONFIG("site.config.js"),
  });
  const out = await newsroom(["build"], root);
  assert.match(out, /Articles: 1 \(1 read/);
  assert.match(out, /Newsroom: rendered \d+ pages into _site\//);
  const doc = await checkSite(path.join(root, "_site"));
  // The package's own byline partial.
  assert.match(text(doc.querySelector(".byline__authors")), /^By Ann Writer$/);
  // No staging folder or lock left beside the output.
  assert.equal((await fs.readdir(root)).filter((f) => f.startsWith("_site.")), []);
  // The writers' commands and the preview work from the package too.
  assert.match(await newsroom(["check"], root), /1 article checked/);
  const preview = await timed("newsroom serve", () => startPreview(root, {}, { command: [process.execPath, path.join(install, "node_modules", ".bin", "newsroom"), "serve"] }));
  try {
    const page = await fetch(`${preview.url}${ARTICLE}`);
    assert.is(page.status, 200);
    assert.match(await page.text(), /<h1 class="article__headline"[^>]*>A first story<\/h1>/);
    assert.is((await fetch(`${preview.url}/assets/share.js`)).status, 200);
  } finally {
    await preview.stop();
  }
});

test("a site overrides one partial and adds its own CSS; Eleventy's own command builds it", async () => {
  const root = await makeSite("override-site", {
    "site.config.js": `export default ${JSON.stringify(SETTINGS)};\n`,
    "eleventy.config.js": ELEVENTY_CONFIG("site.config.js"),
    // The site's byline (same name as the package's partial) and its head additions.
    "layouts/partials/byline.njk": `<p class="byline own-byline">Written by {% for a in article.authors %}{{ a.name }}{% endfor %}</p>\n`,
    "layouts/partials/head.njk": `<link rel="stylesheet" href="/assets/paper.css">\n`,
    "public/assets/paper.css": "body { background: ivory; }\n",
  });
  const eleventy = path.join(install, "node_modules", "@11ty", "eleventy", "cmd.cjs");
  await timed("eleventy", () => run(process.execPath, [eleventy, "--quiet"], root, { NEWSROOM_NOW: "2024-06-01T12:00:00Z", NEWSROOM_IMAGE_CACHE: path.join(work, "images") }));
  const output = path.join(root, "_site");
  const doc = await checkSite(output);
  const byline = doc.querySelector(".own-byline");
  assert.ok(byline, "the site's byline partial is used");
  assert.match(text(byline), /^Written by Ann Writer$/);
  assert.is(doc.querySelectorAll(".byline").length, 1, "only the site's byline");
  assert.ok(doc.querySelector('link[rel="stylesheet"][href="/assets/paper.css"]'), "the site's CSS is linked");
  assert.is(await fs.readFile(path.join(output, "assets", "paper.css"), "utf8"), "body { background: ivory; }\n");
  // Pages the site did not override still come from the package, with the package's CSS.
  assert.ok((await readPage(output, "/world/")).querySelector('link[href="/assets/site.css"]'));
});

test("a site in TypeScript (eleventy.config.ts, site.config.ts) builds with its own tsx on Node 20, and type-checks against the package's types", async () => {
  const root = await makeSite("ts-site", {
    "site.config.ts":
      `import { defineSite, type SiteSettingsInput } from "newsroom";\n` +
      `const settings: SiteSettingsInput = ${JSON.stringify(SETTINGS)} as SiteSettingsInput;\n` +
      // The package's types are real types, not \`any\`: tsc must find this error.
      `// @ts-expect-error: the name is text\nexport const wrong: SiteSettingsInput = { ...settings, name: 1 };\n` +
      `export default defineSite(settings);\n`,
    "eleventy.config.ts": ELEVENTY_CONFIG("site.config.ts").replace('import newsroom from "newsroom";', 'import newsroom from "newsroom";\nimport type { UserConfig } from "@11ty/eleventy";').replace("(eleventyConfig)", "(eleventyConfig: UserConfig)"),
    "tsconfig.json": JSON.stringify({ compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext", target: "ES2022", strict: true, noEmit: true, allowImportingTsExtensions: true, skipLibCheck: true, types: ["node"], typeRoots: [path.join(PROJECT_ROOT, "node_modules", "@types")] }, include: ["*.ts"] }),
  });
  // Without tsx (Node 20 cannot run TypeScript): the command says what to do.
  if (!(process.features as { typescript?: unknown }).typescript) {
    const refused = await newsroom(["build"], root).then(() => "", (e: Error) => e.message);
    assert.match(refused, /eleventy\.config\.ts and site\.config\.ts are TypeScript[\s\S]*npm install --save-dev tsx/);
  }
  // tsx in that site only (this repository's copy, linked as the site's own dependency).
  await fs.mkdir(path.join(root, "node_modules"));
  await fs.symlink(path.join(PROJECT_ROOT, "node_modules", "tsx"), path.join(root, "node_modules", "tsx"), "dir");
  await newsroom(["build"], root);
  await checkSite(path.join(root, "_site"));
  // The package's .d.ts types: defineSite, SiteSettingsInput and the plugin's options check.
  await timed("tsc", () => run(process.execPath, [path.join(PROJECT_ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "."], root));
});

test("`newsroom init` makes a site that builds at once (Node 20, and Node 22 where installed)", async () => {
  const nodes = [process.execPath, ...(await otherNodes())];
  for (const [i, node] of nodes.entries()) {
    const folder = `my-paper-${i}`;
    const made = await newsroom(["init", folder, "--name", "My Paper", "--url", "https://my-paper.example.org", "--language", "en-IN", "--timezone", "Asia/Kolkata", "--sections", "world,india"], install, node);
    assert.match(made, /npm install/);
    const root = path.join(install, folder);
    const pkg = JSON.parse(await fs.readFile(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string>; dependencies: Record<string, string> };
    assert.equal(pkg.scripts, { build: "newsroom build", start: "newsroom serve", new: "newsroom new", check: "newsroom check" });
    assert.ok(pkg.dependencies.newsroom && pkg.dependencies["@11ty/eleventy"]);
    // `npm run build` as the new site's owner runs it (the site's dependencies are the install's).
    const out = await timed("npm run build", () => run("npm", ["run", "build"], root, { PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH}`, NEWSROOM_NOW: undefined }));
    assert.match(out, /Newsroom: rendered \d+ pages into _site\//, `${node}: ${out}`);
    const home = await readPage(path.join(root, "_site"), "/");
    assert.is(home.querySelector('meta[property="og:site_name"]')?.getAttribute("content"), "My Paper");
    assert.is(home.documentElement.getAttribute("lang"), "en-IN");
    assert.equal([...home.querySelectorAll("nav.sections-nav a")].map((a) => text(a)), ["World", "India"]);
    const example = await readPage(path.join(root, "_site"), "/world/welcome/");
    assert.is(text(example.querySelector("h1")), "Welcome to your newsroom");
    console.log(`  init and build on Node ${(await run(node, ["--version"], root)).trim()}`);
  }
  // A folder in use is refused, and nothing is written into it.
  const refused = await newsroom(["init", "my-paper-0", "--url", "https://x.example.org"], install).then(() => "", (e: Error) => e.message);
  assert.match(refused, /my-paper-0 is not empty/);
  // Settings the build would refuse are refused before anything is written.
  const bad = await newsroom(["init", "bad-paper", "--timezone", "Mars/Olympus"], install).then(() => "", (e: Error) => e.message);
  assert.match(bad, /timezone: is not an IANA timezone/);
  assert.not.ok(existsSync(path.join(install, "bad-paper")));
});

test.run();
