// Type-checks generated files with the TypeScript compiler API (strict, noEmit), as a consumer would.
import ts from 'typescript';

/** The project's strictness (tsconfig.json) without its ambient types: generated code needs none. */
export const TYPECHECK_OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  noUncheckedIndexedAccess: true,
  target: ts.ScriptTarget.ES2023,
  lib: ['lib.es2023.d.ts'],
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  skipLibCheck: true,
  isolatedModules: true,
  verbatimModuleSyntax: true,
  types: [],
};

export interface TypeCheckResult {
  /** `file:line:col TSxxxx message`, one per diagnostic. */
  diagnostics: string[];
  fileCount: number;
}

export function typeCheck(
  rootFiles: readonly string[],
  options = TYPECHECK_OPTIONS,
): TypeCheckResult {
  const program = ts.createProgram({ rootNames: [...rootFiles], options });
  const diagnostics = ts.getPreEmitDiagnostics(program).map(formatDiagnostic);
  return { diagnostics, fileCount: program.getSourceFiles().length };
}

function formatDiagnostic(diagnostic: ts.Diagnostic): string {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
  if (!diagnostic.file || diagnostic.start === undefined) return `TS${diagnostic.code} ${message}`;
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  return `${diagnostic.file.fileName}:${line + 1}:${character + 1} TS${diagnostic.code} ${message}`;
}
