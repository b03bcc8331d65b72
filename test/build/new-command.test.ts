import fs from "node:fs/promises";
import path from "node:path";
import { spawn } from "node:child_process";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { article, createFixture, jpeg } from "../support/fixture-site.ts";
import { runCli } from "../support/cli.ts";
import { readPage, text } from "../support/html.ts";
import { PROJECT_ROOT } from "../support/sample-site.ts";

/**
 * `npm run new` as a writer runs it: the article it writes passes `npm run check`, and the
 * preview shows it as a draft while `npm run build` leaves it out; a taken address (by another
 * file's `slug:`) and an unknown section are refused; with no arguments in a terminal (a
 * pseudo-terminal made by script(1)) it asks for the headline and section.
 */

const site = await createFixture({
  // Another file name, the same address through its slug: still taken.
  "india/older-report.md": article({ title: "Rains lash Mumbai (2022)", section: "india", slug: "rains-lash-mumbai" }),
});
const photo = path.join(site.root, "incoming", "Gateway at dusk.jpg");
await fs.mkdir(path.dirname(photo), { recursive: true });
await fs.writeFile(photo, await jpeg(1600, 900));

test("new writes a draft that check passes and the preview shows with a Draft banner", async () => {
  const made = await runCli("new", ["Monsoon reaches Kerala", "--section", "india", "--tag", "Monsoon", "--tag", "Kerala", "--author", "Asha Menon", "--photo", "incoming/Gateway at dusk.jpg", "--credit", "Reuters"], { cwd: site.root });
  assert.is(made.status, 0, made.stderr);
  assert.match(made.stdout, /Wrote articles\/india\/monsoon-reaches-kerala\/index\.md/);
  assert.match(made.stdout, /Preview: http:\/\/localhost:8080\/india\/monsoon-reaches-kerala\//);
  const written = await fs.readFile(path.join(site.root, "articles/india/monsoon-reaches-kerala/index.md"), "utf8");
  assert.match(written, /^---\ntitle: Monsoon reaches Kerala\n/);
  assert.match(written, /\ndate: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+05:30\n/);
  assert.match(written, /\ntags: \[Monsoon, Kerala\]\n/);
  assert.match(written, /\ndraft: true\n/);
  assert.ok((await fs.stat(path.join(site.root, "articles/india/monsoon-reaches-kerala/Gateway at dusk.jpg"))).isFile(), "the photo is copied beside the article");

  const checked = await runCli("check", ["articles/india/monsoon-reaches-kerala/index.md"], { cwd: site.root });
  assert.is(checked.status, 0, checked.stdout);
  assert.match(checked.stdout, /1 article checked: no problems\./);

  const now = new Date().toISOString();
  const preview = await site.build({ now, preview: true });
  assert.ok(preview.ok, preview.ok ? "" : preview.message);
  const page = await readPage(site.output, "/india/monsoon-reaches-kerala/");
  assert.is(text(page.querySelector("h1")), "Monsoon reaches Kerala");
  assert.match(text(page.querySelector(".status-banner")), /^Draft/);
  const built = await site.build({ now });
  assert.ok(built.ok, built.ok ? "" : built.message);
  const gone = await fs.stat(path.join(site.output, "india/monsoon-reaches-kerala/index.html")).then(() => false, () => true);
  assert.ok(gone, "a production build leaves the draft out");
});

test("new refuses an address another article has, and an unknown section with the list", async () => {
  const taken = await runCli("new", ["Rains lash Mumbai", "--section", "india"], { cwd: site.root });
  assert.is(taken.status, 1);
  assert.match(taken.stderr, /articles\/india\/older-report\.md already has the address \/india\/rains-lash-mumbai\//);
  const unknown = await runCli("new", ["Rains lash Mumbai", "--section", "sports"], { cwd: site.root });
  assert.is(unknown.status, 1);
  assert.match(unknown.stderr, /"sports" is not a section of this site/);
  assert.match(unknown.stderr, /Use one of: world \(World\), india \(India\), business \(Business\), science \(Science\), sport \(Sport\)/);
  const files = await fs.readdir(path.join(site.root, "articles/india"));
  assert.not.ok(files.some((f) => f.startsWith("rains-lash-mumbai")), files.join(" "));
  const noTerminal = await runCli("new", [], { cwd: site.root });
  assert.is(noTerminal.status, 2, "no arguments without a terminal: usage, not a hang");
});

test("with no arguments in a terminal, new asks for the headline and the section", async () => {
  const root = (await createFixture({})).root;
  // A pseudo-terminal starts 0 columns wide (every character on its own line): give it a size.
  const command = "stty cols 100 rows 30 && exec " + [process.execPath, "--import", import.meta.resolve("tsx"), path.join(PROJECT_ROOT, "src/cli/new.ts")].map((a) => `'${a}'`).join(" ");
  // script(1) runs the command in a pseudo-terminal and passes our writes to it as keystrokes.
  const child = spawn("script", ["-qfec", command, "/dev/null"], { cwd: root, env: { ...process.env, TERM: "xterm" } });
  let screen = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => (screen += d));
  const waitFor = async (pattern: RegExp) => {
    for (let i = 0; i < 600 && !pattern.test(screen); i++) await new Promise((r) => setTimeout(r, 100));
    assert.match(screen, pattern, screen);
  };
  const done = new Promise<number>((resolve) => child.on("close", (code) => resolve(code ?? -1)));
  await waitFor(/Headline/);
  child.stdin.write("Rains lash Pune\r");
  await waitFor(/Section/);
  // Sections in the settings' order: world, then india.
  child.stdin.write("\u001b[B");
  await new Promise((r) => setTimeout(r, 300));
  child.stdin.write("\r");
  assert.is(await done, 0, screen);
  const written = await fs.readFile(path.join(root, "articles/india/rains-lash-pune.md"), "utf8");
  assert.match(written, /title: Rains lash Pune\n/);
  assert.match(written, /section: india\n/);
});

test.run();
