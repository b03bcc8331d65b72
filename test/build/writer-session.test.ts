import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { parseHTML } from "linkedom";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { article, createFixture } from "../support/fixture-site.ts";
import { text } from "../support/html.ts";
import { PROJECT_ROOT } from "../support/sample-site.ts";

/**
 * A writer's terminal session (issue 11, "Must show"): a shell in a tmux pane, in a copy of a
 * site with an `india` section, where the writer types the real commands, `npm run new`,
 * `npm run check` and `npm start`, and reads what they print. The shell's prompt shows the last
 * command's exit status (PS1 `writer[$?]$`), as the writer's own prompt might. Skipped, saying
 * so, only when tmux is not installed.
 */

const execTmux = promisify(execFile);
const TMUX = ["/usr/bin/tmux", "/usr/local/bin/tmux"].find((f) => existsSync(f));
const NPM = await promisify(execFile)("sh", ["-c", "command -v npm"]).then((r) => r.stdout.trim(), () => "");

interface Pane {
  /** Types `keys` (tmux key names, or literal text with `literal`). */
  type(keys: string[] | string, literal?: boolean): Promise<void>;
  /** The pane's text, history included, wrapped lines joined, trailing blanks cut. */
  screen(): Promise<string>;
  /** Waits until the pane's text after `from` characters matches `pattern`; returns its text. */
  waitFor(pattern: RegExp, from?: number, ms?: number): Promise<string>;
}

