/**
 * The command line the repeated benchmarks share: archive sizes as plain numbers, `--repeat N`
 * for how many times each measurement runs. `bench:incremental -- 4000 20000 --repeat 1`.
 */
export function benchArgs(argv: string[], defaults: { size: number; repeat: number }): { sizes: number[]; repeat: number } {
  const at = argv.indexOf("--repeat");
  const repeat = at >= 0 ? Number(argv[at + 1]) : defaults.repeat;
  if (!Number.isInteger(repeat) || repeat < 1) throw new Error("--repeat takes a number of runs, 1 or more");
  const sizes = argv.filter((_, i) => at < 0 || (i !== at && i !== at + 1)).map(Number).filter((n) => n > 0);
  return { sizes: sizes.length ? sizes : [defaults.size], repeat };
}

/** The median of a non-empty list (the mean of the middle two for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  return sorted.length % 2 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Milliseconds as seconds with two decimals, for the tables. */
export const seconds = (ms: number): string => (ms / 1000).toFixed(2);
