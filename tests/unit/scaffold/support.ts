// Temporary copies of the repository for the scaffold workflow tests: change the spec there,
// run the real commands (`tsx scripts/generate.ts`, `tsx scripts/scaffold.ts`) with the copy
// as working directory, and see exactly which files changed and what the compiler says.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const REPO_ROOT = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
const TSX_CLI = path.join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs');

/** What generate and scaffold read, and what the type-check needs. .prettierrc.json: scaffold
 * formats with the project's settings. */
const COPIED = [
  'spec',
  'src',
  'scripts',
  'generated',
  'tests/support',
  'tests/harness',
  'tests/fixtures',
  'generate.config.ts',
  'tsconfig.json',
  'package.json',
  'redocly.yaml',
  '.prettierrc.json',
];

export async function copyRepository(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'scaffold-test-'));
  for (const entry of COPIED) {
    await cp(path.join(REPO_ROOT, entry), path.join(dir, entry), { recursive: true });
  }
  await symlink(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

export const removeCopy = (dir: string | undefined) =>
  dir ? rm(dir, { recursive: true, force: true }) : Promise.resolve();

export async function edit(
  dir: string,
  file: string,
  change: (text: string) => string,
): Promise<void> {
  const full = path.join(dir, file);
  const before = await readFile(full, 'utf8');
  const after = change(before);
  if (after === before) throw new Error(`the edit of ${file} changed nothing`);
  await writeFile(full, after);
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `tsx <script>` with the copy as working directory, on the Node running the tests. */
export function tsx(dir: string, script: string, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [TSX_CLI, script, ...args],
      { cwd: dir, env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

export async function generate(dir: string): Promise<void> {
  const run = await tsx(dir, 'scripts/generate.ts');
  if (run.code !== 0) throw new Error(`generate failed:\n${run.stdout}\n${run.stderr}`);
}

/** Relative path -> sha256 of every file in the copy (node_modules is a link, not followed). */
export async function snapshot(dir: string): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();
  const walk = async (sub: string): Promise<void> => {
    for (const entry of await readdir(path.join(dir, sub), { withFileTypes: true })) {
      const relative = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(relative);
      else if (entry.isFile()) {
        const content = await readFile(path.join(dir, relative));
        hashes.set(relative, createHash('sha256').update(content).digest('hex'));
      }
    }
  };
  await walk('');
  return hashes;
}

export interface Changes {
  added: string[];
  changed: string[];
  removed: string[];
}

export function changes(before: Map<string, string>, after: Map<string, string>): Changes {
  const sorted = (names: Iterable<string>) => [...names].sort();
  return {
    added: sorted([...after.keys()].filter((name) => !before.has(name))),
    changed: sorted(
      [...after.keys()].filter((name) => before.has(name) && before.get(name) !== after.get(name)),
    ),
    removed: sorted([...before.keys()].filter((name) => !after.has(name))),
  };
}

export interface Diagnostic {
  /** Relative to the copy; '' for diagnostics without a file. */
  file: string;
  line: number;
  code: number;
  message: string;
}

/**
 * What the type-check of a copy covers, always with the copy's tsconfig.json options and the
 * scaffolded pending tests:
 * - `src`: every module of src/, as `make typecheck` checks it (the test suites and scripts,
 *   which spec changes do not reach, left out);
 * - `handlers`: src/conduit/handlers/ and src/conduit/http/, which hold every typed use of the generated
 *   request and response types. It leaves out src/conduit/app.ts and with it both database backends
 *   (Prisma's generated client is most of the checking time); app.ts reads only the
 *   operations table, whose shape does not depend on the spec.
 */
export type Scope = 'src' | 'handlers';

const ROOTS: Record<Scope, readonly string[]> = {
  src: ['src/', 'tests/contract/pending/'],
  handlers: ['src/conduit/handlers/', 'src/conduit/http/', 'tests/contract/pending/'],
};

export function typeCheck(dir: string, scope: Scope): Diagnostic[] {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(dir, 'tsconfig.json'), undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  });
  if (!config) throw new Error('cannot read tsconfig.json');
  const roots = config.fileNames.filter((file) => {
    const relative = path.relative(dir, file).split(path.sep).join('/');
    return ROOTS[scope].some((prefix) => relative.startsWith(prefix));
  });
  const program = ts.createProgram({ rootNames: roots, options: config.options });
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    if (!diagnostic.file || diagnostic.start === undefined) {
      return { file: '', line: 0, code: diagnostic.code, message };
    }
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    const file = path.relative(dir, diagnostic.file.fileName).split(path.sep).join('/');
    return { file, line: line + 1, code: diagnostic.code, message };
  });
}

export const filesOf = (diagnostics: readonly Diagnostic[]) =>
  [...new Set(diagnostics.map((d) => d.file))].sort();
