import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Duplex } from "node:stream";
import EleventyDevServer, { type DevServerOptions } from "@11ty/eleventy-dev-server";
import { isHostAllowed, isOwnOrigin, refusalText, type HostName } from "./allowed-hosts.ts";
import { resolveRequestPath } from "./request-path.ts";

/** A refused request: its status and the plain-text body that says why. */
interface Refusal {
  status: number;
  text: string;
}

export interface PreviewServerOptions extends DevServerOptions {
  /** Names answered besides the loopback ones (NEWSROOM_PREVIEW_ALLOWED_HOSTS, see allowed-hosts.ts). */
  allowedHosts?: readonly HostName[];
}

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => unknown;

/** Each response's own writeHead and end, from before the dev server wraps them. */
const PLAIN = new WeakMap<ServerResponse, Pick<ServerResponse, "writeHead" | "end">>();

const TEXT_HEADERS = {
  "content-type": "text/plain; charset=utf-8",
  "x-content-type-options": "nosniff",
  "cache-control": "no-store",
} satisfies OutgoingHttpHeaders;

/** Answers `text` with `status`, through the given (unwrapped) writeHead and end of `res`. */
function sendText(writeHead: ServerResponse["writeHead"], end: ServerResponse["end"], res: ServerResponse, status: number, text: string): void {
  writeHead.call(res, status, { ...TEXT_HEADERS, "content-length": Buffer.byteLength(text) });
  end.call(res, text, "utf8");
}

/**
 * Eleventy's dev server (live reload, DOM diffing), made safe to leave running while the writer
 * browses the web:
 * - bound to 127.0.0.1 (by itself it listens on every interface, which would publish drafts and
 *   embargoed stories to the local network);
 * - every request passes, in this order, before the dev server sees it: the Host rule
 *   (allowed-hosts.ts, 403 naming the setting: DNS rebinding), a cross-site `no-cors` subresource
 *   (`<img>`/`<script>` of another site pointing here, 403), the path rule (request-path.ts: 400
 *   for what cannot be decoded, 404 outside the folder);
 * - the live-reload WebSocket accepts an upgrade only with an allowed Host and our own Origin;
 * - an exception in any handler is answered 500 and logged; the process never stops on a request.
 */
export class PreviewServer extends EleventyDevServer {
  #allowed: readonly HostName[];
  #dir: string;
  #logged = new Set<string>();
  #ownErrorHandler = false;

