// Problems found in the spec (lint, validation, bundling), printed as `file:line:col severity rule message`.
import path from 'node:path';

export type Severity = 'error' | 'warn';

export interface Problem {
  severity: Severity;
  /** Rule or stage that reported it: a Redocly rule id, `validate`, `bundle`, `operations`... */
  rule: string;
  message: string;
  /** Absolute or relative file path, when known. */
  file?: string | undefined;
  line?: number | undefined;
  col?: number | undefined;
  /** JSON pointer inside `file` (or inside the bundled document when there is no file). */
  pointer?: string | undefined;
}

/** Thrown by a stage that found errors; carries every problem (warnings included) for printing. */
export class SpecProblemsError extends Error {
  constructor(
    readonly stage: string,
    readonly problems: readonly Problem[],
  ) {
    const errors = problems.filter((p) => p.severity === 'error').length;
    super(`${stage}: ${errors} error${errors === 1 ? '' : 's'}`);
    this.name = 'SpecProblemsError';
  }
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

/** One line per problem; paths are shown relative to `cwd` so they are clickable in a terminal. */
export function formatProblem(problem: Problem, cwd = process.cwd()): string {
  let where = problem.file ? displayPath(problem.file, cwd) : '';
  if (where && problem.line !== undefined) {
    where += `:${problem.line}`;
    if (problem.col !== undefined) where += `:${problem.col}`;
  }
  if (problem.pointer && problem.line === undefined)
    where += `${where ? ' ' : ''}${problem.pointer}`;
  const severity = problem.severity === 'error' ? 'error' : 'warning';
  return `${where ? `${where} ` : ''}${severity} ${problem.rule} ${problem.message}`;
}

/** Relative to `cwd` (clickable in a terminal) unless that climbs more than one level. */
function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative === '' || relative.startsWith(`..${path.sep}..`) ? file : relative;
}

export function formatProblems(problems: readonly Problem[], cwd?: string): string {
  return problems.map((p) => formatProblem(p, cwd)).join('\n');
}

export function summarize(problems: readonly Problem[]): string {
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  return `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
}
