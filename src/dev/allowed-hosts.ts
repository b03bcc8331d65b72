/**
 * Which `Host` and `Origin` headers the preview answers: the defence against DNS rebinding, where
 * a web page the writer visits re-points its own name at 127.0.0.1 and then reads the preview
 * (drafts, embargoed stories) as if it were its own site. The browser still sends the page's name
 * as `Host`, so answering only our own names stops it.
 *
 * Rules (after Vite's `hostCheck` and webpack-dev-server's `allowedHosts: "auto"`, written here
 * rather than taken from the `host-validation-middleware` package because that one accepts every IP
 * address and any port, and the preview is stricter: it answers its own loopback names only):
 * - loopback names with the preview's port: `localhost`, `*.localhost` (RFC 6761 §6.3 keeps them
 *   on this machine), `127.0.0.1`, `[::1]`;
 * - names listed in NEWSROOM_PREVIEW_ALLOWED_HOSTS (comma-separated): `name` with any port,
 *   `name:port` with that port only, `.example.test` for example.test and every name under it.
 */

/** The setting that allows more names; named in every refusal. */
export const ALLOWED_HOSTS_SETTING = "NEWSROOM_PREVIEW_ALLOWED_HOSTS";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** A `Host` value split into a lower-case name and a port (undefined when absent). */
export interface HostName {
  name: string;
  port: number | undefined;
}

// RFC 9110 §7.2: uri-host [ ":" port ]. Anything else (user info, a path, spaces, an empty name)
// is not a host we can have been asked for.
const HOST = /^(\[[0-9a-f:.]+\]|[a-z0-9._~!$&'()*+;=%-]+)(?::(\d{1,5}))?$/i;

/** Parses a `Host` header (or an allow-list entry); undefined when it is not a valid host. */
export function parseHost(value: string): HostName | undefined {
  const match = HOST.exec(value.trim());
  if (!match) return undefined;
  const port = match[2] === undefined ? undefined : Number(match[2]);
  if (port !== undefined && port > 65535) return undefined;
  return { name: match[1]!.toLowerCase(), port };
}

/**
 * The allow-list from the environment (NEWSROOM_PREVIEW_ALLOWED_HOSTS): entries split on commas
 * and spaces. Throws an Error naming the entry when one is not a host name.
 */
export function allowedHostsFromEnv(value: string | undefined): HostName[] {
  const entries = (value ?? "").split(/[\s,]+/).filter(Boolean);
  return entries.map((entry) => {
    const host = parseHost(entry);
    if (!host) throw new Error(`${ALLOWED_HOSTS_SETTING}: "${entry}" is not a host name (write e.g. preview.example.test, preview.example.test:8443 or .example.test)`);
    return host;
  });
}

/**
 * Whether a request with this `Host` header may be answered by a preview listening on `port`.
 * `hostHeader` is the raw header; a missing one is not allowed (browsers always send it).
 */
export function isHostAllowed(hostHeader: string | undefined, port: number, allowed: readonly HostName[]): boolean {
  if (hostHeader === undefined) return false;
  const host = parseHost(hostHeader);
  if (!host) return false;
  // Without a port the browser meant port 80.
  const hostPort = host.port ?? 80;
  if ((LOOPBACK.has(host.name) || host.name.endsWith(".localhost")) && hostPort === port) return true;
  return allowed.some((entry) => {
    if (entry.port !== undefined && entry.port !== hostPort) return false;
    if (entry.name.startsWith(".")) return host.name === entry.name.slice(1) || host.name.endsWith(entry.name);
    return host.name === entry.name;
  });
}

/**
 * Whether a WebSocket upgrade's `Origin` is the preview's own origin: `http://` + the request's
 * (already allowed) `Host`. A page from any other site, a sandboxed page (`Origin: null`) and a
 * request with no Origin are refused (browsers always send one on a WebSocket).
 */
export function isOwnOrigin(origin: string | undefined, hostHeader: string): boolean {
  if (!origin) return false;
  try {
    const from = new URL(origin);
    const own = new URL(`http://${hostHeader.trim()}`);
    return from.protocol === "http:" && from.host === own.host && from.pathname === "/" && !from.username;
  } catch {
    return false;
  }
}

/** The text of a 403 for a host not allowed: what was refused and the setting that allows it. */
export function refusalText(hostHeader: string | undefined): string {
  const name = parseHost(hostHeader ?? "")?.name ?? "";
  const shown = JSON.stringify((hostHeader ?? "").slice(0, 200));
  const allow = name ? `${ALLOWED_HOSTS_SETTING}=${name}` : `${ALLOWED_HOSTS_SETTING}=<host name>`;
  return (
    `Blocked request: this preview answers only its own loopback addresses (localhost, *.localhost, ` +
    `127.0.0.1 or [::1], with its port), not the host ${shown}.\n` +
    `To allow a host, start the preview with ${allow} npm start ` +
    `(comma-separated names; a leading dot allows every name under a domain).\n`
  );
}
