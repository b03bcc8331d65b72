import { parseArgs, type ParseArgsConfig } from "node:util";

type Options = NonNullable<ParseArgsConfig["options"]>;
/** What parseArgs returns for these options (named, so the package's .d.ts can state it). */
export type ParsedCommandLine<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; strict: true; options: O }>>;

/**
 * The command line of a writers' command (`npm run check -- …`, `npm run new -- …`), read with
 * Node's own parser (node:util parseArgs, strict: an unknown option is an error). Returns the
 * parsed values and positionals, or undefined after printing what was wrong and `usage` (the
 * caller exits 2). `--help` is for the caller to handle.
 */
export function readCommandLine<const O extends Options>(argv: string[], options: O, usage: string): ParsedCommandLine<O> | undefined {
  try {
    return parseArgs({ args: argv, allowPositionals: true, strict: true, options });
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage}`);
    return undefined;
  }
}
