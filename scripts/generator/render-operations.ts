// Renders operations.ts from the Operation Objects (OpenAPI 3.1 §4.8.10) of the spec model:
// per-operation request types and response unions, the Handlers interface and the operations
// table the runtime routes from. Pure: model in, TypeScript out. Every member type indexes
// openapi-typescript's output (./types.js) instead of re-deriving schemas, so the two generated
// files cannot disagree; the table's shape is the runtime's own type (OperationInfo), imported.
import { docText, indexKey, propertyKey, tsString, upperFirst } from './identifiers.js';
import { operationEntry, type OperationEntry } from './operation-table.js';
import { RUNTIME_RESPONSE_HEADERS } from '../../src/runtime/http-caching.js';
import type { SecurityRequirement, SpecModel, SpecOperation, SpecResponse } from './spec-model.js';

const RANGE_DIGITS = ['1', '2', '3', '4', '5'] as const;

export interface OperationsOptions {
  /** Import specifier of the runtime's types module, as seen from the output folder. */
  runtimeTypes: string;
}

/** Returns the file body (the caller prepends the DO-NOT-EDIT header). */
export function renderOperations(model: SpecModel, options: OperationsOptions): string {
  const { operations } = model;
  const usesPaths = operations.some((op) => op.synthesized);
  const usedRanges = new Set(
    operations.flatMap((op) =>
      op.responses.filter((r) => r.kind === 'range').map((r) => r.key[0] ?? ''),
    ),
  );

  const out: string[] = [];
  const specImports = [
    'operations as SpecOperations',
    ...(usesPaths ? ['paths as SpecPaths'] : []),
  ];
  out.push(`import type { OperationInfo } from ${tsString(options.runtimeTypes)};`);
  out.push(`import type { ${specImports.join(', ')} } from './types.js';`, '');
  out.push(...preamble(usedRanges));
  for (const operation of operations) {
    out.push(...requestType(operation), '', ...responseType(operation), '');
  }
  out.push(...handlersInterface(operations), '', ...operationsTable(operations), '');
  out.push('export type OperationId = keyof typeof operations;');
  return `${out.join('\n')}\n`;
}

function preamble(usedRanges: Set<string>): string[] {
  const lines: string[] = [];
  for (const digit of RANGE_DIGITS) {
    if (!usedRanges.has(digit)) continue;
    const statuses = Array.from({ length: 100 }, (_, i) => String(Number(digit) * 100 + i));
    lines.push(`/** Every status a \`${digit}XX\` response admits. */`);
    lines.push(`export type Status${digit}XX = ${statuses.join(' | ')};`, '');
  }
  return lines;
}

/** `SpecOperations['CreateUser']`, or `SpecPaths['/x']['get']` for an operation without id. */
function specType(operation: SpecOperation): string {
  if (operation.synthesized) {
    return `SpecPaths${indexKey(operation.path)}${indexKey(operation.method)}`;
  }
  // openapi-typescript replaces `#` in operationIds with `/`.
  return `SpecOperations${indexKey(operation.operationId.replace(/#/g, '/'))}`;
}

/** The names of an operation's generated request and response types. */
export function typeName(operation: SpecOperation, suffix: 'Request' | 'Response'): string {
  return `${upperFirst(operation.identifier)}${suffix}`;
}

function title(operation: SpecOperation): string {
  const route = `${operation.method.toUpperCase()} ${operation.path}`;
  const summary = operation.summary ? docText(operation.summary) : '';
  return docText(summary ? `${route} — ${summary}` : route);
}

