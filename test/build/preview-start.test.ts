import fs from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { parseHTML } from "linkedom";
import { article, createFixture, type Fixture } from "../support/fixture-site.ts";
import { eventually, startPreview } from "../support/preview-process.ts";

// Starting `npm start` the ways that used to end in a stack trace or a silent surprise:
// case 02 (02-bad-port-stack-trace): PORT values people type, a taken port asked for, and the
// announced fallback when no PORT was given; case 03 (03-preview-started-without-articles-never-
// recovers): no articles/ folder, which is then created.

let site: Fixture;

test.before(async () => {
  site = await createFixture({ "world/first.md": article({ title: "First story" }) });
});

/** Non-empty lines a preview printed before it exited. */
const lines = (log: string) => log.split("\n").filter((l) => l.trim() !== "");

test("a PORT that is not a port: one line naming PORT and the value, status 1, no stack trace", async () => {
  const cases: [string, RegExp][] = [
    ["abc", /^Newsroom preview: PORT="abc" is not a port number; use a whole number from 1 to 65535, e\.g\. PORT=8081 npm start$/],
    ["8080abc", /^Newsroom preview: PORT="8080abc" is not a port number/],
    ["99999", /^Newsroom preview: PORT="99999" is not a port number/],
    ["-1", /^Newsroom preview: PORT="-1" is not a port number/],
    ["", /^Newsroom preview: PORT is set but empty; give a port number \(PORT=8081 npm start\) or unset it for 8080\.$/],
  ];
  await Promise.all(
    cases.map(async ([value, expected]) => {
      const preview = await startPreview(site.root, { PORT: value }, { wait: false });
      const code = await preview.exited;
      const printed = lines(preview.log());
      assert.is(code, 1, `PORT=${value}: ${preview.log()}`);
      assert.is(printed.length, 1, `PORT=${value}: one line, not:\n${preview.log()}`);
      assert.match(printed[0]!, expected);
    }),
  );
});

/** Holds `port` on 127.0.0.1 (resolves to undefined if something else already holds it). */
async function hold(port: number): Promise<net.Server | undefined> {
  const server = net.createServer();
  return new Promise((resolve) => {
    server.once("error", () => resolve(undefined));
    server.listen({ port, host: "127.0.0.1" }, () => resolve(server));
  });
}

test("a taken port asked for with PORT is refused in one line, never changed", async () => {
  const holder = await hold(0);
  const port = (holder!.address() as net.AddressInfo).port;
  const preview = await startPreview(site.root, { PORT: String(port) }, { wait: false });
  const code = await preview.exited;
  holder!.close();
  assert.is(code, 1, preview.log());
  assert.equal(lines(preview.log()), [
    `Newsroom preview: port ${port} (PORT=${port}) is already in use, by another preview or program; stop it, or choose another port, e.g. PORT=8081 npm start`,
  ]);
});

test("without PORT, a taken 8080 is announced with the port used instead", async () => {
  // 8080 may be taken by something else already; then it is just as taken.
  const holder = await hold(8080);
  const preview = await startPreview(site.root, { PORT: undefined }, { wait: false });
  try {
    await preview.waitForLog(/at http:\/\/127\.0\.0\.1:\d+\//);
    const used = Number(/at http:\/\/127\.0\.0\.1:(\d+)\//.exec(preview.log())![1]);
    assert.ok(used > 8080 && used <= 8090, preview.log());
    assert.match(preview.log(), new RegExp(`Newsroom preview: ports? 8080 (to \\d+ are|is) in use, so the preview uses port ${used} \\(to choose one: PORT=${used} npm start\\)\\.`));
  } finally {
    await preview.stop();
    holder?.close();
  }
});

test("no articles/ folder: one line with the fix, a page saying so, and the folder picked up once created", async () => {
  const empty = await createFixture({});
  const preview = await startPreview(empty.root, {}, { ready: /no articles\/ folder/ });
  try {
    const printed = preview.log();
    assert.is(printed.split("no articles/ folder").length - 1, 1, printed);
    assert.match(printed, /Newsroom preview: No articles folder: there is no articles\/ folder in \S+\. Fix: .*mkdir articles/);
    assert.not.match(printed, /ENOENT|\n\s+at /);
    const response = await fetch(`${preview.url}/`);
    assert.is(response.status, 500);
    const { document } = parseHTML(await response.text());
    assert.is(document.querySelector("h1")?.textContent?.trim(), "No articles/ folder");
    assert.match(document.querySelector("main")?.textContent ?? "", "mkdir articles");

    await fs.mkdir(path.join(empty.root, "articles/world"), { recursive: true });
    await fs.writeFile(path.join(empty.root, "articles/world/arrived.md"), article({ title: "It arrived" }));
    await eventually(
      async () => (await fetch(`${preview.url}/world/arrived/`)).status === 200,
      () => `the article never appeared:\n${preview.log()}`,
      30_000,
    );
    assert.is((await fetch(`${preview.url}/`)).status, 200);
  } finally {
    await preview.stop();
  }
});

test.run();
