import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PROJECT_ROOT } from "./sample-site.ts";

/**
 * The real preview (`npm start` is `node --import tsx src/dev/serve.ts`) started in a site folder,
 * in its own process group so that stopping it stops its builder too, whatever state it is in.
 */
export interface PreviewProcess {
  child: ChildProcess;
  /** "http://127.0.0.1:<port>", once it listens ("" if it never did). */
  url: string;
  /** The preview's output folder (a temp folder outside the site). */
  output: string;
  /** Everything it printed so far, stdout and stderr interleaved. */
  log(): string;
  /** Resolves once `pattern` appears in what was printed after `from` characters; rejects after `ms`. */
  waitForLog(pattern: RegExp, from?: number, ms?: number): Promise<void>;
  /** Resolves to the exit code once it has ended (null: ended by a signal). */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

export const SERVE = [process.execPath, "--import", import.meta.resolve("tsx"), path.join(PROJECT_ROOT, "src/dev/serve.ts")];

/**
 * Starts the preview in `root` with `env` added (PORT=0 unless given) and, unless `wait` is false,
 * waits until it prints its address and `ready` (default: Eleventy's "Watching…" or the builder's
 * failure line).
 */
export async function startPreview(
  root: string,
  env: Record<string, string | undefined> = {},
  /** `command`: another way to start it (default SERVE), e.g. the installed package's `newsroom serve`. */
  options: { wait?: boolean; ready?: RegExp; command?: string[] } = {},
): Promise<PreviewProcess> {
  // A folder of its own, unless the test gives one (NEWSROOM_PREVIEW_OUTPUT: a restart on the same folder).
  const output = env.NEWSROOM_PREVIEW_OUTPUT ?? path.join(await fs.mkdtemp(path.join(os.tmpdir(), "newsroom-preview-")), "_preview");
  const merged: Record<string, string | undefined> = { ...process.env, PORT: "0", NEWSROOM_PREVIEW_OUTPUT: output, ...env };
  for (const [key, value] of Object.entries(merged)) if (value === undefined) delete merged[key];
  let log = "";
  const command = options.command ?? SERVE;
  const child = spawn(command[0]!, command.slice(1), { cwd: root, env: merged as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"], detached: true });
  child.stdout!.on("data", (d) => (log += d));
  child.stderr!.on("data", (d) => (log += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const preview: PreviewProcess = {
    child,
    url: "",
    output,
    log: () => log,
    async waitForLog(pattern, from = 0, ms = 30_000) {
      const deadline = Date.now() + ms;
      while (!pattern.test(log.slice(from))) {
        if (Date.now() > deadline) throw new Error(`the preview did not print ${pattern} within ${ms} ms; it printed:\n${log}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      try {
        process.kill(-child.pid!, "SIGTERM");
      } catch {
        return;
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, "SIGKILL");
        } catch {
          /* already gone */
        }
      }, 3000);
      await exited;
      clearTimeout(timer);
    },
  };
  if (options.wait === false) return preview;
  await preview.waitForLog(/at http:\/\/127\.0\.0\.1:\d+\//);
  preview.url = /at (http:\/\/127\.0\.0\.1:\d+)\//.exec(log)![1]!;
  await preview.waitForLog(options.ready ?? /Watching|Newsroom preview: .*(rebuilds|fix the problem)/);
  return preview;
}

/** Polls `check` every 100 ms until it returns true; rejects with `describe()` after `ms`. */
export async function eventually(check: () => Promise<boolean> | boolean, describe: () => Promise<string> | string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(await describe());
    await new Promise((r) => setTimeout(r, 100));
  }
}
