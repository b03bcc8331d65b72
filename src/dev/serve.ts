import { fork, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { PreviewImages } from "../images/preview-plan.ts";
import { ALLOWED_HOSTS_SETTING, allowedHostsFromEnv, type HostName } from "./allowed-hosts.ts";
import type { BuildFailure } from "./build-failure.ts";
import { errorPageMiddleware } from "./error-page.ts";
import { ImagesOnDemand } from "./images-on-demand.ts";
import { watchParents } from "./parent-watch.ts";
import { readyPreviewFolder } from "./preview-folder.ts";
import { PreviewServer } from "./preview-server.ts";
import { FROM_SOURCE } from "../package/package-root.ts";
import { findConfigFile, findSettingsFile } from "../package/project-files.ts";
import { fallbackNotice, listenOnFirstFree, portSetting, PortSettingError, type PortSetting } from "./port-setting.ts";

/**
 * `npm start`: the preview. Serves _preview/ on http://127.0.0.1:8080 (PORT to change) with live
 * reload, shows drafts and embargoed articles with a banner, and rebuilds on changes to
 * articles, layouts, public/ and the TypeScript in src/ (which needs a fresh process: Node
 * cannot unload modules, so the builder child is restarted). Photos are encoded when a page first
 * asks for them (images-on-demand.ts), so pages appear without waiting for the site's photos.
 * The preview has its own output folder so drafts never end up in _site/, which is what you deploy.
 * While the last build failed, every page asked for shows the failure instead (error-page.ts), and
 * every open tab is reloaded to it, then back to the page once a save builds again.
 * PORT is checked (port-setting.ts): a port asked for is used or refused, never changed.
 * It answers only requests addressed to its loopback names (plus NEWSROOM_PREVIEW_ALLOWED_HOSTS),
 * and ends, with its builder, when it is stopped or when whatever started it ends.
 */
const root = process.cwd();
// resolve, not join: an absolute NEWSROOM_PREVIEW_OUTPUT is used as it is.
const output = path.resolve(root, process.env.NEWSROOM_PREVIEW_OUTPUT ?? "_preview");
let ports: PortSetting;
try {
  ports = portSetting(process.env.PORT);
} catch (error) {
  if (!(error instanceof PortSettingError)) throw error;
  console.error(`Newsroom preview: ${error.message}`);
  process.exit(1);
}
// build-worker.ts here, build-worker.js in the installed package (dist/).
const worker = fileURLToPath(new URL(FROM_SOURCE ? "./build-worker.ts" : "./build-worker.js", import.meta.url));
// What the builder has loaded and cannot reload: this repository's src/, the site's config and settings.
const CODE = ["src", findConfigFile(root), findSettingsFile(root) ?? "site.config.ts"];

let allowedHosts: HostName[];
try {
  allowedHosts = allowedHostsFromEnv(process.env[ALLOWED_HOSTS_SETTING]);
} catch (error) {
  console.error(`Newsroom preview: ${(error as Error).message}`);
  process.exit(1);
}

const images = new ImagesOnDemand(output);
// Why the last build failed; undefined once a build has worked.
let failure: BuildFailure | undefined;
const server = new PreviewServer("newsroom", output, {
  showVersion: false,
  domDiff: false,
  messageOnStart: () => "",
  middleware: [errorPageMiddleware(root, () => failure), images.middleware],
  allowedHosts,
});

let child: ChildProcess | undefined;
let stopping = false;
/** Stops the builder and the server, then exits; a second signal, or a server that will not close, exits at once. */
function shutdown(): void {
  if (stopping) process.exit(0);
  stopping = true;
  child?.kill();
  setTimeout(() => process.exit(0), 2000).unref();
  void server.close().then(() => process.exit(0));
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
process.on("SIGHUP", shutdown);
// Watched from the start (before the first await), so an end during start-up is seen too.
// Killed from above without a signal reaching us (npm's SIGTERM, a SIGKILL): stop too. The builder
// itself exits when this process goes, whatever ends it (build-worker.ts listens for `disconnect`).
watchParents(shutdown);
// Last resort: a stray promise rejection is a bug to report, not a reason to stop the preview.
process.on("unhandledRejection", (reason) => {
  console.error(`Newsroom preview: unexpected error (the preview goes on): ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`);
});

// A port asked for (PORT) is used or refused; without PORT, 8080 or the next free one, said aloud.
let taken: number[];
try {
  taken = await listenOnFirstFree((port) => server.listen(port), ports);
} catch (error) {
  if (!(error instanceof PortSettingError)) throw error;
  console.error(`Newsroom preview: ${error.message}`);
  process.exit(1);
}
await server.ready();
// Only now, with the port ours: a preview that could not start must not touch a running one's folder.
// The last run's pages and search index are kept for the builder to bring up to date (src/dev/preview-folder.ts).
await readyPreviewFolder(root, output);
if (taken.length > 0) console.log(`Newsroom preview: ${fallbackNotice(taken, server.port)}`);
// The address the socket is really bound to, not a name for it.
const bound = server.server.address();
if (bound && typeof bound === "object") {
  console.log(`Newsroom preview (drafts and embargoed articles shown) at http://${bound.address}:${bound.port}/`);
}
if (allowedHosts.length > 0) console.log(`Newsroom preview: also answers ${allowedHosts.map((h) => h.name + (h.port ? `:${h.port}` : "")).join(", ")} (${ALLOWED_HOSTS_SETTING})`);

function startBuilder(): void {
  // A restart that ends while the preview is stopping must not start a builder again.
  if (stopping) return;
  child = fork(worker, [], {
    cwd: root,
    env: { ...process.env, NEWSROOM_PREVIEW: "1", NEWSROOM_PREVIEW_OUTPUT: output },
    // From the repository's TypeScript: tsx, resolved from here, not from the site folder, which
    // may have no node_modules of its own. From the installed package: whatever this process
    // runs with (a TypeScript site's tsx: src/cli/typescript-loader.ts).
    execArgv: FROM_SOURCE ? ["--import", import.meta.resolve("tsx")] : process.execArgv,
    stdio: "inherit",
  });
  child.on("message", (message: { type?: string; plan?: PreviewImages; failure?: BuildFailure }) => {
    if (message.type === "images" && message.plan) images.update(message.plan);
    // Every open tab reloads: to the page after a good build, to the error page after a failed one.
    if (message.type === "built") {
      failure = undefined;
      server.reload({ files: [] });
    }
    if (message.type === "failed" && message.failure) {
      failure = message.failure;
      server.reload({ files: [] });
    }
  });
}

let restartTimer: NodeJS.Timeout | undefined;
function restartBuilder(changed: string): void {
  clearTimeout(restartTimer);
  restartTimer = setTimeout(() => {
    console.log(`Newsroom preview: ${changed} changed, restarting the builder`);
    const old = child;
    if (old && old.exitCode === null) {
      old.once("exit", startBuilder);
      old.kill();
    } else startBuilder();
  }, 200);
}

for (const entry of CODE) {
  const full = path.join(root, entry);
  if (!fs.existsSync(full)) continue;
  fs.watch(full, { recursive: fs.statSync(full).isDirectory() }, (_event, file) => {
    if (!file || String(file).endsWith(".ts") || entry !== "src") restartBuilder(path.join(entry, String(file ?? "")));
  });
}

startBuilder();
