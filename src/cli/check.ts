import fs from "node:fs/promises";
import path from "node:path";
import { buildClock } from "../build/build-clock.ts";
import { findArticleFiles } from "../content/load-articles.ts";
import { checkArticles } from "../check/check-articles.ts";
import { formatFindings, REPORT_FORMATS, type ReportFormat } from "../check/report-formats.ts";
import { stagedArticles } from "../check/staged-files.ts";
import { readCommandLine } from "./command-line.ts";
import { openProject } from "./site-project.ts";

/**
 * `npm run check [-- files…] [--staged] [--format text|github|json]`: checks articles for
 * everything the build would refuse, and the editorial warnings, without building or writing
 * anything (src/check/check-articles.ts). Exit status: 0 no errors (warnings allowed), 1
 * errors, 2 the command itself was used wrongly (an unknown option, a file outside articles/).
 */

const USAGE = `Usage: npm run check -- [files or folders…] [--staged] [--format text|github|json]

  (no files)        check every article under articles/
  files…            check these articles (the duplicate-address check still covers every article)
  --staged          check the articles staged in git (their staged text), for a pre-commit hook
  --format github   GitHub Actions annotations; --format json for tools`;

async function main(argv: string[]): Promise<number> {
  const args = readCommandLine(
    argv,
    { format: { type: "string", default: "text" }, staged: { type: "boolean", default: false } },
    USAGE,
  );
  if (typeof args === "number") return args;
  const format = args.values.format as ReportFormat;
  if (!REPORT_FORMATS.includes(format)) {
    console.error(`--format must be one of: ${REPORT_FORMATS.join(", ")}.\n\n${USAGE}`);
    return 2;
  }
  // Real paths: git names files under the repository's real path.
  const root = await fs.realpath(process.cwd());
  const project = await openProject(root);
  const articlesRoot = path.resolve(root, project.articlesDir);

  let files: string[] | undefined;
  let contents: Map<string, Buffer> | undefined;
  if (args.values.staged) {
    contents = await stagedArticles(root, project.articlesDir);
    files = [...contents.keys()];
    if (files.length === 0) {
      if (format === "text") console.log("No staged articles to check.");
      else if (format === "json") console.log(formatFindings({ checked: 0, archive: 0, findings: [] }, "json"));
      return 0;
    }
  } else if (args.positionals.length > 0) {
    files = [];
    for (const given of args.positionals) {
      const absolute = path.resolve(root, given);
      const stat = await fs.stat(absolute).catch(() => undefined);
      const inside = !path.relative(articlesRoot, absolute).startsWith("..");
      if (!stat || !inside || (stat.isFile() && !absolute.endsWith(".md"))) {
        console.error(`${given}: ${!stat ? "no such file or folder" : `not an article (.md) under ${project.articlesDir}/`}.\n\n${USAGE}`);
        return 2;
      }
      files.push(...(stat.isDirectory() ? await findArticleFiles(absolute) : [absolute]));
    }
  }

  // The build's clock: NEWSROOM_NOW pins it to a moment in the past, as for `npm run build`.
  const now = buildClock(process.env.NEWSROOM_NOW, { preview: false })?.() ?? new Date();
  const result = await checkArticles({ ...project, files, contents, now, imageCache: process.env.NEWSROOM_IMAGE_CACHE });
  const output = formatFindings(result, format);
  if (output) console.log(output);
  return result.findings.some((f) => f.severity === "error") ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 2;
  },
);
