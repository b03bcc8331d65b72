import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import type { AddressInfo } from "node:net";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { PreviewServer } from "../../src/dev/preview-server.ts";
import { article, createFixture, type Fixture } from "../support/fixture-site.ts";
import { PROJECT_ROOT } from "../support/sample-site.ts";

// The preview server (`npm start`) as any page in the writer's browser can reach it: malformed
// addresses, other hosts (DNS rebinding), other sites' WebSocket connections, paths out of the
// folder. Requests are sent as raw bytes so that no client tidies them first. Then: the builder
// process ends with the server, whatever ends the server.

const ALLOWED = "preview.example.test, .tunnel.test";

interface Preview {
  process: ChildProcess;
  port: number;
  output: string;
  log: () => string;
}

let site: Fixture;
let preview: Preview;

/** Starts `command` (the real preview) in the fixture site and waits for its address. */
async function startPreview(command: string[], env: Record<string, string> = {}): Promise<Preview> {
  const output = path.join(await fsp.mkdtemp(path.join(os.tmpdir(), "newsroom-preview-")), "_preview");
  let log = "";
  const child = spawn(command[0]!, command.slice(1), {
    cwd: site.root,
    env: { ...process.env, PORT: "0", NEWSROOM_PREVIEW_OUTPUT: output, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d) => (log += d));
  child.stderr!.on("data", (d) => (log += d));
  const deadline = Date.now() + 30_000;
  let port = 0;
  while (!port) {
    port = Number(/at http:\/\/127\.0\.0\.1:(\d+)\//.exec(log)?.[1] ?? 0);
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`preview did not start:\n${log}`);
    await sleep(100);
  }
  return { process: child, port, output, log: () => log };
}

const node = [process.execPath, "--import", import.meta.resolve("tsx"), path.join(PROJECT_ROOT, "src/dev/serve.ts")];

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends `head` (request line and headers, without the blank line) as raw bytes; resolves to the parsed answer. */
function raw(port: number, head: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => socket.write(`${head}\r\n\r\n`, "latin1"));
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => socket.destroy(), 10_000);
    socket.on("data", (d: Buffer) => {
      chunks.push(d);
      // An upgraded connection stays open: its first answer is enough.
      const data = Buffer.concat(chunks).toString("latin1");
      if (data.startsWith("HTTP/1.1 101") && data.includes("\r\n\r\n")) socket.destroy();
    });
    socket.on("error", reject);
    socket.on("close", () => {
      clearTimeout(timer);
      const data = Buffer.concat(chunks);
      const split = data.indexOf("\r\n\r\n");
      const [statusLine = "", ...headerLines] = data.subarray(0, split < 0 ? data.length : split).toString("latin1").split("\r\n");
      const headers = Object.fromEntries(headerLines.map((l) => [l.slice(0, l.indexOf(":")).toLowerCase(), l.slice(l.indexOf(":") + 1).trim()]));
      let body: Buffer = split < 0 ? Buffer.alloc(0) : data.subarray(split + 4);
      if (headers["transfer-encoding"] === "chunked") body = dechunk(body);
      resolve({ status: Number(statusLine.split(" ")[1]), headers, body: body.toString("utf8") });
    });
  });
}

/** The body of a chunked answer (RFC 9112 §7.1), joined. */
function dechunk(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let rest = body;
  for (;;) {
    const eol = rest.indexOf("\r\n");
    const size = parseInt(rest.subarray(0, eol).toString("latin1"), 16);
    if (!(size > 0)) return Buffer.concat(parts);
    parts.push(rest.subarray(eol + 2, eol + 2 + size));
    rest = rest.subarray(eol + 2 + size + 2);
  }
}

