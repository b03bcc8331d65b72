import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { allowedHostsFromEnv, isHostAllowed, isOwnOrigin, parseHost, refusalText } from "../../src/dev/allowed-hosts.ts";
import { isInside, resolveRequestPath } from "../../src/dev/request-path.ts";

// The preview's request rules alone (test/build/preview-server.test.ts sends them to the real server).

test("parseHost: name and port, lower-cased; anything that is not a host is undefined", () => {
  assert.equal(parseHost("LocalHost:8080"), { name: "localhost", port: 8080 });
  assert.equal(parseHost("[::1]:9"), { name: "[::1]", port: 9 });
  assert.equal(parseHost("example.test"), { name: "example.test", port: undefined });
  for (const bad of ["", ":8080", "a b", "evil@localhost:8080", "localhost/x", "localhost:99999", "localhost:80:80", "[::1", "localhost:"]) {
    assert.is(parseHost(bad), undefined, bad);
  }
});

test("isHostAllowed: loopback names with the server's port, and the allow-list", () => {
  const list = allowedHostsFromEnv("preview.example.test, .tunnel.test api.example.test:8443");
  const yes = ["localhost:4000", "a.b.localhost:4000", "127.0.0.1:4000", "[::1]:4000", "preview.example.test", "preview.example.test:1", "tunnel.test", "deep.x.tunnel.test:9", "api.example.test:8443"];
  const no = [undefined, "localhost", "localhost:4001", "localhost.:4000", "127.0.0.1.:4000", "127.1:4000", "10.0.0.1:4000", "[::2]:4000", "evil.example:4000", "xtunnel.test", "api.example.test:8444", "api.example.test", "localhost.evil.example:4000"];
  for (const host of yes) assert.ok(isHostAllowed(host, 4000, list), String(host));
  for (const host of no) assert.not.ok(isHostAllowed(host, 4000, list), String(host));
  // A preview on port 80: the browser leaves the port out.
  assert.ok(isHostAllowed("localhost", 80, []));
});

test("allowedHostsFromEnv: empty is none; a bad entry is an error naming it and the setting", () => {
  assert.equal(allowedHostsFromEnv(undefined), []);
  assert.equal(allowedHostsFromEnv(" , "), []);
  assert.throws(() => allowedHostsFromEnv("ok.test, http://bad.test/"), /NEWSROOM_PREVIEW_ALLOWED_HOSTS: "http:\/\/bad\.test\/" is not a host name/);
});

test("isOwnOrigin: only http:// + the request's own host", () => {
  assert.ok(isOwnOrigin("http://localhost:4000", "localhost:4000"));
  assert.ok(isOwnOrigin("http://LOCALHOST:4000", "localhost:4000"));
  assert.ok(isOwnOrigin("http://preview.example.test", "preview.example.test:80"));
  for (const origin of [undefined, "", "null", "http://evil.example", "https://localhost:4000", "http://localhost:4001", "http://127.0.0.1:4000", "http://u@localhost:4000", "file://"]) {
    assert.not.ok(isOwnOrigin(origin, "localhost:4000"), String(origin));
  }
});

test("refusalText names the host and the setting that allows it", () => {
  assert.match(refusalText("evil.example:4000"), /not the host "evil\.example:4000"[\s\S]*NEWSROOM_PREVIEW_ALLOWED_HOSTS=evil\.example npm start/);
  assert.match(refusalText("a b"), /NEWSROOM_PREVIEW_ALLOWED_HOSTS=<host name>/);
});

test("resolveRequestPath: 400 for what cannot be decoded, 404 outside the folder, the file otherwise", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "newsroom-paths-"));
  const dir = path.join(root, "_preview");
  fs.mkdirSync(dir);
  fs.mkdirSync(`${dir}2`);
  fs.writeFileSync(path.join(`${dir}2`, "secret.txt"), "x");
  fs.symlinkSync(`${dir}2`, path.join(dir, "out"));
  const status = (target: string) => {
    const r = resolveRequestPath(target, dir);
    return r.ok ? 200 : r.status;
  };
  for (const target of ["/%zz", "/50%-off/", "/%", "/%E0%A4%A", "/%C0%AF", "/%00", "/a%5cb", "/a\\b", "/a#b", "*", "http://evil.example/", ""]) assert.is(status(target), 400, target);
  for (const target of ["/..%2f_preview2%2fsecret.txt", "/%2e%2e%2f_preview2/secret.txt", "/..%2f..%2fetc%2fpasswd", "/out/secret.txt", "/out"]) assert.is(status(target), 404, target);
  for (const target of ["/", "/world/a/", "/50%25-off/", "/caf%C3%A9/", "/a/../b", "/%2e%2e/x", "//x"]) assert.is(status(target), 200, target);
  assert.equal(resolveRequestPath("/caf%C3%A9/?q=1", dir), { ok: true, pathname: "/caf%C3%A9/", file: path.join(dir, "café") });
});

test("isInside compares path segments, not string prefixes", () => {
  assert.ok(isInside("/p/_preview", "/p/_preview"));
  assert.ok(isInside("/p/_preview", "/p/_preview/a/b"));
  assert.ok(isInside("/p/_preview", "/p/_preview/..a"));
  assert.not.ok(isInside("/p/_preview", "/p/_preview2/a"));
  assert.not.ok(isInside("/p/_preview", "/p"));
  assert.not.ok(isInside("/p/_preview", "/etc/passwd"));
});

test.run();