function requestType(operation: SpecOperation): string[] {
  const base = specType(operation);
  const parameters = (location: 'path' | 'query' | 'cookie') =>
    operation.parameters.some((p) => p.in === location)
      ? `NonNullable<${base}['parameters']['${location}']>`
      : 'Record<string, never>';

  const lines = [
    `/** ${title(operation)} */`,
    `export interface ${typeName(operation, 'Request')}<P = unknown> {`,
  ];
  lines.push(`  params: ${parameters('path')};`);
  lines.push(`  query: ${parameters('query')};`);
  lines.push(...requestHeaders(operation, base));
  if (operation.parameters.some((p) => p.in === 'cookie')) {
    lines.push(`  cookies: ${parameters('cookie')};`);
  }
  lines.push(`  body: ${requestBody(operation, base)};`);
  // Every server has one; handlers need it for records that point back at the logs (audit).
  lines.push("  /** This request's id, as logged and sent back in the X-Request-Id header. */");
  lines.push('  requestId: string;');
  // Abuse budgets and audit records count by address; behind proxies only trusted hops count.
  lines.push("  /** The client's IP address (through the proxies the server is told to trust). */");
  lines.push('  clientIp: string;');
  const auth = authentication(operation.security);
  if (auth === 'required') lines.push('  principal: P;');
  if (auth === 'optional') lines.push('  principal?: P | undefined;');
  lines.push('}');
  return lines;
}

/** Node lower-cases incoming header names, so the keys are lower-case; types index the spec's. */
function requestHeaders(operation: SpecOperation, base: string): string[] {
  const seen = new Set<string>();
  const members: string[] = [];
  for (const parameter of operation.parameters) {
    const key = parameter.name.toLowerCase();
    if (parameter.in !== 'header' || seen.has(key)) continue;
    seen.add(key);
    const type = `NonNullable<${base}['parameters']['header']>${indexKey(parameter.name)}`;
    members.push(`    ${propertyKey(key)}${parameter.required ? '' : '?'}: ${type};`);
  }
  if (members.length === 0) return ['  headers: Record<string, never>;'];
  return ['  headers: {', ...members, '  };'];
}

/** The application/json body when declared, else the first media type's. */
function requestBody(operation: SpecOperation, base: string): string {
  const body = operation.requestBody;
  const contentType = body?.contentTypes.includes('application/json')
    ? 'application/json'
    : body?.contentTypes[0];
  if (!body || contentType === undefined) return 'undefined';
  const type = `NonNullable<${base}['requestBody']>['content']${indexKey(contentType)}`;
  return body.required ? type : `${type} | undefined`;
}

type Authentication = 'none' | 'required' | 'optional';

/** `{}` in the list lets anonymous callers through; a list of only `{}` needs no principal. */
export function authentication(security: readonly SecurityRequirement[]): Authentication {
  const anonymous = security.some((requirement) => Object.keys(requirement).length === 0);
  const authenticated = security.some((requirement) => Object.keys(requirement).length > 0);
  if (!authenticated) return 'none';
  return anonymous ? 'optional' : 'required';
}

function responseType(operation: SpecOperation): string[] {
  const name = typeName(operation, 'Response');
  const members = operation.responses.flatMap((response) => responseMembers(operation, response));
  if (members.length === 0) return [`export type ${name} = never;`];
  return [
    `export type ${name} =`,
    ...members.map((m, i) => `  | ${m}${i === members.length - 1 ? ';' : ''}`),
  ];
}

function responseMembers(operation: SpecOperation, response: SpecResponse): string[] {
  const base = `${specType(operation)}['responses']${indexKey(response.key)}`;
  const fields: string[] = [`status: ${statusType(operation, response)}`];
  const headers = responseHeaders(response, base);
  // `body?: never`: an inferred handler return type gets no excess-property check, so without
  // it `{ status: 204, body: x }` would compile.
  if (response.contentTypes.length === 0) {
    return [`{ ${[...fields, 'body?: never', ...headers].join('; ')} }`];
  }
  const several = response.contentTypes.length > 1;
  return response.contentTypes.map((contentType) => {
    const body = `body: ${base}['content']${indexKey(contentType)}`;
    const own = several ? [`contentType: ${tsString(contentType)}`, body] : [body];
    return `{ ${[...fields, ...own, ...headers].join('; ')} }`;
  });
}

/** Headers the runtime sets (http-caching.ts) are optional for handlers, required or not on
 * the wire. */
