// Handles the Paths Object (OpenAPI 3.1 §4.8.8), its Path Items (§4.8.9) and their Operations
// (§4.8.10): reads a bundled document into the one model of its operations that every output
// (operation table, scaffold, mock, test helpers) is built from. Internal $refs are resolved,
// path-level parameters merged (§4.8.9.1), security made effective (§4.8.10.1), identifiers
// checked for clashes.
import { operationIdentifier, toPascalIdentifier, upperFirst } from './identifiers.js';
import { asObject, formatPointer, type Json, resolveRefs } from '../../src/runtime/json-pointer.js';
import { type Problem, SpecProblemsError } from './lint-findings.js';
import { cacheExtensions, type CacheExtensions } from './cache-extensions.js';

export const HTTP_METHODS = [
  'get',
  'put',
  'post',
  'delete',
  'options',
  'head',
  'patch',
  'trace',
] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];
export type ParameterLocation = 'path' | 'query' | 'header' | 'cookie';

/** OpenAPI 3: header parameters with these names "SHALL be ignored" (the framework owns them). */
const IGNORED_HEADER_PARAMETERS = new Set(['accept', 'content-type', 'authorization']);

export interface SpecParameter {
  name: string;
  in: ParameterLocation;
  required: boolean;
  /** Its `example`, else the first of its `examples`' values (§4.8.12, §4.8.19). */
  example?: unknown;
}

export interface SpecResponseHeader {
  name: string;
  required: boolean;
}

export interface SpecResponse {
  /** The key as written in the spec: `200`, `4XX`, `default`. */
  key: string;
  kind: 'status' | 'range' | 'default';
  description: string | undefined;
  /** Media types in spec order; empty when the response has no content. */
  contentTypes: string[];
  headers: SpecResponseHeader[];
}

export type SecurityRequirement = Record<string, string[]>;

export interface SpecRequestBody {
  required: boolean;
  contentTypes: string[];
  /** The `example` of its JSON media type, when it has one. */
  example?: unknown;
}

export interface SpecOperation extends CacheExtensions {
  /** The TypeScript identifier: handler method name and key of the operations table. */
  identifier: string;
  /** The operationId in the spec, or the synthesized one when the spec has none. */
  operationId: string;
  /** True when the spec has no operationId; types are then reached through `paths`. */
  synthesized: boolean;
  method: HttpMethod;
  path: string;
  /** JSON pointer of the operation object in the document: `#/paths/~1users/get`. */
  pointer: string;
  summary: string | undefined;
  deprecated: boolean;
  parameters: SpecParameter[];
  requestBody: SpecRequestBody | undefined;
  /** Sorted: numeric statuses ascending, then ranges, then `default`. */
  responses: SpecResponse[];
  /** Effective security: the operation's own list, else the root list, else []. */
  security: SecurityRequirement[];
}

export interface SpecModel {
  operations: SpecOperation[];
  /** Warnings (e.g. synthesized operationIds). Clashes throw instead. */
  problems: Problem[];
}

/** Pure: bundled document in, operations sorted by identifier out. */
export function readOperations(document: object): SpecModel {
  const doc = document as Json;
  const problems: Problem[] = [];
  const operations: SpecOperation[] = [];
  const rootSecurity = Array.isArray(doc['security']) ? securityList(doc['security']) : undefined;
  for (const [path, rawItem] of Object.entries(asObject(doc['paths']) ?? {})) {
    if (path.startsWith('x-')) continue;
    const item = resolveRefs(doc, rawItem);
    if (!item) continue;
    for (const method of HTTP_METHODS) {
      const operation = resolveRefs(doc, item[method]);
      if (!operation) continue;
      const declaredId =
        typeof operation['operationId'] === 'string' ? operation['operationId'] : '';
      const synthesized = declaredId === '';
      const operationId = synthesized ? synthesizeOperationId(method, path) : declaredId;
      if (synthesized) {
        problems.push({
          severity: 'warn',
          rule: 'operations',
          message: `${method.toUpperCase()} ${path} has no operationId; using '${operationId}'`,
        });
      }
      const parameters = mergeParameters(doc, item['parameters'], operation['parameters']);
      const where = `${method.toUpperCase()} ${path}`;
      operations.push({
        identifier: operationIdentifier(operationId),
        operationId,
        synthesized,
        method,
        path,
        pointer: formatPointer(['paths', path, method]),
        summary: typeof operation['summary'] === 'string' ? operation['summary'] : undefined,
        deprecated: operation['deprecated'] === true,
        parameters,
        requestBody: requestBodyOf(doc, operation['requestBody']),
        responses: responsesOf(doc, operation['responses'], where),
        security: Array.isArray(operation['security'])
          ? securityList(operation['security'])
          : (rootSecurity ?? []),
        ...cacheExtensions(
          operation,
          method,
          parameters.filter((p) => p.in === 'path').map((p) => p.name),
          where,
        ),
      });
    }
  }
  operations.sort((a, b) => compare(a.identifier, b.identifier));
  checkClashes(operations);
  return { operations, problems };
}

/**
 * `GET /v2/droplets/{droplet_id}/actions` -> `getV2DropletsByDropletIdActions`. Stable: it
 * depends on the method and path only. (openapi-typescript itself inlines such operations under
 * `paths` instead of naming them; the generator indexes them there.)
 */