  constructor(name: string, dir: string, options: PreviewServerOptions = {}) {
    const { allowedHosts, middleware, ...rest } = options;
    // The dev server calls each middleware without waiting for it: an async one that rejects would
    // be an unhandled rejection (and the request would hang). Each is wrapped to answer 500 instead.
    const guarded = ((middleware as Middleware[] | undefined) ?? []).map(
      (ware): Middleware =>
        (req, res, next) => {
          try {
            const result = ware(req, res, next);
            if (result instanceof Promise) result.catch((error: unknown) => this.#failed(req, res, error));
          } catch (error) {
            this.#failed(req, res, error);
          }
        },
    );
    super(name, dir, { ...rest, middleware: guarded });
    this.#allowed = allowedHosts ?? [];
    this.#dir = path.resolve(dir);
  }

  override _serverListen(port: number): void {
    this.server.listen({ port, host: "127.0.0.1" });
  }

  /**
   * Listens on 127.0.0.1:`port` (0: any free port). Resolves once listening; rejects with the
   * listen error (`code` EADDRINUSE when taken, EACCES when not allowed) and stays unbound, so the
   * caller decides whether another port is acceptable (src/dev/port-setting.ts). The dev server's
   * own handler would instead move to the next port without a word, and throw an uncaught error
   * naming a `--port` flag after ten.
   */
  listen(port: number): Promise<void> {
    const server = this.server;
    if (!this.#ownErrorHandler) {
      this.#ownErrorHandler = true;
      server.removeAllListeners("error");
      // Errors once listening (rare: the socket itself failing) are logged; listen errors go to the caller.
      server.on("error", (error: Error) => {
        if (server.listening) console.error(`Newsroom preview: server error: ${error.message}`);
      });
    }
    return new Promise((resolve, reject) => {
      const failed = (error: Error) => {
        server.off("listening", listening);
        reject(error);
      };
      const listening = () => {
        server.off("error", failed);
        resolve();
      };
      server.once("error", failed);
      server.once("listening", listening);
      this._serverListen(port);
    });
  }

  /** The port the socket is bound to (PORT=0 picks a free one; a busy port makes the dev server try the next). */
  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  override async onRequestHandler(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // The dev server replaces write/end to inject its reload script; keep the plain ones for errors.
    PLAIN.set(res, { writeHead: res.writeHead, end: res.end });
    try {
      const refusal = this.#refuseRequest(req);
      if (refusal) {
        sendText(res.writeHead, res.end, res, refusal.status, refusal.text);
        return;
      }
      await super.onRequestHandler(req, res);
    } catch (error) {
      this.#failed(req, res, error);
    }
  }

  /** Logs a handler's exception and answers 500 (or cuts the connection if an answer had begun). */
  #failed(req: IncomingMessage, res: ServerResponse, error: unknown): void {
    console.error(`Newsroom preview: ${req.method} ${req.url} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    try {
      const plain = PLAIN.get(res);
      if (res.headersSent || res.writableEnded || !plain) res.destroy();
      else {
        sendText(plain.writeHead, plain.end, res, 500, "The preview could not answer this request; the terminal running npm start says why.\n");
      }
    } catch {
      res.destroy();
    }
  }

  override setupReloadNotifier(): void {
    // The dev server's WebSocket server listens to the HTTP server's `upgrade` event; put our check
    // in front of its listener instead of beside it.
    const before = new Set(this.server.listeners("upgrade"));
    super.setupReloadNotifier();
    const added = this.server.listeners("upgrade").filter((l) => !before.has(l));
    for (const listener of added) this.server.removeListener("upgrade", listener as (...args: unknown[]) => void);
    this.server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      // A reset connection must not become an uncaught 'error' event.
      socket.on("error", () => {});
      try {
        const refusal = this.#refuseUpgrade(req);
        if (refusal) {
          const body = Buffer.from(refusal.text);
          const status = refusal.status === 400 ? "400 Bad Request" : "403 Forbidden";
          socket.end(
            `HTTP/1.1 ${status}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${refusal.text}`,
          );
          return;
        }
        for (const listener of added) (listener as (...args: unknown[]) => void).call(this.server, req, socket, head);
      } catch (error) {
        console.error(`Newsroom preview: live-reload connection failed: ${error instanceof Error ? error.message : String(error)}`);
        socket.destroy();
      }
    });
  }

  #refuseHost(req: IncomingMessage): Refusal | undefined {
    const host = req.headers.host;
    if (host === undefined) return { status: 400, text: "Bad request: no Host header.\n" };
    if (isHostAllowed(host, this.port, this.#allowed)) return undefined;
    const key = host.slice(0, 200);
    if (!this.#logged.has(key) && this.#logged.size < 100) {
      this.#logged.add(key);
      console.error(`Newsroom preview: refused a request for host ${JSON.stringify(key)} (NEWSROOM_PREVIEW_ALLOWED_HOSTS allows more names)`);
    }
    return { status: 403, text: refusalText(host) };
  }

  #refuseRequest(req: IncomingMessage): Refusal | undefined {
    const host = this.#refuseHost(req);
    if (host) return host;
    // Another site's <img>/<script>/<link> pointing here (the browser says so in Fetch Metadata):
    // nothing of the preview is meant to be embedded elsewhere. Navigations are not `no-cors`.
    if (req.headers["sec-fetch-site"] === "cross-site" && req.headers["sec-fetch-mode"] === "no-cors") {
      return { status: 403, text: "Blocked request: another site may not embed the preview's files.\n" };
    }
    const target = resolveRequestPath(req.url ?? "/", this.#dir);
    if (!target.ok) return { status: target.status, text: target.status === 400 ? `Bad request: ${target.reason}.\n` : "Not found.\n" };
    return undefined;
  }

  #refuseUpgrade(req: IncomingMessage): Refusal | undefined {
    const host = this.#refuseHost(req);
    if (host) return host;
    if (!isOwnOrigin(req.headers.origin, req.headers.host!)) {
      return { status: 403, text: "Blocked live-reload connection: only the preview's own pages may connect.\n" };
    }
    return undefined;
  }
}
