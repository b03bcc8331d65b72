import type { CheckResult, Finding } from "./check-articles.ts";

/**
 * The three ways `npm run check` prints its findings:
 *   text    one line per finding, `file:line:column: error: field: message Fix: hint`, the form
 *           compilers use, so terminals and editors (VS Code's problem matchers) link to the line;
 *   github  GitHub Actions workflow commands (`::error file=…,line=…,col=…,title=…::message`),
 *           which show each finding on its line in a pull request;
 *   json    one object for tools.
 */

export type ReportFormat = "text" | "github" | "json";
export const REPORT_FORMATS: readonly ReportFormat[] = ["text", "github", "json"];

const count = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The findings as `format`, ready to print (no trailing newline). */
export function formatFindings(result: CheckResult, format: ReportFormat): string {
  if (format === "json") return JSON.stringify(jsonReport(result), null, 2);
  const lines = result.findings.map(format === "github" ? githubLine : textLine);
  if (format === "text") lines.push(summary(result));
  return lines.join("\n");
}

function textLine(f: Finding): string {
  const field = f.field.startsWith("(") || f.field === "body" ? "" : `${f.field}: `;
  return `${f.file}:${f.line}:${f.column}: ${f.severity}: ${field}${f.message} Fix: ${f.hint}`;
}

/** "2 errors and 1 warning in 1 of 3 articles." or "3 articles checked: no problems." */
export function summary(result: CheckResult): string {
  const errors = result.findings.filter((f) => f.severity === "error").length;
  const warnings = result.findings.length - errors;
  const files = new Set(result.findings.map((f) => f.file)).size;
  const checked = `${count(result.checked, "article")} checked`;
  if (result.findings.length === 0) return `${checked}: no problems.`;
  return `${checked}: ${count(errors, "error")} and ${count(warnings, "warning")} in ${count(files, "article")}.`;
}

/**
 * One workflow command. Escaping follows the runner's own (actions/toolkit, command.ts):
 * in the message `%`, `\r` and `\n` are percent-encoded; in a property also `:` and `,`.
 * https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions
 */
function githubLine(f: Finding): string {
  const command = f.severity === "error" ? "error" : "warning";
  const properties = [`file=${escapeProperty(f.file)}`, `line=${f.line}`, `col=${f.column}`, `title=${escapeProperty(`${f.title} (${f.field})`)}`];
  return `::${command} ${properties.join(",")}::${escapeData(`${f.message}\nFix: ${f.hint}`)}`;
}

export function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/** The JSON form: counts and every finding (positions 1-based). */
export function jsonReport(result: CheckResult) {
  const errors = result.findings.filter((f) => f.severity === "error").length;
  return {
    ok: errors === 0,
    checked: result.checked,
    archive: result.archive,
    errors,
    warnings: result.findings.length - errors,
    findings: result.findings,
  };
}
