/**
 * The preview's port, from the PORT environment variable (`PORT=8081 npm start`).
 *
 * - Unset: 8080, and when 8080 is taken the next free one up to 8090 (`candidates`), announced.
 * - Set: exactly that port, never another one; a taken port is an error that says so.
 * - `PORT=0`: any free port the system gives (what the tests use).
 * Anything else (`abc`, `8080abc`, `-1`, `99999`, an empty `PORT=` from a .env file) is refused
 * with a one-line message naming PORT and the value, instead of Node's stack trace.
 */

export const DEFAULT_PORT = 8080;
/** How many ports after the default are tried when PORT is not set. */
export const FALLBACK_PORTS = 10;

export interface PortSetting {
  /** Ports to try, in order: one when PORT was given. */
  candidates: number[];
  /** PORT was set: the port must not change. */
  explicit: boolean;
}

/** A bad PORT value, with the message to print (no stack trace needed). */
export class PortSettingError extends Error {
  override name = "PortSettingError";
}

const EXAMPLE = "PORT=8081 npm start";

/** Reads PORT (the raw environment value, undefined when unset). Throws PortSettingError for a value that is not a port. */
export function portSetting(value: string | undefined): PortSetting {
  if (value === undefined) {
    return { candidates: Array.from({ length: FALLBACK_PORTS + 1 }, (_, i) => DEFAULT_PORT + i), explicit: false };
  }
  const trimmed = value.trim();
  if (trimmed === "") {
    throw new PortSettingError(`PORT is set but empty; give a port number (${EXAMPLE}) or unset it for ${DEFAULT_PORT}.`);
  }
  // Digits only: Number() would take "0x1F90" or "1e3" too, and parseInt "8080abc".
  const port = /^\d{1,5}$/.test(trimmed) ? Number(trimmed) : NaN;
  if (!(port >= 0 && port <= 65535)) {
    throw new PortSettingError(`PORT=${JSON.stringify(value)} is not a port number; use a whole number from 1 to 65535, e.g. ${EXAMPLE}`);
  }
  return { candidates: [port], explicit: true };
}

/**
 * The one line to print when no candidate port could be used. `code` is the listen error's
 * (EADDRINUSE: taken, EACCES: needs privileges); `tried` the ports tried.
 */
export function portProblem(setting: PortSetting, code: string | undefined, tried: number[]): string {
  const first = tried[0]!;
  const last = tried.at(-1)!;
  if (code === "EACCES") {
    return `port ${last} needs administrator rights on this system; use a port above 1023, e.g. ${EXAMPLE}`;
  }
  if (code === "EADDRINUSE") {
    if (setting.explicit) {
      return `port ${first} (PORT=${first}) is already in use, by another preview or program; stop it, or choose another port, e.g. PORT=${first === 8081 ? 8082 : 8081} npm start`;
    }
    return `ports ${first} to ${last} are all in use; stop another preview, or choose a free port, e.g. PORT=8099 npm start`;
  }
  return `could not listen on port ${last} (${code ?? "unknown error"}); choose another port, e.g. ${EXAMPLE}`;
}

/**
 * Listens on the first port of `setting` that is free: `listen` rejects with the socket's error
 * (PreviewServer#listen). Only a taken port (EADDRINUSE) moves on to the next candidate, and
 * only when PORT was not given (there is then more than one). Resolves to the ports found taken
 * before the one used (empty when the first worked); rejects with a PortSettingError whose message
 * is the one line to print.
 */
export async function listenOnFirstFree(listen: (port: number) => Promise<void>, setting: PortSetting): Promise<number[]> {
  const tried: number[] = [];
  for (const candidate of setting.candidates) {
    tried.push(candidate);
    try {
      await listen(candidate);
      return tried.slice(0, -1);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "EADDRINUSE" || tried.length === setting.candidates.length) throw new PortSettingError(portProblem(setting, code, tried));
    }
  }
  throw new PortSettingError(portProblem(setting, undefined, tried));
}

/** The line announcing a fallback port, e.g. "port 8080 is in use, so the preview uses port 8081 …". */
export function fallbackNotice(taken: number[], used: number): string {
  const which = taken.length === 1 ? `port ${taken[0]} is` : `ports ${taken[0]} to ${taken.at(-1)} are`;
  return `${which} in use, so the preview uses port ${used} (to choose one: PORT=${used} npm start).`;
}
