import { spawn } from "node:child_process";
import path from "node:path";
import { PROJECT_ROOT } from "./sample-site.ts";

/**
 * Runs a writer's command (`src/cli/<name>.ts`) as `npm run <name>` does, `node --import tsx
 * src/cli/<name>.ts`, in a child process with the working directory `cwd` (a fixture site).
 * Resolves to its exit status and output; never rejects on a non-zero status.
 */
export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

// The loader's absolute address: a fixture folder has no node_modules to find "tsx" in.
const TSX = import.meta.resolve("tsx");

export function runCli(name: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; input?: string }): Promise<CliResult> {
  return runNode(["--import", TSX, path.join(PROJECT_ROOT, "src", "cli", `${name}.ts`), ...args], options);
}

/**
 * Runs `command` (build, check, new) as the npm scripts now do, through the launcher
 * (`node scripts/run.mjs <command>`, which runs JavaScript compiled from src/). `launcher` is
 * another copy's scripts/run.mjs (a test's copy of the repository); by default this one's.
 */
export function runLauncher(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; input?: string; launcher?: string },
): Promise<CliResult> {
  return runNode([options.launcher ?? path.join(PROJECT_ROOT, "scripts", "run.mjs"), command, ...args], options);
}

function runNode(argv: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; input?: string }): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ status: code ?? -1, stdout, stderr }));
    child.stdin.end(options.input ?? "");
  });
}