/** A GET with the preview's own Host (unless `headers` says otherwise). */
function get(port: number, target: string, headers: Record<string, string | undefined> = {}): Promise<RawResponse> {
  const all: Record<string, string | undefined> = { Host: `localhost:${port}`, Connection: "close", ...headers };
  const lines = Object.entries(all)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${v}`);
  return raw(port, [`GET ${target} HTTP/1.1`, ...lines].join("\r\n"));
}

/** A WebSocket opening handshake (RFC 6455 §4.1) with these Host and Origin headers. */
function upgrade(port: number, host: string | undefined, origin: string | undefined): Promise<RawResponse> {
  const lines = [
    "GET / HTTP/1.1",
    host === undefined ? "" : `Host: ${host}`,
    origin === undefined ? "" : `Origin: ${origin}`,
    "Upgrade: websocket",
    "Connection: Upgrade",
    `Sec-WebSocket-Key: ${crypto.randomBytes(16).toString("base64")}`,
    "Sec-WebSocket-Version: 13",
  ].filter(Boolean);
  return raw(port, lines.join("\r\n"));
}

/** Live (not zombie) descendants of `pid`, read from /proc. */
function descendants(pid: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const state = procState(Number(entry));
    if (state && state.state !== "Z") parents.set(Number(entry), state.ppid);
  }
  const found: number[] = [];
  const walk = (p: number) => {
    for (const [child, parent] of parents) if (parent === p) found.push(child), walk(child);
  };
  walk(pid);
  return found;
}

function procState(pid: number): { state: string; ppid: number } | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const [state = "", ppid = ""] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { state, ppid: Number(ppid) };
  } catch {
    return undefined;
  }
}

const alive = (pid: number) => {
  const state = procState(pid);
  return state !== undefined && state.state !== "Z";
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test.before(async () => {
  site = await createFixture({
    "world/live.md": article({ title: "A live story" }),
    "world/unfinished.md": article({ title: "An unfinished story", draft: true }),
  });
  // `npm start` run in the fixture, as a writer runs it in their site: the project's own script.
  const pkg = JSON.parse(await fsp.readFile(path.join(PROJECT_ROOT, "package.json"), "utf8")) as { type: string; scripts: { start: string } };
  await fsp.writeFile(path.join(site.root, "package.json"), JSON.stringify({ name: "fixture", private: true, type: pkg.type, scripts: { start: pkg.scripts.start } }));
  await fsp.symlink(path.join(PROJECT_ROOT, "node_modules"), path.join(site.root, "node_modules"), "dir");
  preview = await startPreview(node, { NEWSROOM_PREVIEW_ALLOWED_HOSTS: ALLOWED });
  // A folder beside the output whose name starts with the output's: the dev server's own check let it through.
  await fsp.mkdir(`${preview.output}2`);
  await fsp.writeFile(path.join(`${preview.output}2`, "secret.txt"), "SECRET-SIBLING");
  const deadline = Date.now() + 60_000;
  while (!fs.existsSync(path.join(preview.output, "world/unfinished/index.html"))) {
    if (Date.now() > deadline) throw new Error(`the preview did not build:\n${preview.log()}`);
    await sleep(200);
  }
});

test.after(() => {
  preview?.process.kill("SIGKILL");
});

test("malformed addresses are answered 400 and the preview goes on serving", async () => {
  const { port } = preview;
  for (const target of ["/%zz", "/50%-off/", "/%", "/%E0%A4%A", "/world/%zz/", "/%00", "/a%00.html", "/..%5c..%5c", "/..%5c..%5cetc%5cpasswd", "/..\\..\\etc\\passwd", "/a#b", "*"]) {
    const answer = await get(port, target);
    assert.is(answer.status, 400, `${target}: ${answer.status} ${answer.body}`);
    assert.match(answer.body, /^Bad request/, target);
  }
  assert.is(preview.process.exitCode, null, "the preview is still running");
  const page = await get(port, "/world/unfinished/");
  assert.is(page.status, 200);
  assert.match(page.body, /An unfinished story/);
  // An encoded address that is well-formed still works.
  assert.is((await get(port, "/world/%75nfinished/")).status, 200);
  assert.is((await get(port, "/no-such-page/")).status, 404);
});

test("no path reaches outside the preview folder (siblings, parents, symlinks)", async () => {
  const { port, output } = preview;
  await fsp.symlink(path.join(`${output}2`, "secret.txt"), path.join(output, "leak.txt"));
  for (const target of ["/..%2f_preview2%2fsecret.txt", "/..%2F_preview2/secret.txt", "/%2e%2e%2f_preview2%2fsecret.txt", "/..%2f..%2f..%2fetc%2fpasswd", "/leak.txt"]) {
    const answer = await get(port, target);
    assert.is(answer.status, 404, `${target}: ${answer.status}`);
    assert.not.match(answer.body, /SECRET-SIBLING|root:/, target);
  }
  // The file is there and readable: the refusal is the preview's, not the file system's.
  assert.is(fs.readFileSync(path.join(output, "leak.txt"), "utf8"), "SECRET-SIBLING");
});

test("only the preview's own loopback names and the allowed hosts are answered", async () => {
  const { port } = preview;
  for (const host of [`localhost:${port}`, `LOCALHOST:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, `a.localhost:${port}`, "preview.example.test", "preview.example.test:8443", "tunnel.test", "x.tunnel.test:443"]) {
    const answer = await get(port, "/world/unfinished/", { Host: host });
    assert.is(answer.status, 200, `${host}: ${answer.status} ${answer.body}`);
  }
  for (const host of ["evil.example", `evil.example:${port}`, `localhost.:${port}`, `localhost:${port + 1}`, "localhost", `127.0.0.2:${port}`, `192.168.1.20:${port}`, `[::2]:${port}`, `evil.example@localhost:${port}`, `localhost.evil.example:${port}`, "preview.example.test.evil.example", "eviltunnel.test"]) {
    const answer = await get(port, "/world/unfinished/", { Host: host });
    assert.is(answer.status, 403, `${host}: ${answer.status}`);
    assert.match(answer.body, /NEWSROOM_PREVIEW_ALLOWED_HOSTS=/, host);
    assert.not.match(answer.body, /unfinished story/, host);
  }
  // No Host at all: HTTP/1.0 (HTTP/1.1 requires one; Node refuses it before us).
  assert.is((await raw(port, "GET /world/unfinished/ HTTP/1.0")).status, 400);
  assert.is((await raw(port, "GET /world/unfinished/ HTTP/1.1\r\nConnection: close")).status, 400);
  assert.match(preview.log(), /refused a request for host "evil\.example"/);
});

