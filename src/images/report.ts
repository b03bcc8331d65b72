import type { ImageReport } from "./image-store.ts";

/**
 * The one line a build prints about images, and the last report kept for whoever ran the build
 * in this process (`buildSite` returns it; tests read it to see a warm build encode nothing).
 * Kept on globalThis because Eleventy may load the config, and so this module, more than once.
 */

const KEY = Symbol.for("newsroom.images.lastReport");

export function recordReport(report: ImageReport): void {
  (globalThis as Record<symbol, unknown>)[KEY] = report;
}

/** The report of the latest image run in this process, and clears it. */
export function takeReport(): ImageReport | undefined {
  const g = globalThis as Record<symbol, unknown>;
  const report = g[KEY] as ImageReport | undefined;
  delete g[KEY];
  return report;
}

export function formatReport(report: ImageReport): string {
  const seconds = (report.ms / 1000).toFixed(1);
  return `Images: ${report.total} photos, ${report.encoded} encoded, ${report.reused} reused from cache, ${report.failed.length} failed (${seconds} s)`;
}
