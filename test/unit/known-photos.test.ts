import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { RealFolders, resolveImage, resolveKnownImage, type ImageResult } from "../../src/images/resolve-image.ts";
import { SourceIndex } from "../../src/images/source-index.ts";
import { jpeg } from "../support/fixture-site.ts";

/**
 * resolveKnownImage, the article cache's check of a reused article's photos without a promise,
 * against resolveImage on the same folder: it must give resolveImage's answer or none (the cache
 * then asks resolveImage), whatever the writer put there: symbolic links in or out of the
 * article's folder, a linked folder, names that need decoding, a folder named like a photo.
 */

const MAX_PIXELS = 50_000_000;

async function folder(): Promise<{ root: string; dir: string }> {
  const root = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), "newsroom-known-photos-")));
  const dir = path.join(root, "articles/world");
  const photo = await jpeg(64, 40);
  await fs.mkdir(path.join(dir, "sub"), { recursive: true });
  await fs.mkdir(path.join(root, "outside"));
  await fs.mkdir(path.join(dir, "dir.jpg"));
  for (const name of ["photo.jpg", "sub/inner.jpg", "Crowd at gate.jpg", "café.jpg", "100%.jpg"]) await fs.writeFile(path.join(dir, name), photo);
  await fs.writeFile(path.join(root, "outside/secret.jpg"), photo);
  await fs.symlink("photo.jpg", path.join(dir, "link-in.jpg"));
  await fs.symlink("../../outside/secret.jpg", path.join(dir, "link-out.jpg"));
  await fs.symlink("../../outside", path.join(dir, "linked"));
  return { root, dir };
}

const SOURCES = [
  "photo.jpg", "sub/inner.jpg", "./photo.jpg", "sub/../photo.jpg", " photo.jpg ", "Crowd at gate.jpg", "Crowd%20at%20gate.jpg",
  "café.jpg", "100%.jpg", "link-in.jpg", "link-out.jpg", "linked/secret.jpg", "dir.jpg", "missing.jpg", "../outside.jpg",
  "/etc/passwd.jpg", "x.svg", "notes.txt", "https://example.com/a.jpg", "//example.com/a.jpg",
];

async function both(src: string, dir: string, index: SourceIndex, folders: RealFolders): Promise<{ slow: ImageResult; known: ImageResult | undefined }> {
  const slow = await resolveImage(src, dir, { inspect: (file) => index.inspect(file), maxPixels: MAX_PIXELS });
  const known = resolveKnownImage(src, dir, { known: (file, stat) => index.known(file, stat), maxPixels: MAX_PIXELS, folders });
  return { slow, known };
}

test("resolveKnownImage gives resolveImage's answer or none, for every kind of name and link", async () => {
  const { root, dir } = await folder();
  const index = await SourceIndex.open(path.join(root, ".cache"));
  // The file out of the folder is one the store knows (another site's photo, say): only the
  // checks of where a name leads keep it out.
  await index.inspect(path.join(root, "outside/secret.jpg"));
  const folders = new RealFolders();
  for (const src of SOURCES) {
    const { slow, known } = await both(src, dir, index, folders);
    if (known !== undefined) assert.equal(known, slow, src);
  }
  // The usual names are answered from memory: the fast path is the one taken.
  for (const src of ["photo.jpg", "sub/inner.jpg", "Crowd at gate.jpg", "./photo.jpg"]) {
    const { slow, known } = await both(src, dir, index, folders);
    assert.ok(slow.ok && known?.ok, `${src} answered without resolveImage`);
  }
  // Never a photo out of the folder, through a linked file or a linked folder.
  for (const src of ["link-out.jpg", "linked/secret.jpg"]) {
    const { slow, known } = await both(src, dir, index, folders);
    assert.equal(slow, { ok: false, error: "ImageOutside" }, src);
    assert.ok(known === undefined || !known.ok, src);
  }
  await fs.rm(root, { recursive: true, force: true });
});

test("resolveKnownImage: a photo changed since the store read it, or now a link, is left to resolveImage", async () => {
  const { root, dir } = await folder();
  const index = await SourceIndex.open(path.join(root, ".cache"));
  const known = () => resolveKnownImage("photo.jpg", dir, { known: (file, stat) => index.known(file, stat), maxPixels: MAX_PIXELS, folders: new RealFolders() });
  assert.is(known(), undefined, "never inspected");
  await resolveImage("photo.jpg", dir, { inspect: (file) => index.inspect(file), maxPixels: MAX_PIXELS });
  assert.ok(known()?.ok, "inspected as it is");
  await fs.writeFile(path.join(dir, "photo.jpg"), await jpeg(80, 40));
  assert.is(known(), undefined, "changed bytes: a new stat");
  await resolveImage("photo.jpg", dir, { inspect: (file) => index.inspect(file), maxPixels: MAX_PIXELS });
  assert.ok(known()?.ok);
  // Replaced by a link to a file out of the folder, with the same bytes.
  await fs.rename(path.join(dir, "photo.jpg"), path.join(root, "outside/moved.jpg"));
  await fs.symlink(path.join(root, "outside/moved.jpg"), path.join(dir, "photo.jpg"));
  assert.is(known(), undefined, "a link");
  // The caller's stat (the build's walk) is trusted as a plain file's only when it says so.
  const walked = await fs.stat(path.join(root, "outside/moved.jpg"));
  const withStat = (plain: boolean) =>
    resolveKnownImage("photo.jpg", dir, { known: (file, stat) => index.known(file, stat), maxPixels: MAX_PIXELS, folders: new RealFolders(), lstat: () => (plain ? walked : undefined) });
  assert.is(withStat(false), undefined);
  await fs.rm(root, { recursive: true, force: true });
});

test("RealFolders looks each folder up once and says when there is none", async () => {
  const { root, dir } = await folder();
  const folders = new RealFolders();
  assert.is(folders.of(path.join(dir, "linked")), path.join(root, "outside"));
  await fs.rm(path.join(dir, "linked"));
  assert.is(folders.of(path.join(dir, "linked")), path.join(root, "outside"), "remembered for the build");
  assert.is(new RealFolders().of(path.join(dir, "linked")), undefined);
  assert.is(new RealFolders((d) => (d === dir ? "/walked/world" : undefined)).of(dir), "/walked/world", "what the build's walk found comes first");
  assert.is(new RealFolders(() => undefined).of(dir), dir, "else a lookup");
  await fs.rm(root, { recursive: true, force: true });
});

test.run();