test("another site's <img> or <script> cannot load the preview's files", async () => {
  const { port } = preview;
  const crossSite = await get(port, "/world/unfinished/", { "Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "no-cors", "Sec-Fetch-Dest": "script" });
  assert.is(crossSite.status, 403);
  const sameOrigin = await get(port, "/world/unfinished/", { "Sec-Fetch-Site": "same-origin", "Sec-Fetch-Mode": "no-cors", "Sec-Fetch-Dest": "image" });
  assert.is(sameOrigin.status, 200);
  // A link followed from another site is a navigation, and opens the page.
  const navigation = await get(port, "/world/unfinished/", { "Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document" });
  assert.is(navigation.status, 200);
});

test("the live-reload WebSocket accepts only the preview's own pages", async () => {
  const { port } = preview;
  const own = await upgrade(port, `localhost:${port}`, `http://localhost:${port}`);
  assert.is(own.status, 101, "own origin");
  assert.is((await upgrade(port, `127.0.0.1:${port}`, `http://127.0.0.1:${port}`)).status, 101, "own origin by address");
  const refused: [string | undefined, string | undefined][] = [
    [`localhost:${port}`, "http://evil.example"],
    [`localhost:${port}`, `http://evil.example:${port}`],
    [`localhost:${port}`, undefined],
    [`localhost:${port}`, "null"],
    [`localhost:${port}`, `https://localhost:${port}`],
    [`localhost:${port}`, `http://127.0.0.1:${port}`],
    [`localhost:${port}`, `http://localhost:${port + 1}`],
    [`evil.example:${port}`, `http://evil.example:${port}`],
    [undefined, `http://localhost:${port}`],
  ];
  for (const [host, origin] of refused) {
    const answer = await upgrade(port, host, origin);
    assert.is(answer.status, host === undefined ? 400 : 403, `Host ${host}, Origin ${origin}: ${answer.status}`);
  }
  assert.is(preview.process.exitCode, null);
});

test("an exception in any request handler is answered 500 and logged; the server goes on", async () => {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), "newsroom-preview-unit-"));
  await fsp.writeFile(path.join(dir, "index.html"), "<!doctype html><title>ok</title><p>fine</p>");
  const errors: string[] = [];
  const server = new PreviewServer("test", dir, {
    showVersion: false,
    messageOnStart: () => "",
    logger: { log() {}, info() {}, error: (m: string) => errors.push(m) },
    middleware: [
      (req: { url?: string }, _res: unknown, next: () => void) => {
        if (req.url === "/sync-throw") throw new Error("thrown in a middleware");
        if (req.url === "/not-an-error") throw "a string";
        next();
      },
      async (req: { url?: string }, _res: unknown, next: () => void) => {
        if (req.url === "/async-reject") throw new Error("rejected in an async middleware");
        next();
      },
    ],
  });
  const logged: string[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => void logged.push(args.join(" "));
  try {
    server.serve(0);
    await server.ready();
    const port = (server.server.address() as AddressInfo).port;
    for (const target of ["/sync-throw", "/async-reject", "/not-an-error"]) {
      const answer = await get(port, target);
      assert.is(answer.status, 500, target);
      assert.match(answer.body, /could not answer/, target);
    }
    assert.ok(logged.some((l) => /GET \/sync-throw failed: Error: thrown in a middleware/.test(l)), logged.join("\n"));
    assert.ok(logged.some((l) => /GET \/async-reject failed: Error: rejected in an async middleware/.test(l)));
    const after = await get(port, "/");
    assert.is(after.status, 200);
    assert.match(after.body, /fine/);
  } finally {
    console.error = original;
    await server.close();
  }
});

