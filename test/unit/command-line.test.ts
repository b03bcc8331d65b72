import { test } from "uvu";
import * as assert from "uvu/assert";
import { readCommandLine } from "../../src/cli/command-line.ts";

const USAGE = "Usage: npm run example -- [files…] [--format text|json]";
const OPTIONS = { format: { type: "string", default: "text" } } as const;

/** Runs readCommandLine with console.log and console.error captured. */
function read(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const { log, error } = console;
  console.log = (...a: unknown[]) => void out.push(a.join(" "));
  console.error = (...a: unknown[]) => void err.push(a.join(" "));
  try {
    return { result: readCommandLine(argv, OPTIONS, USAGE), out: out.join("\n"), err: err.join("\n") };
  } finally {
    console.log = log;
    console.error = error;
  }
}

test("options and positionals are parsed, with defaults", () => {
  const { result, out, err } = read(["a.md", "--format", "json", "b.md"]);
  if (typeof result === "number") return assert.unreachable(`exit ${result}`);
  assert.equal(result.values.format, "json");
  assert.equal(result.positionals, ["a.md", "b.md"]);
  assert.equal([out, err], ["", ""]);
  const plain = read([]).result;
  assert.equal(typeof plain === "number" ? plain : plain.values.format, "text");
});

test("--help and -h print the usage and ask for exit 0", () => {
  for (const flag of ["--help", "-h"]) {
    const { result, out, err } = read(["a.md", flag]);
    assert.is(result, 0, flag);
    assert.is(out, USAGE);
    assert.is(err, "");
  }
});

test("an unknown option prints what is wrong and the usage, and asks for exit 2", () => {
  const { result, out, err } = read(["--fromat", "json"]);
  assert.is(result, 2);
  assert.is(out, "");
  assert.match(err, /Unknown option '--fromat'/);
  assert.ok(err.endsWith(USAGE), err);
});

test.run();
