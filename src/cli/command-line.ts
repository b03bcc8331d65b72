import { parseArgs, type ParseArgsConfig } from "node:util";

type Options = NonNullable<ParseArgsConfig["options"]>;
/** What parseArgs returns for these options (named, so the package's .d.ts can state it). */
export type ParsedCommandLine<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; strict: true; options: O }>>;

/**
 * The command line of a Newsroom command (`npm run check -- …`, `npm run new -- …`, `newsroom
 * init …`), read with Node's own parser (node:util parseArgs, strict: an unknown option is an
 * error). `--help`/`-h` is added to `options`. Returns the parsed values and positionals, or the
 * exit code for the caller to return: 0 after printing `usage` for `--help`, 2 after printing
 * what was wrong and `usage`.
 */
export function readCommandLine<const O extends Options>(argv: string[], options: O, usage: string): ParsedCommandLine<O> | 0 | 2 {
  let parsed: ParsedCommandLine<O>;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { ...options, help: { type: "boolean", short: "h" } } }) as unknown as ParsedCommandLine<O>;
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  if ((parsed.values as { help?: boolean }).help) {
    console.log(usage);
    return 0;
  }
  return parsed;
}
