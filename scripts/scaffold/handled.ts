// Which operations already have a handwritten handler. A handler module returns an object
// literal keyed by operation (`GetTags: async () => ...`, `async Login(request) {...}`), so an
// operation counts as handled when a member of an object literal in a module under
// src/conduit/handlers/ (pending/ excluded) is named after it. Parsed with the TypeScript parser, not
// matched as text: comments, strings and types do not count.
//
// Why syntax and not the type checker: the factories' declared return types point back at the
// generated Handlers interface (createHandlers in index.ts returns all of it), so types cannot
// say which module wrote a handler; and a full program (services, models, Prisma's client)
// takes seconds where parsing takes milliseconds. Both possible mistakes are loud: a key that is
// not really a handler leaves the operation unimplemented and `satisfies Handlers` in
// src/conduit/handlers/index.ts fails; a handler built in a way this misses (computed keys) gets a stub
// that the handwritten handler overrides, and `make scaffold` names it as a leftover.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import ts from 'typescript';

export interface HandlerSite {
  /** Relative to the directory searched. */
  file: string;
  line: number;
}

/** Pure: every static member name of every object literal in `source`, with its line. */
export function objectLiteralKeys(source: string, fileName = 'module.ts'): HandlerKey[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const keys: HandlerKey[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isObjectLiteralExpression(node)) {
      for (const member of node.properties) {
        const name = memberName(member);
        if (name === undefined || ts.isSpreadAssignment(member)) continue;
        const { line } = file.getLineAndCharacterOfPosition(member.getStart(file));
        keys.push({ name, line: line + 1 });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return keys;
}

export interface HandlerKey {
  name: string;
  line: number;
}

/**
 * Operation id -> where a handwritten module implements it, for the ids in `operationIds`.
 * `handlersDir` is searched recursively; `excluded` (scaffold's own folder) is skipped.
 */
export async function findHandled(
  handlersDir: string,
  excluded: string,
  operationIds: ReadonlySet<string>,
): Promise<Map<string, HandlerSite>> {
  const found = new Map<string, HandlerSite>();
  for (const file of await moduleFiles(handlersDir, path.resolve(excluded))) {
    const source = await readFile(file, 'utf8');
    for (const { name, line } of objectLiteralKeys(source, file)) {
      if (!operationIds.has(name) || found.has(name)) continue;
      found.set(name, { file: path.relative(handlersDir, file), line });
    }
  }
  return found;
}

async function moduleFiles(dir: string, excluded: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (full !== excluded) files.push(...(await moduleFiles(full, excluded)));
    } else if (/\.[cm]?ts$/.test(entry.name) && !/\.d\.[cm]?ts$/.test(entry.name)) {
      files.push(full);
    }
  }
  return files;
}

/** The name of an object or interface member when it is static: `a`, `'a'`, `200`, `['a']`. */
export function memberName(member: ts.ObjectLiteralElementLike | ts.TypeElement | undefined) {
  const name = member?.name;
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) {
    return name.text;
  }
  if (ts.isComputedPropertyName(name) && ts.isStringLiteralLike(name.expression)) {
    return name.expression.text;
  }
  return undefined;
}
