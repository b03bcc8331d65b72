/**
 * The moment a build publishes for: now, or a time given as ISO 8601 (NEWSROOM_NOW), so an editor
 * can preview what goes live at 06:00 tomorrow and tests can pin embargoes.
 */
export function buildClock(value: string | undefined): (() => Date) | undefined {
  if (value === undefined || value === "") return undefined;
  const fixed = new Date(value);
  if (Number.isNaN(fixed.getTime())) {
    throw new Error(`Newsroom: NEWSROOM_NOW="${value}" is not a date. Use ISO 8601, e.g. 2023-09-01T06:00:00+05:30`);
  }
  return () => fixed;
}
