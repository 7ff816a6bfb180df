// Handles the OpenAPI Object (OpenAPI 3.1 §4.8.1) as a whole, against the lint rules.
// Lints the multi-file spec with @redocly/openapi-core and the committed redocly.yaml rules.
// swagger-parser checks structure only; Redocly also catches duplicate operationIds, unknown
// schema types and path parameters that are missing from the path, with file:line locations.
import { getLineColLocation, lint, loadConfig } from '@redocly/openapi-core';
import type { Problem } from './lint-findings.js';

export async function lintSpec(specPath: string, configPath: string): Promise<Problem[]> {
  const config = await loadConfig({ configPath });
  let found;
  try {
    found = await lint({ ref: specPath, config });
  } catch (error) {
    // A file that is not YAML at all: Redocly throws instead of reporting, with the place.
    const message = error instanceof Error ? error.message : String(error);
    const at = /in "([^"]+)" \((\d+):(\d+)\)/.exec(message);
    return [
      {
        severity: 'error',
        rule: 'parse',
        message: message.split('\n')[0] ?? message,
        file: at?.[1] ?? specPath,
        ...(at ? { line: Number(at[2]), col: Number(at[3]) } : {}),
      },
    ];
  }
  const problems: Problem[] = [];
  for (const problem of found) {
    if (problem.ignored) continue;
    const location = problem.location[0];
    let line: number | undefined;
    let col: number | undefined;
    if (location) {
      try {
        ({ line, col } = getLineColLocation(location).start);
      } catch {
        // No AST for this source (e.g. JSON parse failure): the pointer alone still helps.
      }
    }
    problems.push({
      severity: problem.severity === 'error' ? 'error' : 'warn',
      rule: problem.ruleId,
      message: problem.message,
      file: location?.source.absoluteRef,
      line,
      col,
      pointer: location?.pointer,
    });
  }
  return sortProblems(problems);
}

/** Stable order (file, line, column, rule) so output does not depend on traversal order. */
function sortProblems(problems: Problem[]): Problem[] {
  return problems.sort(
    (a, b) =>
      compare(a.file ?? '', b.file ?? '') ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.col ?? 0) - (b.col ?? 0) ||
      compare(a.rule, b.rule) ||
      compare(a.message, b.message),
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
