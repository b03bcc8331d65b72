import fs from "node:fs";

/**
 * Calls `onGone` (once) when the process that started the preview ends, however it ended. A
 * SIGKILL, or npm's SIGTERM (which npm passes to the shell it runs the script with, not to us),
 * sends the preview nothing, and it would keep serving and building with nobody to stop it.
 *
 * Watches the parent (its end makes `process.ppid` change) and, on Linux, the grandparent too,
 * because `npm start` runs the script through `sh -c`, which stays between npm and the preview:
 * when npm is killed the shell is orphaned (its parent changes), not the preview. Checked every
 * `everyMs` milliseconds (the timer does not keep the process alive).
 */
export function watchParents(onGone: () => void, everyMs = 1000): void {
  const parent = process.ppid;
  // Started by init (or already orphaned): nothing to watch.
  if (parent <= 1) return;
  const grandparent = parentOf(parent);
  const timer = setInterval(() => {
    const orphaned = process.ppid !== parent;
    const parentOrphaned = grandparent !== undefined && grandparent > 1 && parentOf(parent) !== grandparent;
    if (orphaned || parentOrphaned) {
      clearInterval(timer);
      onGone();
    }
  }, everyMs);
  timer.unref();
}

/** The parent pid of `pid` from /proc (Linux); undefined where there is no /proc or no such process. */
function parentOf(pid: number): number | undefined {
  try {
    // "pid (command name) state ppid …": the name may hold spaces and parentheses, so read after the last ")".
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    return Number.isInteger(ppid) ? ppid : undefined;
  } catch {
    return undefined;
  }
}
