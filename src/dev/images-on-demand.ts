import fs from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { ImageStore } from "../images/image-store.ts";
import { IMAGE_FOLDER, type PreviewImages } from "../images/preview-plan.ts";

/**
 * The preview's photos, made when first asked for. The builder does not wait for images (a big
 * archive would keep the first page waiting for every photo of the site): it tells the server
 * which sources exist (`update`), and a request for a photo not yet in the preview folder
 * encodes that one source (into the shared cache, so `npm run build` reuses it) and then lets
 * the static server answer. An edited photo has a new content hash, so new names, so the
 * reloaded page asks for, and gets, the new files.
 */

type Next = (error?: unknown) => void;
const NAME = new RegExp(`^/${IMAGE_FOLDER}/[0-9a-f]{2}/([0-9a-f]{16})-[a-z0-9]+\\.(?:avif|webp|jpg|png|gif)$`);

export class ImagesOnDemand {
  #output: string;
  #plan: PreviewImages | undefined;
  #sources = new Map<string, PreviewImages["sources"][number]>();
  #store: ImageStore | undefined;

  constructor(output: string) {
    this.#output = output;
  }

  /** The builder's latest list of sources (sent after every build). */
  update(plan: PreviewImages): void {
    const same = this.#plan && this.#plan.cacheDir === plan.cacheDir && JSON.stringify(this.#plan.settings) === JSON.stringify(plan.settings);
    if (!same) this.#store = new ImageStore({ cacheDir: plan.cacheDir, settings: plan.settings });
    this.#plan = plan;
    this.#sources = new Map(plan.sources.map((s) => [s.id, s]));
  }

  /**
   * Middleware for Eleventy's dev server: runs before its static files. Resolves once the photo is
   * in the folder (or the request is passed on); rejects on an unexpected failure, which the
   * preview server answers with 500 (preview-server.ts).
   */
  readonly middleware = async (req: IncomingMessage, res: ServerResponse, next: Next): Promise<void> => {
    let pathname: string;
    try {
      pathname = new URL(req.url ?? "/", "http://localhost").pathname;
    } catch {
      // A malformed address (e.g. "//[/x", which any web page can make the browser request).
      // The preview server refuses these before us (request-path.ts); kept so this middleware is safe alone.
      res.writeHead(400, { "content-type": "text/plain; charset=utf-8" }).end("Bad request\n");
      return;
    }
    const id = NAME.exec(pathname)?.[1];
    const source = id ? this.#sources.get(id) : undefined;
    if (!id || !source || !this.#store || fs.existsSync(path.join(this.#output, pathname))) return next();
    const store = this.#store;
    await store.add(source.file, { lead: source.lead });
    const report = await store.ensure([id]);
    const failed = report.failed[0];
    if (failed) {
      console.error(`Newsroom preview: ${path.relative(process.cwd(), failed.file)} could not be encoded (${failed.reason})`);
      res.writeHead(500, { "content-type": "text/plain; charset=utf-8" }).end(`Could not encode ${failed.file}: ${failed.reason}\n`);
      return;
    }
    await store.publish(this.#output, IMAGE_FOLDER, [id]);
    next();
  };
}
