// `make scaffold`: for every operation of the spec (generated/) that no handwritten module
// implements, adds a 501 stub and (for operations that get one now) a file of pending contract
// tests, then rewrites the stub registry. It never edits a handwritten file, never overwrites
// a file, and never deletes one: obsolete stubs and pending tests are reported, for a person
// to delete.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as prettier from 'prettier';
import { findHandled, type HandlerSite } from './handled.js';
import { readScaffoldOperations, type ScaffoldOperation } from './scaffold-operations.js';
import { renderPendingTest, renderRegistry, renderStub } from './templates.js';

/** Where things are, relative to the repository root. */
export const LAYOUT = {
  operations: 'generated/operations.ts',
  document: 'generated/openapi.json',
  handlers: 'src/conduit/handlers',
  stubs: 'src/conduit/handlers/pending',
  registry: 'src/conduit/handlers/pending/index.ts',
  pendingTests: 'tests/contract/pending',
} as const;

export interface Finding {
  /** Relative to the root. */
  file: string;
  message: string;
}

export interface ScaffoldReport {
  operationCount: number;
  /** Files created, relative to the root, with what they are for. */
  added: Finding[];
  /** The registry, when this run wrote it. */
  registry: Finding | undefined;
  /** Stubs of operations that left the spec: they no longer compile. Make scaffold fail. */
  stale: Finding[];
  /** Obsolete files that still compile (the operation is implemented, or left the spec). */
  leftovers: Finding[];
}

export async function runScaffold(root: string): Promise<ScaffoldReport> {
  const at = (relative: string) => path.join(root, relative);
  const operations = await readOperations(root);
  const byId = new Map(operations.map((operation) => [operation.id, operation]));
  const handled = await findHandled(at(LAYOUT.handlers), at(LAYOUT.stubs), new Set(byId.keys()));
  const implementedAt = (site: HandlerSite) =>
    `${path.posix.join(LAYOUT.handlers, site.file.split(path.sep).join('/'))}:${site.line}`;

  const report: ScaffoldReport = {
    operationCount: operations.length,
    added: [],
    registry: undefined,
    stale: [],
    leftovers: [],
  };

  const existingStubs = await stubIds(at(LAYOUT.stubs));
  const registered: string[] = [];
  for (const id of existingStubs) {
    const file = `${LAYOUT.stubs}/${id}.ts`;
    const site = handled.get(id);
    if (!byId.has(id)) {
      report.stale.push({
        file,
        message: `${id} is no longer in ${LAYOUT.operations}, so this stub no longer compiles; delete it`,
      });
    } else if (site) {
      report.leftovers.push({
        file,
        message: `${id} is implemented at ${implementedAt(site)}; delete this stub (no longer registered)`,
      });
    } else {
      registered.push(id);
    }
  }

  for (const operation of operations) {
    if (handled.has(operation.id) || existingStubs.has(operation.id)) continue;
    const stub = `${LAYOUT.stubs}/${operation.id}.ts`;
    registered.push(operation.id);
    if (!(await create(at(stub), renderStub(operation)))) continue;
    report.added.push({
      file: stub,
      message: `501 stub for ${operation.method} ${operation.path}`,
    });
    const test = `${LAYOUT.pendingTests}/${operation.id}.test.ts`;
    if (await create(at(test), renderPendingTest(operation))) {
      report.added.push({
        file: test,
        message: `${operation.responses.length} pending contract test case(s)`,
      });
    }
  }

  const registry = await format(at(LAYOUT.registry), renderRegistry(registered));
  if ((await readText(at(LAYOUT.registry))) !== registry) {
    await mkdir(at(LAYOUT.stubs), { recursive: true });
    await writeFile(at(LAYOUT.registry), registry);
    report.registry = {
      file: LAYOUT.registry,
      message: `${registered.length} pending operation(s)${registered.length > 0 ? `: ${[...registered].sort().join(', ')}` : ''}`,
    };
  }

  report.leftovers.push(...(await obsoletePendingTests(root, byId, handled, implementedAt)));
  return report;
}

async function readOperations(root: string): Promise<ScaffoldOperation[]> {
  const document = await readText(path.join(root, LAYOUT.document));
  if (document === undefined) {
    throw new Error(`${LAYOUT.document} is missing; run \`make generate\``);
  }
  return readScaffoldOperations(JSON.parse(document));
}

/** The operation ids of the stubs in the pending folder (every module but the registry). */
async function stubIds(dir: string): Promise<Set<string>> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return new Set();
  }
  return new Set(
    names
      .filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts') && name !== 'index.ts')
      .map((name) => name.slice(0, -'.ts'.length))
      .sort(),
  );
}

async function obsoletePendingTests(
  root: string,
  byId: ReadonlyMap<string, ScaffoldOperation>,
  handled: ReadonlyMap<string, HandlerSite>,
  implementedAt: (site: HandlerSite) => string,
): Promise<Finding[]> {
  let names: string[];
  try {
    names = await readdir(path.join(root, LAYOUT.pendingTests));
  } catch {
    return [];
  }
  const findings: Finding[] = [];
  for (const name of names.sort()) {
    const id = name.replace(/\.test\.ts$/, '');
    if (id === name) continue;
    const file = `${LAYOUT.pendingTests}/${name}`;
    const site = handled.get(id);
    if (!byId.has(id)) {
      findings.push({ file, message: `${id} is no longer in the spec; delete this file` });
    } else if (site) {
      findings.push({
        file,
        message: `${id} is implemented at ${implementedAt(site)}; replace these pending cases with contract tests`,
      });
    }
  }
  return findings;
}

/** Writes `content` (formatted) to a new file; false, touching nothing, when the file exists. */
async function create(file: string, content: string): Promise<boolean> {
  const formatted = await format(file, content);
  await mkdir(path.dirname(file), { recursive: true });
  try {
    await writeFile(file, formatted, { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** With the project's Prettier settings, so `make lint` accepts what scaffold writes. */
async function format(file: string, content: string): Promise<string> {
  const options = (await prettier.resolveConfig(file)) ?? {};
  return prettier.format(content, { ...options, filepath: file });
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}
