import fs from "node:fs";
import path from "node:path";

/**
 * The file in the preview's output folder that a request target names, checked before Eleventy's
 * dev server sees it. That server decodes the path with `decodeURIComponent` (which throws on
 * `/%zz` or `/50%-off/`, inside an async handler: the preview used to die) and keeps requests in
 * its folder with a string prefix test, so `/..%2f_preview2%2fsecret.txt` read the sibling folder
 * `_preview2/`. Here the path is read the same way it reads it (WHATWG URL, then one decode), and:
 * - a raw `#` (not allowed in a request target, RFC 9112 §3.2), a target that is not a path, a
 *   malformed percent-escape, a NUL byte or a backslash (raw or encoded) → 400;
 * - a path that resolves outside the folder (also through a symlink) → 404, the same answer as
 *   for a missing file, so the check does not tell what exists outside.
 */
export type RequestPath = { ok: true; pathname: string; file: string } | { ok: false; status: 400 | 404; reason: string };

/**
 * Checks a raw request target (`req.url`, e.g. "/world/a/?x=1") against the output folder `dir`
 * (an absolute path). Never throws.
 */
export function resolveRequestPath(target: string, dir: string): RequestPath {
  if (!target.startsWith("/")) return { ok: false, status: 400, reason: "the request target is not a path" };
  if (target.includes("#")) return { ok: false, status: 400, reason: "the request target contains a raw #" };
  // The URL parser would read a raw backslash as "/"; browsers never send one.
  if (target.includes("\\")) return { ok: false, status: 400, reason: "the address contains a backslash" };
  let pathname: string;
  let decoded: string;
  try {
    pathname = new URL(target, "http://localhost").pathname;
    decoded = decodeURIComponent(pathname);
  } catch {
    return { ok: false, status: 400, reason: "the address has a malformed %-escape" };
  }
  if (decoded.includes("\0")) return { ok: false, status: 400, reason: "the address contains a NUL byte" };
  // A backslash is a folder separator on Windows; no page of the site has one in its address.
  if (decoded.includes("\\")) return { ok: false, status: 400, reason: "the address contains a backslash" };
  const file = path.resolve(dir, `.${decoded}`);
  if (!isInside(dir, file)) return { ok: false, status: 404, reason: "outside the preview folder" };
  // A symlink in the folder must not lead out of it either.
  let real: string | undefined;
  try {
    real = fs.realpathSync(file);
  } catch {
    // Does not exist (yet): the dev server answers 404 or serves a file written after this check,
    // which the builder writes inside the folder.
  }
  if (real !== undefined && !isInside(fs.realpathSync(dir), real)) return { ok: false, status: 404, reason: "outside the preview folder" };
  return { ok: true, pathname, file };
}

/** Whether `file` is `dir` or inside it (both absolute). Compares path segments, not string prefixes. */
export function isInside(dir: string, file: string): boolean {
  const relative = path.relative(dir, file);
  return relative === "" || (!relative.startsWith(`..${path.sep}`) && relative !== ".." && !path.isAbsolute(relative));
}