export function synthesizeOperationId(method: HttpMethod, path: string): string {
  const words = path
    .split('/')
    .filter(Boolean)
    .map((segment) => {
      const parameter = /^\{(.+)\}$/.exec(segment);
      return parameter
        ? `By${toPascalIdentifier(parameter[1] ?? '')}`
        : toPascalIdentifier(segment);
    });
  return `${method}${words.join('')}`;
}

function checkClashes(operations: SpecOperation[]): void {
  const problems: Problem[] = [];
  const byName = new Map<string, SpecOperation>();
  for (const operation of operations) {
    const where = `${operation.method.toUpperCase()} ${operation.path}`;
    if (operation.identifier === '' || operation.identifier === '__proto__') {
      problems.push({
        severity: 'error',
        rule: 'operations',
        message: `operationId '${operation.operationId}' (${where}) gives no usable TypeScript name`,
      });
      continue;
    }
    // Handler names and type names (`<Name>Request`) must both be unique.
    for (const name of new Set([operation.identifier, upperFirst(operation.identifier)])) {
      const other = byName.get(name);
      if (other && other !== operation) {
        problems.push({
          severity: 'error',
          rule: 'operations',
          message:
            `operationIds '${other.operationId}' (${other.method.toUpperCase()} ${other.path}) and ` +
            `'${operation.operationId}' (${where}) both become the TypeScript name '${name}'`,
        });
      }
      byName.set(name, operation);
    }
  }
  if (problems.length > 0) throw new SpecProblemsError('operations', problems);
}

function mergeParameters(doc: Json, pathLevel: unknown, operationLevel: unknown): SpecParameter[] {
  const merged = new Map<string, SpecParameter>();
  for (const list of [pathLevel, operationLevel]) {
    if (!Array.isArray(list)) continue;
    for (const raw of list) {
      const parameter = resolveRefs(doc, raw);
      const name = parameter?.['name'];
      const location = parameter?.['in'];
      if (typeof name !== 'string' || !isLocation(location)) continue;
      if (location === 'header' && IGNORED_HEADER_PARAMETERS.has(name.toLowerCase())) continue;
      const example = exampleOf(doc, parameter);
      merged.set(`${location}:${name}`, {
        name,
        in: location,
        required: location === 'path' || parameter?.['required'] === true,
        ...(example === undefined ? {} : { example }),
      });
    }
  }
  return [...merged.values()];
}

function requestBodyOf(doc: Json, raw: unknown): SpecOperation['requestBody'] {
  const body = resolveRefs(doc, raw);
  if (!body) return undefined;
  const content = asObject(body['content']) ?? {};
  const example = exampleOf(doc, resolveRefs(doc, content['application/json']));
  return {
    required: body['required'] === true,
    contentTypes: Object.keys(content),
    ...(example === undefined ? {} : { example }),
  };
}

/** `example`, else the first named example's `value` (Parameter and Media Type Objects). */
function exampleOf(doc: Json, owner: Json | undefined): unknown {
  if (!owner) return undefined;
  if (owner['example'] !== undefined) return owner['example'];
  const first = Object.values(asObject(owner['examples']) ?? {})[0];
  return resolveRefs(doc, first)?.['value'];
}

function responsesOf(doc: Json, raw: unknown, where: string): SpecResponse[] {
  const responses: SpecResponse[] = [];
  for (const [key, rawResponse] of Object.entries(asObject(raw) ?? {})) {
    if (key.startsWith('x-')) continue;
    const kind = responseKind(key);
    if (!kind) {
      throw new SpecProblemsError('operations', [
        {
          severity: 'error',
          rule: 'operations',
          message: `${where}: unknown response key '${key}'`,
        },
      ]);
    }
    const response = resolveRefs(doc, rawResponse) ?? {};
    const headers: SpecResponseHeader[] = [];
    for (const [name, rawHeader] of Object.entries(asObject(response['headers']) ?? {})) {
      // OpenAPI 3: a response header named Content-Type is ignored.
      if (name.toLowerCase() === 'content-type') continue;
      headers.push({ name, required: resolveRefs(doc, rawHeader)?.['required'] === true });
    }
    responses.push({
      key,
      kind,
      description:
        typeof response['description'] === 'string' ? response['description'] : undefined,
      contentTypes: Object.keys(asObject(response['content']) ?? {}),
      headers,
    });
  }
  return responses.sort((a, b) => responseOrder(a) - responseOrder(b) || compare(a.key, b.key));
}

function responseKind(key: string): SpecResponse['kind'] | undefined {
  if (/^[1-5][0-9][0-9]$/.test(key)) return 'status';
  if (/^[1-5]XX$/i.test(key)) return 'range';
  if (key === 'default') return 'default';
  return undefined;
}

function responseOrder(response: SpecResponse): number {
  if (response.kind === 'status') return Number(response.key);
  if (response.kind === 'range') return 1000 + Number(response.key[0]);
  return 2000;
}

function securityList(list: unknown[]): SecurityRequirement[] {
  return list.map((entry) => {
    const requirement: SecurityRequirement = {};
    for (const [scheme, scopes] of Object.entries(asObject(entry) ?? {})) {
      requirement[scheme] = Array.isArray(scopes) ? scopes.map(String) : [];
    }
    return requirement;
  });
}

function isLocation(value: unknown): value is ParameterLocation {
  return value === 'path' || value === 'query' || value === 'header' || value === 'cookie';
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
