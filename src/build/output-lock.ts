import fs from "node:fs/promises";
import { readFileSync, unlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import createDebug from "debug";
import { SiteError } from "../content/errors.ts";

const debug = createDebug("Newsroom:Lock");

/**
 * One build at a time per output folder. A build holds `<output>.lock` (a file beside the output
 * folder, like its staging folder `<output>.next-<pid>`) while it renders and commits; a second
 * build of the same folder waits for it, then builds (its sources are the newer ones), or gives
 * up after a while with BuildBusy.
 *
 * A lock a crashed build leaves behind does not block anyone: the file names the holder (process
 * id, host, and on Linux the process's start time, so a recycled process id is not mistaken for
 * it), and a holder that is no longer running is replaced. Not a lease refreshed by a timer (as
 * proper-lockfile does): a build stopped for a while (SIGSTOP, a laptop asleep, a long
 * synchronous render step) would lose such a lock while still writing. A holder on another host
 * (a folder shared by containers or over NFS) cannot be checked and counts as running.
 *
 * The lock file is created whole, under a temporary name and hard-linked into place (link fails
 * when the lock exists, atomically), so a reader never sees half a lock. Breaking a dead holder's
 * lock renames it away first and checks what was renamed, so two waiters breaking the same lock
 * cannot remove each other's fresh one.
 */

/** Who holds a lock: what the lock file says. */
export interface LockHolder {
  pid: number;
  host: string;
  /** Start time of the process in clock ticks since boot (Linux /proc/<pid>/stat field 22); absent elsewhere. */
  started?: string;
  /** When the lock was taken (ISO 8601). */
  since: string;
}

export interface OutputLock {
  /** The lock file (absolute). */
  file: string;
  /** True while the lock file is still this process's (nothing broke it). */
  held(): Promise<boolean>;
  /** Removes the lock file if it is still this process's. */
  release(): Promise<void>;
}

export interface LockOptions {
  /** How long to wait for another build, in milliseconds; 0 refuses at once. */
  waitMs: number;
  /** Called once when this build starts waiting, with the holder. */
  onWait?: (holder: LockHolder, lockFile: string) => void;
  /** Milliseconds between looks at the lock while waiting (default 200). */
  pollMs?: number;
}

/** The lock file of an output folder: `<output>.lock`, beside it. */
export function lockFileOf(output: string): string {
  return `${output}.lock`;
}

/**
 * Takes the lock of the output folder `output` (absolute), waiting up to `options.waitMs` for a
 * running holder. Throws SiteError BuildBusy when the wait ends, or OutputNotWritable when the
 * folder the lock goes in cannot be written. The lock is released by `release()`, and in any
 * case when the process exits (not when it is killed with SIGKILL: then the next build finds the
 * holder dead and takes over).
 */
export async function lockOutput(output: string, options: LockOptions): Promise<OutputLock> {
  const file = lockFileOf(output);
  const mine: LockHolder = { pid: process.pid, host: os.hostname(), started: processStart(process.pid), since: new Date().toISOString() };
  const text = JSON.stringify(mine);
  const deadline = Date.now() + options.waitMs;
  let announced = false;
  for (;;) {
    if (await tryCreate(file, text, output)) break;
    const holder = await readHolder(file);
    if (holder === "gone") continue;
    if (holder === undefined || !isRunning(holder)) {
      debug("lock %s: holder %o is not running; taking over", file, holder);
      await breakLock(file, holder);
      continue;
    }
    if (Date.now() >= deadline) {
      throw new SiteError("BuildBusy", { file: path.basename(output), other: file, pid: holder.pid, seconds: Math.round(options.waitMs / 1000) });
    }
    if (!announced) {
      announced = true;
      options.onWait?.(holder, file);
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(options.pollMs ?? 200, Math.max(1, deadline - Date.now()))));
  }
  // Released on any exit (an error thrown past buildSite, process.exit) but SIGKILL.
  const onExit = () => {
    try {
      if (readFileSync(file, "utf8") === text) unlinkSync(file);
    } catch {
      // Already gone.
    }
  };
  process.once("exit", onExit);
  const held = async () => (await fs.readFile(file, "utf8").catch(() => "")) === text;
  return {
    file,
    held,
    async release() {
      process.removeListener("exit", onExit);
      if (await held()) await fs.rm(file, { force: true });
    },
  };
}

/** Creates the lock file with `text`, all at once; false when it exists. */
async function tryCreate(file: string, text: string, output: string): Promise<boolean> {
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    await fs.writeFile(temp, text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EACCES" || code === "EPERM" || code === "EROFS") {
      throw new SiteError("OutputNotWritable", { file: path.dirname(output), reason: `${code}: the build writes its lock and staging folder beside ${path.basename(output)}` });
    }
    throw error;
  }
  try {
    await fs.link(temp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    await fs.rm(temp, { force: true });
  }
}

/** The holder named in the lock file; "gone" when there is no lock file; undefined when unreadable. */
async function readHolder(file: string): Promise<LockHolder | "gone" | undefined> {
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "gone";
    throw error;
  }
  try {
    const value = JSON.parse(text) as LockHolder;
    return Number.isInteger(value.pid) && typeof value.host === "string" ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Removes the lock file left by `dead` (undefined: an unreadable one). Renamed away first: if
 * what was renamed is not what was found (another waiter broke it and took the lock meanwhile),
 * it is put back.
 */
async function breakLock(file: string, dead: LockHolder | undefined): Promise<void> {
  const aside = `${file}.stale-${process.pid}-${Math.random().toString(36).slice(2)}`;
  try {
    await fs.rename(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  const taken = await readHolder(aside);
  const same = taken === dead || (typeof taken === "object" && dead !== undefined && taken.pid === dead.pid && taken.since === dead.since);
  if (!same) await fs.link(aside, file).catch(() => undefined);
  await fs.rm(aside, { force: true });
}

/**
 * Whether the process that wrote `holder` still runs. A holder on another host counts as
 * running (it cannot be checked from here).
 */
export function isRunning(holder: Pick<LockHolder, "pid" | "host" | "started">): boolean {
  if (holder.host !== os.hostname()) return true;
  if (!processExists(holder.pid)) return false;
  if (holder.started === undefined) return true;
  const now = processStart(holder.pid);
  return now === undefined || now === holder.started;
}

/** Whether a process with this id exists (signal 0 checks without sending anything). */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * The start time of process `pid` in clock ticks since boot: field 22 of /proc/<pid>/stat
 * (proc(5)); the fields are counted after the command name, which is in parentheses and may
 * itself hold spaces or parentheses. Undefined where there is no /proc.
 */
function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}
