import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";

/**
 * What a build did to its output folder, file by file: the benchmarks' count of the files a
 * deploy (`rsync`, `aws s3 sync`) would see as changed.
 */
export type OutputFiles = Map<string, { mtimeMs: number; hash: string }>;

/** Every file under `dir` (paths relative to it) with its modification time and a hash of its bytes; empty when `dir` is missing. */
export async function snapshotOutput(dir: string): Promise<OutputFiles> {
  const files: OutputFiles = new Map();
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const [stat, bytes] = await Promise.all([fs.stat(file), fs.readFile(file)]);
    files.set(path.relative(dir, file), { mtimeMs: stat.mtimeMs, hash: createHash("sha1").update(bytes).digest("hex") });
  }
  return files;
}

export interface OutputChange {
  /** Files after the build. */
  files: number;
  /** Files written again (a new modification time), added or deleted: what a sync by date sees. */
  touched: number;
  /** Files whose bytes differ, added or deleted: what a sync by content sees. */
  changed: number;
}

/** Compares two snapshots of the same output folder, before and after a build. */
export function compareOutput(before: OutputFiles, after: OutputFiles): OutputChange {
  let touched = 0;
  let changed = 0;
  for (const name of new Set([...before.keys(), ...after.keys()])) {
    const a = before.get(name);
    const b = after.get(name);
    if (!a || !b || a.mtimeMs !== b.mtimeMs) touched++;
    if (!a || !b || a.hash !== b.hash) changed++;
  }
  return { files: after.size, touched, changed };
}
