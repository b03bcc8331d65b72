// The part of Eleventy's configuration API the plugin uses. Eleventy 3 ships JSDoc, not
// TypeScript declarations, so we state what we rely on here.
declare module "@11ty/eleventy" {
  export interface EleventyDirectories {
    input: string;
    output: string;
    includes: string;
    layouts?: string;
    data?: string;
  }
  export interface EleventyEventArgs {
    dir: EleventyDirectories;
    directories: EleventyDirectories;
    runMode: "build" | "watch" | "serve";
    outputMode: string;
    /** Every file written: its URL and where it went. */
    results: { url: string | false; outputPath: string | false; inputPath: string }[];
  }
  export interface UserConfig {
    addPlugin<O>(plugin: (config: UserConfig, options: O) => void | Promise<void>, options: O): void;
    addGlobalData(name: string, value: unknown): void;
    addFilter(name: string, fn: (...args: any[]) => unknown): void;
    addWatchTarget(path: string): void;
    addPassthroughCopy(spec: string | Record<string, string>): void;
    /** A virtual template (Eleventy 3): `inputPath` relative to the input folder, `content` may start with front matter. */
    addTemplate(inputPath: string, content: string, data?: Record<string, unknown>): void;
    /** Globs Eleventy does not read as templates (relative to the working directory). */
    ignores: { add(glob: string): void };
    setServerOptions(options: Record<string, unknown>): void;
    setFrontMatterParsingOptions(options: Record<string, unknown>): void;
    setQuietMode(quiet: boolean): void;
    /** Options for the watcher (chokidar), merged over Eleventy's own (Eleventy.js getChokidarConfig). */
    setChokidarConfig(options: Record<string, unknown>): void;
    on(event: "eleventy.before" | "eleventy.after", fn: (args: EleventyEventArgs) => unknown): void;
    directories: EleventyDirectories;
    /** Eleventy's event bus (`on` listens here): the plugin also uses it for its own events. */
    events: { emit(event: string, ...args: unknown[]): unknown; on(event: string, fn: (...args: any[]) => unknown): unknown; listenerCount(event: string): number };
  }
  export interface EleventyOptions {
    configPath?: string;
    quietMode?: boolean;
    config?: (config: UserConfig) => void | Promise<void>;
  }
  /** Eleventy's HTML <base> plugin: adds `baseHref` to root-relative URLs in every HTML page. */
  export function HtmlBasePlugin(config: UserConfig, options: { baseHref: string; extensions?: string }): void;
  export class Eleventy {
    constructor(input?: string, output?: string, options?: EleventyOptions);
    write(): Promise<unknown>;
    toJSON(): Promise<unknown>;
    setIncrementalBuild(on: boolean): void;
    disableLogger(): void;
    init(): Promise<void>;
    watch(): Promise<void>;
  }
}

declare module "@11ty/eleventy-dev-server" {
  import type { Server } from "node:http";
  export interface DevServerOptions {
    port?: number;
    liveReload?: boolean;
    domDiff?: boolean;
    showVersion?: boolean;
    messageOnStart?: (info: { hosts: string[]; localhostUrl: string }) => string;
    logger?: { log(m: string): void; info(m: string): void; error(m: string): void; forceLog?(m: string): void };
    [key: string]: unknown;
  }
  export default class EleventyDevServer {
    constructor(name: string, dir: string, options?: DevServerOptions);
    static getServer(name: string, dir: string, options?: DevServerOptions): EleventyDevServer;
    get server(): Server;
    serve(port: number): Promise<void>;
    ready(): Promise<void>;
    close(): Promise<void>;
    reload(event?: { files?: string[]; subtype?: string; build?: unknown }): void;
    _serverListen(port: number): void;
    /** Answers every HTTP request (async; a rejection here is unhandled upstream). */
    onRequestHandler(req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse): Promise<void>;
    /** Creates the live-reload WebSocket server on the HTTP server's `upgrade` event. */
    setupReloadNotifier(): void;
  }
}
