import EleventyDevServer from "@11ty/eleventy-dev-server";

/**
 * Eleventy's dev server (live reload, DOM diffing) bound to 127.0.0.1. By itself it listens on
 * every interface, which would publish drafts and embargoed stories to the local network.
 */
export class PreviewServer extends EleventyDevServer {
  override _serverListen(port: number): void {
    this.server.listen({ port, host: "127.0.0.1" });
  }
}
