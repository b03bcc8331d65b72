/**
 * The moment a build publishes for: now, or a time given as ISO 8601 (NEWSROOM_NOW). The preview
 * may look ahead ("what goes live at 06:00 tomorrow?"); a production build may only pin a time
 * in the past (reproducible builds, tests), so NEWSROOM_NOW can never publish an embargoed story.
 */
export function buildClock(value: string | undefined, options: { preview: boolean }): (() => Date) | undefined {
  if (value === undefined || value === "") return undefined;
  const fixed = new Date(value);
  if (Number.isNaN(fixed.getTime())) {
    throw new Error(`Newsroom: NEWSROOM_NOW="${value}" is not a date. Use ISO 8601, e.g. 2023-09-01T06:00:00+05:30`);
  }
  if (!options.preview && fixed.getTime() > Date.now()) {
    throw new Error(
      `Newsroom: NEWSROOM_NOW="${value}" is in the future; a production build would publish embargoed articles early. ` +
        "Preview the future with: NEWSROOM_NOW=… npm start",
    );
  }
  return () => fixed;
}
