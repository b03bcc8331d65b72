import * as assert from "uvu/assert";

/**
 * Asserts that a failed build's message (src/content/errors.ts formatProblems) reports each
 * expected problem: under the file's heading, a line starting with the field (after its line
 * number, when the build found it) whose text matches
 * `problem`, and the first "fix:" line after it matching `fix` (by default: any fix at all).
 * A message may list lines (an encoding's readings) between the problem and its fix.
 */
export function assertReported(message: string, expected: [file: string, field: string, problem: RegExp, fix?: RegExp][]): void {
  for (const [file, field, problem, fix = /fix: \S/] of expected) {
    const start = message.indexOf(`  articles/${file}\n`);
    assert.ok(start >= 0, `the report names articles/${file}:\n${message}`);
    const end = message.indexOf("\n\n", start);
    const block = message.slice(start, end === -1 ? undefined : end).split("\n");
    // A problem's line may lead ("line 5, section: …") where the build found the field's line.
    const at = block.findIndex((l) => l.trim().replace(/^line \d+, /, "").startsWith(`${field}:`) && problem.test(l));
    assert.ok(at >= 0, `articles/${file} → ${field} ${problem}:\n${block.join("\n")}`);
    const fixLine = block.slice(at + 1).find((l) => l.trim().startsWith("fix:"));
    assert.match(fixLine ?? "", fix, `the fix for ${file} ${field}`);
  }
}