async function session(root: string, env: Record<string, string>) {
  // Its own server (socket) and no user configuration: nothing of the machine's tmux is touched.
  const socket = `newsroom-writer-${process.pid}`;
  const tmux = (...args: string[]) => execTmux(TMUX!, ["-L", socket, "-f", "/dev/null", ...args], { cwd: root });
  const envArgs = Object.entries(env).flatMap(([k, v]) => ["-e", `${k}=${v}`]);
  await tmux("new-session", "-d", "-s", "writer", "-x", "200", "-y", "50", "-c", root, ...envArgs, "bash --norc --noprofile");
  await tmux("set-option", "-t", "writer", "history-limit", "5000");
  // The prompt (bash sets its own PS1 when it starts, whatever the environment says).
  const ready = async (p: Pane) => {
    await p.type(`PS1='writer[$?]$ '; clear`, true);
    await p.type("Enter");
    await p.waitFor(/writer\[0\]\$ ?$/);
    return p;
  };
  const pane = (target: string): Pane => ({
    async type(keys, literal = false) {
      await tmux("send-keys", "-t", target, ...(literal ? ["-l"] : []), ...(Array.isArray(keys) ? keys : [keys]));
    },
    async screen() {
      // The pane's blank lines below the cursor are not part of what was printed.
      return (await tmux("capture-pane", "-p", "-J", "-t", target, "-S", "-5000")).stdout.trimEnd();
    },
    async waitFor(pattern, from = 0, ms = 30_000) {
      const deadline = Date.now() + ms;
      for (;;) {
        const shown = await this.screen();
        if (pattern.test(shown.slice(from))) return shown;
        if (Date.now() > deadline) throw new Error(`the terminal did not show ${pattern} within ${ms} ms; it shows:\n${shown}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  });
  return {
    shell: () => ready(pane("writer:0")),
    newWindow: async (name: string) => {
      await tmux("new-window", "-d", "-t", "writer", "-n", name, "-c", root, ...envArgs, "bash --norc --noprofile");
      return ready(pane(`writer:${name}`));
    },
    close: () => tmux("kill-server").catch(() => undefined),
  };
}

/** Types a command line and waits for the next prompt; returns what the command printed and its exit status. */
async function run(pane: Pane, line: string, ms = 30_000): Promise<{ output: string; status: number }> {
  const before = (await pane.screen()).trimEnd().length;
  await pane.type(line, true);
  await pane.type("Enter");
  const shown = await pane.waitFor(/\nwriter\[(\d+)\]\$ ?$/, before + line.length, ms);
  const after = shown.trimEnd();
  const status = Number(/writer\[(\d+)\]\$ ?$/.exec(after)![1]);
  return { output: after.slice(before + line.length, after.lastIndexOf("\nwriter[")), status };
}

const reason = !TMUX ? "tmux is not installed (apt-get install tmux)" : !NPM ? "npm is not on PATH" : "";
if (reason) console.warn(`writer-session.test.ts skipped: ${reason}`);
const maybe = reason ? test.skip : test;

maybe("a writer in a terminal: new writes an article, check passes it, the preview shows it with a Draft banner; with no arguments new asks", async () => {
  const site = await createFixture({ "india/monsoon-arrives.md": article({ title: "Monsoon arrives", section: "india" }) });
  const { root } = site;
  // The site as a writer has it: package.json with the npm scripts, and its installed packages.
  // No PORT: the preview takes 8080 or, when that is taken, the next free port, and says which.
  await fs.copyFile(path.join(PROJECT_ROOT, "package.json"), path.join(root, "package.json"));
  await fs.symlink(path.join(PROJECT_ROOT, "node_modules"), path.join(root, "node_modules"), "dir");
  // `npm run build`, `check` and `new` start through the launcher (scripts/run.mjs).
  await fs.symlink(path.join(PROJECT_ROOT, "scripts"), path.join(root, "scripts"), "dir");
  const env = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? root, TERM: "xterm-256color" };
  const terminal = await session(root, env);
  try {
    const shell = await terminal.shell();

    // 1. npm run new with a headline and a section.
    const made = await run(shell, 'npm run new -- "Rains lash Mumbai" --section india');
    assert.is(made.status, 0, made.output);
    assert.match(made.output, "Wrote articles/india/rains-lash-mumbai.md (a draft");
    assert.match(made.output, "Preview: http://localhost:");
    const file = path.join(root, "articles/india/rains-lash-mumbai.md");
    const written = await fs.readFile(file, "utf8");
    assert.match(written, /^---\ntitle: Rains lash Mumbai\n/);
    assert.match(written, /\nsection: india\n/);
    assert.match(written, /\ndraft: true\n/);

    // 2. npm start in a second window (it builds while the writer checks the article).
    const preview = await terminal.newWindow("preview");
    await preview.type("npm start", true);
    await preview.type("Enter");

    // 3. npm run check on it.
    const checked = await run(shell, "npm run check -- articles/india/rains-lash-mumbai.md");
    assert.is(checked.status, 0, checked.output);
    // No errors (a new article has no tags yet: a warning, which does not fail).
    assert.match(checked.output, /1 article checked: (no problems|0 errors)/, checked.output);

    // The page the new command named shows the draft, with its banner.
    const started = await preview.waitFor(/at http:\/\/127\.0\.0\.1:(\d+)\/[\s\S]*Watching/, 0, 40_000);
    const port = /at http:\/\/127\.0\.0\.1:(\d+)\//.exec(started)![1];
    const urlPath = /Preview: http:\/\/localhost:\d+(\/india\/rains-lash-mumbai\/)/.exec(made.output)![1];
    const response = await fetch(`http://127.0.0.1:${port}${urlPath}`);
    assert.is(response.status, 200);
    const page = parseHTML(await response.text()).document as unknown as Document;
    assert.is(text(page.querySelector("h1")), "Rains lash Mumbai");
    assert.match(text(page.querySelector(".status-banner")), /^Draft: not published/);
    await preview.type("C-c");
    await preview.waitFor(/writer\[\d+\]\$ ?$/, started.trimEnd().length, 10_000);

    // 4. npm run new with no arguments asks for the headline, then the section.
    const before = (await shell.screen()).trimEnd().length;
    await shell.type("npm run new", true);
    await shell.type("Enter");
    await shell.waitFor(/Headline/, before);
    await shell.type("Floods close Pune schools", true);
    await shell.type("Enter");
    await shell.waitFor(/Section[\s\S]*World[\s\S]*India/, before);
    // Sections in the settings' order: World, then India. Down moves the choice (the menu is drawn again).
    await shell.type("Down");
    await shell.waitFor(/● India/, before, 5000);
    await shell.type("Enter");
    const asked = await shell.waitFor(/writer\[\d+\]\$ ?$/, before + 20);
    assert.match(asked.slice(before), /writer\[0\]\$ ?$/, asked.slice(before));
    assert.match(asked.slice(before), "Wrote articles/india/floods-close-pune-schools.md");
    const answered = await fs.readFile(path.join(root, "articles/india/floods-close-pune-schools.md"), "utf8");
    assert.match(answered, /title: Floods close Pune schools\n/);
    assert.match(answered, /section: india\n/);
  } finally {
    await terminal.close();
    await fs.rm(root, { recursive: true, force: true });
  }
});

test.run();
