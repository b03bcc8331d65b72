import fs from "node:fs/promises";
import path from "node:path";
import { DateTime } from "luxon";
import { buildClock } from "../build/build-clock.ts";
import { ArticleErrors } from "../content/errors.ts";
import { findArticleFiles } from "../content/load-articles.ts";
import { articleText } from "../content/scaffold.ts";
import { toSlug } from "../content/slug.ts";
import { ImageStore } from "../images/image-store.ts";
import { resolveImage } from "../images/resolve-image.ts";
import { findAddressHolders } from "../check/archive-addresses.ts";
import { readCommandLine } from "./command-line.ts";
import { askHeadlineAndSection } from "./ask-article.ts";
import { openProject } from "./site-project.ts";

/**
 * `npm run new -- "Headline" --section world [--author A]… [--tag T]… [--photo file.jpg]
 * [--description …] [--alt …] [--caption …] [--credit …]`: writes a new draft article, valid
 * as it stands, and prints its path and its address in the preview (`npm start`).
 *
 * Where: `articles/<section>/<slug>.md`, or with a photo `articles/<section>/<slug>/index.md`
 * with the photo copied beside it (how an article with images is laid out). The slug is the
 * headline's (src/content/slug.ts), so the address is /<section>/<slug>/. It refuses an
 * address another article has (by its `slug:` or its file name: src/check/archive-addresses.ts),
 * an unknown section (listing the site's), and a photo the build would refuse. With no
 * arguments in a terminal it asks for the headline and the section. Exit 0 written, 1 refused,
 * 2 used wrongly.
 */

const USAGE = `Usage: npm run new -- "Headline" --section <section> [options]

  --section <key>      the section (required)
  --author <name>      an author (repeat for more)
  --tag <name>         a tag (repeat for more)
  --photo <file>       a lead photo, copied beside the article
  --alt, --caption, --credit <text>   the photo's alt text, caption and credit
  --description <text> the standfirst

With no arguments in a terminal, it asks for the headline and the section.`;

class Refused extends Error {}

async function main(argv: string[]): Promise<number> {
  const args = readCommandLine(
    argv,
    {
      section: { type: "string", short: "s" },
      author: { type: "string", multiple: true },
      tag: { type: "string", multiple: true },
      photo: { type: "string" },
      alt: { type: "string" },
      caption: { type: "string" },
      credit: { type: "string" },
      description: { type: "string" },
    },
    USAGE,
  );
  if (typeof args === "number") return args;
  const { values, positionals } = args;
  const root = process.cwd();
  const { site, articlesDir } = await openProject(root);
  const sections = Object.entries(site.sections).map(([key, s]) => ({ key, label: s.label }));

  let title = positionals.join(" ").trim();
  let section = values.section;
  if (!title && !section && argv.length === 0) {
    if (!process.stdin.isTTY || !process.stdout.isTTY) {
      console.error(`Give the headline and the section.\n\n${USAGE}`);
      return 2;
    }
    const answers = await askHeadlineAndSection(sections);
    if (!answers) return 1;
    ({ title, section } = answers);
  }
  if (!title || !section) {
    console.error(`${!title ? "The headline is missing" : "--section is missing"}.\n\n${USAGE}`);
    return 2;
  }
  if (!Object.hasOwn(site.sections, section)) {
    throw new Refused(
      `"${section}" is not a section of this site (${ArticleErrors.SectionUnknown.title.toLowerCase()}).\n` +
        `Use one of: ${sections.map((s) => `${s.key} (${s.label})`).join(", ")}. A developer adds sections in site.config.ts.`,
    );
  }
  const slug = toSlug(title);
  if (!slug) throw new Refused(`"${title}" gives no address: a headline needs letters or digits.`);
  const url = `/${section}/${slug}/`;

  // The same address as any article, whatever its file is called (its `slug:` may give it).
  const all = await findArticleFiles(path.resolve(root, articlesDir)).catch(() => [] as string[]);
  const [holder] = await findAddressHolders(all, new Set([url]), site.sections);
  if (holder) {
    throw new Refused(
      `${path.relative(root, holder.absFile)} already has the address ${url}.\n` +
        "Write a different headline, or open that article if it is the same story.",
    );
  }

  const folder = path.join(root, articlesDir, section);
  const file = values.photo ? path.join(folder, slug, "index.md") : path.join(folder, `${slug}.md`);
  const taken = [file, path.join(folder, `${slug}.md`), path.join(folder, slug)];
  for (const existing of taken) {
    if (await fs.stat(existing).catch(() => undefined)) throw new Refused(`${path.relative(root, existing)} already exists.`);
  }

  let image: { src: string; alt?: string; caption?: string; credit?: string } | undefined;
  let photoFile: string | undefined;
  if (values.photo) {
    // Checked as the build will check it (format, size, readable), before anything is written.
    photoFile = path.resolve(root, values.photo);
    const store = new ImageStore({ cacheDir: path.join(root, ".cache/images"), settings: site.images });
    const result = await resolveImage(path.basename(photoFile), path.dirname(photoFile), { inspect: (f) => store.inspect(f), maxPixels: site.images.maxPixels });
    if (!result.ok) {
      const details = { field: "image.src", value: values.photo, reason: result.reason };
      const entry = ArticleErrors[result.error];
      throw new Refused(`${entry.message(details)}\nfix: ${entry.hint(details)}`);
    }
    image = { src: path.basename(photoFile), alt: values.alt, caption: values.caption, credit: values.credit };
  }

  // Now in the site's timezone, to the second. NEWSROOM_NOW (ISO 8601) sets the moment, as for the preview.
  const now = buildClock(process.env.NEWSROOM_NOW, { preview: true })?.() ?? new Date();
  const date = DateTime.fromJSDate(now, { zone: site.timezone }).startOf("second");
  const text = articleText({ title, section, date, description: values.description, authors: values.author, tags: values.tag, image });

  await fs.mkdir(path.dirname(file), { recursive: true });
  // "wx": never overwrite, even if a file appeared since the checks above.
  await fs.writeFile(file, text, { flag: "wx" });
  if (photoFile && image) await fs.copyFile(photoFile, path.join(path.dirname(file), image.src), fs.constants.COPYFILE_EXCL);

  const port = process.env.PORT ?? "8080";
  console.log(`Wrote ${path.relative(root, file).split(path.sep).join("/")} (a draft: remove "draft: true" to publish).`);
  console.log(`Preview: http://localhost:${port}${url}   (run npm start)`);
  console.log(`Check it: npm run check -- ${path.relative(root, file).split(path.sep).join("/")}`);
  return 0;
}

main(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = error instanceof Refused ? 1 : 2;
  },
);
