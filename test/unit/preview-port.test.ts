import net from "node:net";
import os from "node:os";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { PreviewServer } from "../../src/dev/preview-server.ts";
import { fallbackNotice, listenOnFirstFree, portProblem, portSetting, PortSettingError } from "../../src/dev/port-setting.ts";

// Case 02 (02-bad-port-stack-trace): PORT as people type it, and taken ports. The values come
// from the case; each kind beyond it (hex, exponent, spaces, 65536, 0) is checked too.

test("no PORT: 8080, then the next ten ports", () => {
  const s = portSetting(undefined);
  assert.is(s.explicit, false);
  assert.equal([s.candidates[0], s.candidates.at(-1), s.candidates.length], [8080, 8090, 11]);
});

test("a port asked for is the only candidate", () => {
  assert.equal(portSetting("8081"), { candidates: [8081], explicit: true });
  assert.equal(portSetting(" 3000 "), { candidates: [3000], explicit: true });
  assert.equal(portSetting("65535"), { candidates: [65535], explicit: true });
  // 0: any free port (the tests' own setting).
  assert.equal(portSetting("0"), { candidates: [0], explicit: true });
});

test("a value that is not a port is one line naming PORT, the value and the fix", () => {
  for (const value of ["abc", "8080abc", "99999", "65536", "-1", "0x1F90", "1e3", "80.5", "８０８０"]) {
    try {
      portSetting(value);
      assert.unreachable(`PORT=${value} accepted`);
    } catch (error) {
      assert.instance(error, PortSettingError, value);
      const message = (error as Error).message;
      assert.is(message, `PORT=${JSON.stringify(value)} is not a port number; use a whole number from 1 to 65535, e.g. PORT=8081 npm start`);
    }
  }
  assert.throws(() => portSetting(""), (e: Error) => e instanceof PortSettingError && /^PORT is set but empty; give a port number \(PORT=8081 npm start\) or unset it for 8080\.$/.test(e.message));
  assert.throws(() => portSetting("  "), (e: Error) => e instanceof PortSettingError);
});

test("the messages for a taken or forbidden port", () => {
  const asked = portSetting("8080");
  assert.is(portProblem(asked, "EADDRINUSE", [8080]), "port 8080 (PORT=8080) is already in use, by another preview or program; stop it, or choose another port, e.g. PORT=8081 npm start");
  assert.is(portProblem(portSetting(undefined), "EADDRINUSE", [8080, 8081, 8090]), "ports 8080 to 8090 are all in use; stop another preview, or choose a free port, e.g. PORT=8099 npm start");
  assert.match(portProblem(portSetting("80"), "EACCES", [80]), /^port 80 needs administrator rights on this system; use a port above 1023/);
  assert.not.match(portProblem(asked, "EADDRINUSE", [8080]), /--port/);
  assert.is(fallbackNotice([8080], 8081), "port 8080 is in use, so the preview uses port 8081 (to choose one: PORT=8081 npm start).");
  assert.is(fallbackNotice([8080, 8081], 8082), "ports 8080 to 8081 are in use, so the preview uses port 8082 (to choose one: PORT=8082 npm start).");
});

/** Occupies a free port on 127.0.0.1 and returns it with the server holding it. */
async function occupied(): Promise<{ port: number; server: net.Server }> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen({ port: 0, host: "127.0.0.1" }, resolve));
  return { port: (server.address() as net.AddressInfo).port, server };
}

test("the preview server: a taken port asked for is refused, never changed; without PORT it moves on and says which were taken", async () => {
  const { port, server: holder } = await occupied();
  const dir = os.tmpdir();

  const asked = new PreviewServer("t", dir, { messageOnStart: () => "" });
  try {
    await listenOnFirstFree((p) => asked.listen(p), { candidates: [port], explicit: true });
    assert.unreachable("listened on a taken port");
  } catch (error) {
    assert.instance(error, PortSettingError);
    assert.match((error as Error).message, `port ${port} (PORT=${port}) is already in use`);
  }
  assert.is(asked.server.listening, false, "not listening anywhere else");

  // Without PORT: the same port first, then the next candidate (0 stands in for "the next free one").
  const fallback = new PreviewServer("t", dir, { messageOnStart: () => "" });
  const taken = await listenOnFirstFree((p) => fallback.listen(p), { candidates: [port, 0], explicit: false });
  assert.equal(taken, [port]);
  assert.is(fallback.server.listening, true);
  assert.is.not(fallback.port, port);
  await fallback.close();

  // Every candidate taken: one line, no retry past the list.
  const full = new PreviewServer("t", dir, { messageOnStart: () => "" });
  const again = await occupied();
  try {
    await listenOnFirstFree((p) => full.listen(p), { candidates: [port, again.port], explicit: false });
    assert.unreachable("listened although every candidate was taken");
  } catch (error) {
    assert.match((error as Error).message, `ports ${port} to ${again.port} are all in use`);
  }
  again.server.close();
  holder.close();
});

test.run();
