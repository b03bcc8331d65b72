import fs from "node:fs/promises";
import path from "node:path";
import { SiteError } from "../content/errors.ts";

/**
 * Checks, before anything is rendered, that the site can be written into the output folder
 * `output` (absolute; `shown` is how messages name it, e.g. "_site"). Fine: no such path yet
 * (the build creates the folder), a folder, or a symbolic link to a folder (the build writes
 * through it: src/build/commit-output.ts never replaces the folder itself).
 * Throws SiteError: OutputNotFolder (a file, or a link to a file), OutputLinkBroken (a link to
 * nothing), OutputNotWritable (read-only, another user's, a read-only mount: access(2) W_OK,
 * which also reports an immutable folder).
 */
export async function checkOutputFolder(output: string, shown: string): Promise<void> {
  const link = await fs.lstat(output).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  if (!link) return;
  let target = link;
  if (link.isSymbolicLink()) {
    const to = await fs.readlink(output);
    const stat = await fs.stat(output).catch(() => undefined);
    if (!stat) throw new SiteError("OutputLinkBroken", { file: shown, other: path.resolve(path.dirname(output), to) });
    target = stat;
  }
  if (!target.isDirectory()) {
    const what = link.isSymbolicLink() ? `a symbolic link to a file (${await fs.readlink(output)})` : "a file";
    throw new SiteError("OutputNotFolder", { file: shown, reason: what });
  }
  try {
    await fs.access(output, fs.constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new SiteError("OutputNotWritable", { file: shown, reason: code });
  }
}
