import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * The articles staged in git for the next commit, with their staged bytes: `npm run check --
 * --staged` checks what will be committed, not what the working tree holds now (a writer may
 * have staged a fix and kept editing). Added, copied, modified and renamed files count
 * (`--diff-filter=ACMR`); deletions leave nothing to check. Photos are read from the working
 * tree: git gives a staged article, but the build reads files from the folder.
 */
export async function stagedArticles(root: string, articlesDir: string): Promise<Map<string, Buffer>> {
  const git = (args: string[], encoding: BufferEncoding | "buffer" = "utf8") =>
    run("git", args, { cwd: root, encoding: encoding as BufferEncoding, maxBuffer: 256 * 1024 * 1024 });
  const top = (await git(["rev-parse", "--show-toplevel"])).stdout.trim();
  // -z: names as they are (no quoting of spaces or non-ASCII), relative to the top of the repository.
  const { stdout } = await git(["diff", "--cached", "--name-only", "--diff-filter=ACMR", "-z", "--", path.resolve(root, articlesDir)]);
  const names = stdout.split("\0").filter((name) => name.endsWith(".md"));
  const staged = new Map<string, Buffer>();
  for (const name of names) {
    // ":<path>" is the index's version; the path is from the top of the repository (gitrevisions(7)).
    const { stdout: bytes } = await run("git", ["cat-file", "blob", `:${name}`], { cwd: top, encoding: "buffer", maxBuffer: 256 * 1024 * 1024 });
    staged.set(path.join(top, name), bytes);
  }
  return staged;
}
