import fs from "node:fs/promises";
import path from "node:path";
import { cancel, intro, isCancel, outro, text } from "@clack/prompts";
import { DateTime } from "luxon";
import { resolveSettings, type SiteSettingsInput } from "../settings.ts";
import { PACKAGE_ROOT } from "../package/package-root.ts";
import { starterFiles } from "../package/starter.ts";
import { readCommandLine } from "./command-line.ts";

/**
 * `npx newsroom init <folder> [--name … --url … --language … --timezone … --sections world,india]`:
 * makes a new site folder (src/package/starter.ts) that builds at once after `npm install`.
 * Run in a terminal with no options, it asks for each setting (@clack/prompts). The settings are
 * checked as a build checks them before anything is written; the folder must not exist or be
 * empty. Exit 0 made, 1 refused (bad settings, folder in use), 2 used wrongly.
 */

const USAGE = `Usage: newsroom init <folder> [options]

  --name <text>          the site's name (default: the folder's name)
  --url <url>            its address, e.g. https://news.example.org
  --language <tag>       BCP 47 language, e.g. en, en-IN, ar-EG (default en)
  --timezone <zone>      IANA timezone, e.g. Asia/Kolkata (default: this computer's)
  --sections <keys>      comma-separated section keys, e.g. world,india,sport (default news)
  --description <text>   one or two sentences on what the site is

With no options in a terminal, it asks for each.`;

class Refused extends Error {}

async function main(argv: string[]): Promise<number> {
  const args = readCommandLine(
    argv,
    {
      name: { type: "string" },
      url: { type: "string" },
      language: { type: "string" },
      timezone: { type: "string" },
      sections: { type: "string" },
      description: { type: "string" },
    },
    USAGE,
  );
  if (typeof args === "number") return args;
  const { values, positionals } = args;
  let folder = positionals[0];
  if (positionals.length > 1) {
    console.error(`One folder only.\n\n${USAGE}`);
    return 2;
  }
  const given = Object.keys(values).length > 0;
  const interactive = !given && process.stdin.isTTY && process.stdout.isTTY;
  const defaults = {
    language: "en",
    timezone: Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC",
    sections: "news",
  };
  let answers = { ...defaults, name: values.name, url: values.url, description: values.description, ...definedOnly(values) };
  if (interactive) {
    const asked = await ask(folder, defaults);
    if (!asked) return 1;
    folder = asked.folder;
    answers = { ...answers, ...asked };
  }
  if (!folder) {
    console.error(`Name the folder of the new site.\n\n${USAGE}`);
    return 2;
  }
  const root = path.resolve(folder);
  const name = answers.name?.trim() || path.basename(root);
  const settings: SiteSettingsInput = {
    name,
    ...(answers.description ? { description: answers.description } : {}),
    url: answers.url ?? "https://example.org",
    language: answers.language,
    timezone: answers.timezone,
    sections: sectionsOf(answers.sections),
  };
  // Checked as the build will check them, before anything is written.
  try {
    resolveSettings(settings);
  } catch (error) {
    throw new Refused((error as Error).message.replace("site.config.ts", "the options"));
  }
  const existing = await fs.readdir(root).catch(() => undefined);
  if (existing && existing.length > 0) throw new Refused(`${folder} is not empty: give the name of a new folder.`);

  const own = JSON.parse(await fs.readFile(path.join(PACKAGE_ROOT, "package.json"), "utf8")) as { version: string; peerDependencies?: Record<string, string> };
  const files = starterFiles({
    settings,
    packageName: packageName(path.basename(root)),
    newsroomRange: `^${own.version}`,
    eleventyRange: "^3.1.8",
    now: DateTime.now().setZone(settings.timezone),
  });
  for (const [file, content] of Object.entries(files)) {
    const target = path.join(root, file);
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, content, { flag: "wx" });
  }
  await writeLogo(path.join(root, "public", "assets", "logo.png"));

  const shown = path.relative(process.cwd(), root) || ".";
  console.log(`Made ${name} in ${shown}/. Next:\n\n  cd ${shown}\n  npm install\n  npm run build    # the site in _site/\n  npm start        # the preview on http://127.0.0.1:8080\n`);
  return 0;
}

/** The options given, without the unset ones (so defaults stay). */
function definedOnly(values: Record<string, unknown>): Partial<Record<"language" | "timezone" | "sections", string>> {
  const out: Partial<Record<"language" | "timezone" | "sections", string>> = {};
  for (const key of ["language", "timezone", "sections"] as const) if (typeof values[key] === "string") out[key] = values[key] as string;
  return out;
}

/** "world,india, sport" → { world: { label: "World" }, … }. */
function sectionsOf(list: string): SiteSettingsInput["sections"] {
  const keys = list.split(",").map((k) => k.trim()).filter(Boolean);
  return Object.fromEntries(keys.map((key) => [key, { label: key.split("-").map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(" ") }]));
}

/** A folder name as an npm package name: lowercase, URL-safe. */
function packageName(folder: string): string {
  return folder.toLowerCase().replace(/[^a-z0-9._-]+/g, "-").replace(/^[._-]+/, "") || "news-site";
}

/**
 * A placeholder logo: a 512 px square PNG in the masthead red (search engines and the web
 * manifest need a PNG or JPEG; settings `logo`). Made with sharp, a dependency already.
 */
async function writeLogo(file: string): Promise<void> {
  const sharp = (await import("sharp")).default;
  await fs.mkdir(path.dirname(file), { recursive: true });
  await sharp({ create: { width: 512, height: 512, channels: 3, background: { r: 179, g: 38, b: 30 } } }).png().toFile(file);
}

/** The questions asked in a terminal; undefined when cancelled (Ctrl-C, Esc). */
async function ask(folder: string | undefined, defaults: { language: string; timezone: string; sections: string }) {
  intro("New Newsroom site");
  const answer = async (message: string, initialValue: string, placeholder?: string) => {
    const value = await text({ message, initialValue, placeholder, validate: (v) => (v?.trim() ? undefined : "Needed.") });
    if (isCancel(value)) return undefined;
    return value.trim();
  };
  const chosenFolder = folder ?? (await answer("Folder", "my-paper"));
  if (!chosenFolder) return cancelled();
  const name = await answer("Site name", path.basename(chosenFolder));
  if (!name) return cancelled();
  const url = await answer("Address (URL)", "https://example.org");
  if (!url) return cancelled();
  const language = await answer("Language (BCP 47)", defaults.language);
  if (!language) return cancelled();
  const timezone = await answer("Timezone (IANA)", defaults.timezone);
  if (!timezone) return cancelled();
  const sections = await answer("Sections (comma-separated keys)", defaults.sections);
  if (!sections) return cancelled();
  outro("Making the site…");
  return { folder: chosenFolder, name, url, language, timezone, sections };
}

function cancelled(): undefined {
  cancel("No site made.");
  return undefined;
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
