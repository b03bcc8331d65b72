import fs from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import nunjucks from "nunjucks";
import type { ArticleProblem } from "../content/errors.ts";
import type { BuildFailure } from "./build-failure.ts";
import { DEFAULT_PARTIALS } from "../package/package-root.ts";

/** Where the site keeps the error page's layout, relative to its root. */
export const ERROR_LAYOUT = "layouts/partials/preview-error.njk";

/**
 * The HTML of the page the preview shows while its last build failed, from the site's layout
 * (ERROR_LAYOUT), rendered with autoescape on: the failure quotes article text, which is untrusted.
 * The layout is read again each time, so editing it needs no restart. Returns undefined when the
 * site and the package both lack it (the server then answers the failure as plain text).
 */
export function renderErrorPage(root: string, failure: BuildFailure): string | undefined {
  // The site's own, else the package's (a site installed from npm may have no layouts/).
  const file = [path.join(root, ERROR_LAYOUT), path.join(DEFAULT_PARTIALS, path.basename(ERROR_LAYOUT))].find((f) => fs.existsSync(f));
  if (!file) return undefined;
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(path.dirname(file), { noCache: true }), { autoescape: true, throwOnUndefined: false });
  return env.render(path.basename(file), { failure, groups: byFile(failure.problems) });
}

/** Problems grouped by article, in the order the build report lists them. */
function byFile(problems: readonly ArticleProblem[]): { file: string; problems: ArticleProblem[] }[] {
  const groups = new Map<string, ArticleProblem[]>();
  for (const p of problems) groups.set(p.file, [...(groups.get(p.file) ?? []), p]);
  return [...groups].map(([file, list]) => ({ file, problems: list }));
}

type Next = (error?: unknown) => void;

/**
 * Middleware for the preview server: while `current()` returns a failure, a request for a page
 * (GET or HEAD of an address ending in "/" or ".html", or with no extension) is answered with
 * the error page, status 500, whatever the address: the open page, another page, and a new
 * article's page that does not exist yet all say what is wrong rather than showing an old page or
 * "Page not found". Files (CSS, photos, feeds) are served as usual, so the page keeps its style.
 * The dev server adds its live-reload script to the page, so the tab returns to the page by itself.
 */
export function errorPageMiddleware(root: string, current: () => BuildFailure | undefined) {
  return (req: IncomingMessage, res: ServerResponse, next: Next): void => {
    const failure = current();
    if (!failure || (req.method !== "GET" && req.method !== "HEAD") || !isPageAddress(req.url ?? "/")) return next();
    const html = renderErrorPage(root, failure);
    const body = html ?? `${failure.summary}\n\n${failure.text}\n`;
    res.writeHead(500, {
      "content-type": html ? "text/html; charset=utf-8" : "text/plain; charset=utf-8",
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    });
    res.end(req.method === "HEAD" ? "" : body);
  };
}

/** "/", "/world/story/", "/about.html", "/world/story": a page; "/assets/site.css", "/feed.xml": a file. */
export function isPageAddress(url: string): boolean {
  const pathname = url.split(/[?#]/, 1)[0]!;
  const last = pathname.slice(pathname.lastIndexOf("/") + 1);
  return last === "" || last.endsWith(".html") || !last.includes(".");
}
