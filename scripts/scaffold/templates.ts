// The files `make scaffold` writes. Pure: operations in, TypeScript out; the caller formats it
// with the project's Prettier settings.
//
// - a stub per pending operation (src/conduit/handlers/pending/<Id>.ts), typed with the generated
//   request and response types, that throws NotImplementedError: the app's error handler
//   answers it with a 501 problem. Throwing needs no 501 in the response union, so the
//   Handlers interface stays exactly the spec, for stubs and implemented operations alike.
// - the registry (src/conduit/handlers/pending/index.ts) that src/conduit/handlers/index.ts spreads;
// - a contract-test file per new operation with one pending case per documented status.
import { tsString } from '../generator/identifiers.js';
import type { ScaffoldOperation } from './scaffold-operations.js';

export const REGISTRY_HEADER_LINE =
  '// DO NOT EDIT. Rewritten by `make scaffold` from the stubs in this folder.';

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

function route(operation: ScaffoldOperation): string {
  const summary = operation.summary ? ` (${oneLine(operation.summary)})` : '';
  return `${operation.method} ${operation.path}${summary}`;
}

/** Names a stub's function may not take (reserved words, the names the files import). */
const RESERVED = new Set(
  (
    'Handlers Principal NotImplementedError ' +
    'break case catch class const continue debugger default delete do else enum export extends ' +
    'false finally for function if import in instanceof new null return super switch this throw ' +
    'true try typeof var void while with implements interface let package private protected ' +
    'public static yield await arguments eval'
  ).split(' '),
);

/** The exported name of an operation's stub: its id, unless that is a reserved word. */
export function stubName(id: string): string {
  return RESERVED.has(id) ? `${id}Stub` : id;
}

export function renderStub(operation: ScaffoldOperation): string {
  const { id, requestType, responseType } = operation;
  return `// Scaffolded by \`make scaffold\`: ${id}, ${route(operation)}.
// It answers 501 Not Implemented (/problems/not-implemented) until the operation has a
// handler. To implement it, add the operation to a handler module under src/conduit/handlers/,
// where the compiler checks it against the spec, then delete this file and run \`make scaffold\`.
// If the operation leaves the spec, this file stops compiling: delete it.
import type { ${requestType}, ${responseType} } from '../../../../generated/operations.js';
import type { Principal } from '../../http/authentication.js';
import { NotImplementedError } from '../../../runtime/error-handler.js';

export async function ${stubName(id)}(_request: ${requestType}<Principal>): Promise<${responseType}> {
  throw new NotImplementedError(${tsString(operation.operationId)});
}
`;
}

/** `ids`: the pending operations whose stub exists, in any order. */
export function renderRegistry(ids: readonly string[]): string {
  const sorted = [...ids].sort();
  const imports = sorted.map((id) => `import { ${stubName(id)} } from './${id}.js';`);
  const members = sorted.map((id) => (stubName(id) === id ? id : `${id}: ${stubName(id)}`));
  return `${REGISTRY_HEADER_LINE}
// The operations no handwritten module under src/conduit/handlers/ implements yet, each answered by its
// stub here (501 Not Implemented). src/conduit/handlers/index.ts spreads these before the handwritten
// handlers, so an implementation always wins. After implementing an operation, delete its stub
// and run \`make scaffold\`.
import type { Handlers } from '../../../../generated/operations.js';
import type { Principal } from '../../http/authentication.js';
${imports.join('\n')}${imports.length > 0 ? '\n' : ''}
// \`satisfies\`, not a type annotation: the object keeps its exact keys for the spread, and a
// stub whose operation left the spec is an error here.
export const pendingHandlers = ${members.length > 0 ? `{ ${members.join(', ')} }` : '{}'} satisfies Partial<Handlers<Principal>>;
`;
}

export function renderPendingTest(operation: ScaffoldOperation): string {
  const cases = operation.responses.map(({ status, description }) => {
    const name = `answers ${status}${description ? `: ${description}` : ''}`;
    return `  it.todo(${tsString(name)});`;
  });
  return `// Scaffolded by \`make scaffold\`: ${operation.id}, ${route(operation)}.
// The operation has no contract tests yet: one pending case per documented status, and the
// coverage gate fails on the same (operation, status) pairs until they are exercised. Write
// the tests in the contract test file of the operation's tag, then delete this file.
import { describe, it } from '@jest/globals';

describe(${tsString(`${operation.id}: ${route(operation)}`)}, () => {
${cases.join('\n')}
});
`;
}
