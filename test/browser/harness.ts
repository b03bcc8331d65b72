import fs from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { PROJECT_ROOT } from "../support/sample-site.ts";

// Shared by the browser tests of built pages: open a page on the local static server while
// recording everything that should not happen (console errors, page errors, failed or 4xx/5xx
// requests, requests to any other host), and the checks every page gets (overflow, axe-core).

export const WIDTHS = [360, 1280] as const;
export const HEIGHT = 800;
export const SCREENSHOT_DIR = path.join(PROJECT_ROOT, "test-output");

const require = createRequire(import.meta.url);
let axeSource: Promise<string> | undefined;

export interface Visit {
  page: Page;
  context: BrowserContext;
  /** Everything that went wrong while the page was open, one line each. */
  problems: string[];
  close(): Promise<void>;
}

export interface VisitOptions {
  width: number;
  colorScheme?: "light" | "dark";
  permissions?: string[];
}

/** Opens `origin + urlPath` in a fresh context and waits until the network is idle. */
export async function visit(browser: Browser, origin: string, urlPath: string, options: VisitOptions): Promise<Visit> {
  const context = await browser.newContext({
    viewport: { width: options.width, height: HEIGHT },
    colorScheme: options.colorScheme ?? "light",
    reducedMotion: "reduce",
  });
  context.setDefaultTimeout(10_000);
  if (options.permissions) await context.grantPermissions(options.permissions, { origin });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    const { url, lineNumber } = message.location();
    problems.push(`console error: ${message.text()}${url ? ` (at ${url}:${lineNumber})` : ""}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("request", (request) => {
    const url = request.url();
    if (url.startsWith("data:") || url.startsWith("blob:")) return;
    if (new URL(url).origin !== origin) problems.push(`request to another host: ${request.method()} ${url}`);
  });
  page.on("requestfailed", (request) => {
    const error = request.failure()?.errorText ?? "unknown";
    // A responsive image the browser started and then cancelled because it picked another width
    // (a full-page screenshot briefly resizes the viewport) is not a failure; 404s still are.
    if (error === "net::ERR_ABORTED" && request.resourceType() === "image") return;
    problems.push(`request failed: ${request.method()} ${request.url()} (${error})`);
  });
  page.on("response", (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.request().method()} ${response.url()}`);
  });
  const response = await page.goto(origin + urlPath, { waitUntil: "load" });
  if (!response || response.status() !== 200) {
    problems.push(`navigation to ${urlPath} answered ${response?.status() ?? "nothing"}`);
  }
  await page.waitForLoadState("networkidle");
  return { page, context, problems, close: () => context.close() };
}

export interface Overflow {
  scrollWidth: number;
  innerWidth: number;
  /** The elements that stick out past the right edge of the viewport (innermost first). */
  culprits: string[];
}

// A string, not a function: tsx compiles helpers in test code with esbuild's keepNames, whose
// `__name(...)` calls do not exist in the page.
const MEASURE_OVERFLOW = `(() => {
  const innerWidth = window.innerWidth;
  const describe = function (el) {
    let name = el.tagName.toLowerCase();
    if (el.id) name += "#" + el.id;
    if (el.classList.length) name += "." + [...el.classList].join(".");
    return name;
  };
  const sticksOut = function (el) {
    const rect = el.getBoundingClientRect();
    return rect.width > 0 && rect.right > innerWidth + 0.5;
  };
  const culprits = [];
  for (const el of document.body.querySelectorAll("*")) {
    if (!sticksOut(el)) continue;
    // Report the innermost elements: skip those whose overflow is only a child's.
    if ([...el.children].some(sticksOut)) continue;
    const right = Math.round(el.getBoundingClientRect().right);
    culprits.push(describe(el.parentElement || el) + " > " + describe(el) + " (right edge " + right + "px)");
    if (culprits.length >= 10) break;
  }
  return { scrollWidth: document.documentElement.scrollWidth, innerWidth, culprits };
})()`;

export function measureOverflow(page: Page): Promise<Overflow> {
  return page.evaluate(MEASURE_OVERFLOW) as Promise<Overflow>;
}

export function overflowMessage(o: Overflow): string {
  return (
    `page is ${o.scrollWidth}px wide in a ${o.innerWidth}px viewport` +
    (o.culprits.length ? `; sticking out:\n  ${o.culprits.join("\n  ")}` : "")
  );
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string; summary: string }[];
}

/** Injects axe-core (inline, no request) and runs it on the whole document. */
export async function runAxe(page: Page): Promise<AxeViolation[]> {
  axeSource ??= fs.readFile(require.resolve("axe-core/axe.min.js"), "utf8");
  const hasAxe = await page.evaluate(() => "axe" in window);
  if (!hasAxe) await page.addScriptTag({ content: await axeSource });
  return page.evaluate(async () => {
    type AxeResult = {
      violations: {
        id: string;
        impact: string | null;
        help: string;
        nodes: { target: unknown[]; failureSummary?: string }[];
      }[];
    };
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<AxeResult> } }).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({
        target: n.target.map(String).join(" "),
        summary: (n.failureSummary ?? "").replace(/\s+/g, " ").trim(),
      })),
    }));
  });
}

export function axeMessage(violations: AxeViolation[]): string {
  return (
    `${violations.length} axe violation(s):\n` +
    violations
      .map(
        (v) =>
          `  [${v.impact}] ${v.id}: ${v.help}\n` +
          v.nodes.map((n) => `      ${n.target}${n.summary ? `  — ${n.summary}` : ""}`).join("\n"),
      )
      .join("\n")
  );
}

export function problemsMessage(urlPath: string, problems: string[]): string {
  return `${urlPath}:\n  ${problems.join("\n  ")}`;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  await fs.mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * A limiter: `limiter(3)` gives a function that runs at most 3 of the tasks handed to it at once
 * (each check opens a browser page; too many at once on a 2-core machine time out).
 */
export function limiter(limit: number): <T>(fn: () => Promise<T>) => Promise<T> {
  let open = 0;
  const waiting: (() => void)[] = [];
  return async (fn) => {
    while (open >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    open++;
    try {
      return await fn();
    } finally {
      open--;
      waiting.shift()?.();
    }
  };
}