function responseHeaders(response: SpecResponse, base: string): string[] {
  if (response.headers.length === 0) return [];
  const handlerSets = (h: SpecResponse['headers'][number]) =>
    h.required && !RUNTIME_RESPONSE_HEADERS.has(h.name.toLowerCase());
  const members = response.headers.map(
    (h) =>
      `${propertyKey(h.name)}${handlerSets(h) ? '' : '?'}: ${base}['headers']${indexKey(h.name)}`,
  );
  const required = response.headers.some(handlerSets);
  return [`headers${required ? '' : '?'}: { ${members.join('; ')} }`];
}

/**
 * `200` -> `200`; `4XX` -> the 4XX statuses minus those documented on their own (their own
 * member wins); `default` -> `number`: default admits any status, documented ones included.
 */
function statusType(operation: SpecOperation, response: SpecResponse): string {
  if (response.kind === 'status') return response.key;
  if (response.kind === 'default') return 'number';
  const digit = response.key[0] ?? '';
  const explicit = operation.responses
    .filter((r) => r.kind === 'status' && r.key[0] === digit)
    .map((r) => r.key);
  const range = `Status${digit}XX`;
  return explicit.length === 0 ? range : `Exclude<${range}, ${explicit.join(' | ')}>`;
}

function handlersInterface(operations: readonly SpecOperation[]): string[] {
  const lines = [
    '/** One method per operation; implement it and the compiler checks every status and body. */',
    'export interface Handlers<P = unknown> {',
  ];
  for (const operation of operations) {
    const tags = operation.deprecated ? ' @deprecated' : '';
    lines.push(`  /** ${title(operation)}${tags} */`);
    lines.push(
      `  ${operation.identifier}(request: ${typeName(operation, 'Request')}<P>): Promise<${typeName(operation, 'Response')}>;`,
    );
  }
  lines.push('}');
  return lines;
}

function operationsTable(operations: readonly SpecOperation[]): string[] {
  const lines = ['export const operations = {'];
  for (const operation of operations) {
    const entry = operationEntry(operation);
    lines.push(
      `  ${operation.identifier}: {`,
      `    operationId: ${tsString(entry.operationId)},`,
      `    method: '${entry.method}',`,
      `    path: ${tsString(entry.path)},`,
      `    security: ${securityLiteral(entry.security)},`,
      `    requestContentTypes: ${stringList(entry.requestContentTypes)},`,
      `    bodyRequired: ${entry.bodyRequired},`,
      `    responses: ${listsLiteral(entry.responses)},`,
      `    responseHeaders: ${listsLiteral(entry.responseHeaders)},`,
      ...(entry.cacheScopes ? [`    cacheScopes: ${stringList(entry.cacheScopes)},`] : []),
      ...(entry.sharedMaxAge !== undefined ? [`    sharedMaxAge: ${entry.sharedMaxAge},`] : []),
      ...(entry.invalidates ? [`    invalidates: ${stringList(entry.invalidates)},`] : []),
      '  },',
    );
  }
  lines.push('} as const satisfies Record<keyof Handlers, OperationInfo>;');
  return lines;
}

function securityLiteral(security: OperationEntry['security']): string {
  const entries = security.map((requirement) => {
    const schemes = Object.entries(requirement).map(
      ([scheme, scopes]) => `${propertyKey(scheme)}: ${stringList(scopes)}`,
    );
    return schemes.length === 0 ? '{}' : `{ ${schemes.join(', ')} }`;
  });
  return `[${entries.join(', ')}]`;
}

/** `{ 200: ['application/json'], default: [] }`: status key -> strings. */
function listsLiteral(lists: Readonly<Record<string, readonly string[]>>): string {
  const entries = Object.entries(lists).map(([key, values]) => {
    return `${/^\d+$/.test(key) ? key : propertyKey(key)}: ${stringList(values)}`;
  });
  return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
}

function stringList(values: readonly string[]): string {
  return `[${values.map(tsString).join(', ')}]`;
}