/** Starts the preview with `command`, kills the top process with `signal`, and checks that every process under it ends. */
async function killAndCheck(command: string[], signal: NodeJS.Signals): Promise<void> {
  const started = await startPreview(command);
  const top = started.process.pid!;
  // The builder is forked once the server listens.
  let tree: number[] = [];
  const deadline = Date.now() + 20_000;
  while (!tree.some((pid) => /build-worker\.ts/.test(cmdline(pid)))) {
    if (Date.now() > deadline) throw new Error(`no builder under ${top}:\n${started.log()}`);
    await sleep(100);
    tree = descendants(top);
  }
  const builder = tree.find((pid) => /build-worker\.ts/.test(cmdline(pid)))!;
  started.process.kill(signal);
  const until = Date.now() + 8_000;
  while (tree.some(alive) && Date.now() < until) await sleep(100);
  const left = tree.filter(alive);
  for (const pid of left) process.kill(pid, "SIGKILL");
  assert.equal(left.map((pid) => `${pid} ${cmdline(pid)}`), [], `${command.join(" ")} ${signal}: processes left running (builder ${builder})`);
}

function cmdline(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    return "";
  }
}

test("the builder ends with the server: SIGTERM and SIGKILL to the server", async () => {
  await killAndCheck(node, "SIGTERM");
  await killAndCheck(node, "SIGKILL");
});

test("nothing is left running when `npm start` is ended: SIGTERM and SIGKILL to npm", async () => {
  const npm = ["npm", "start", "--silent"];
  await killAndCheck(npm, "SIGTERM");
  await killAndCheck(npm, "SIGKILL");
});

test.run();
