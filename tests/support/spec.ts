// Reads the bundled spec the service is built from and finds the operation a request targets.
import { readFileSync } from 'node:fs';

export type Json = Record<string, unknown>;

export interface SpecOperation {
  operationId: string;
  method: string;
  path: string;
  /** JSON pointer of the operation object in the bundled document. */
  pointer: string;
  operation: Json;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

export function loadSpec(file = new URL('../../generated/openapi.json', import.meta.url)): Json {
  return JSON.parse(readFileSync(file, 'utf8')) as Json;
}

export const escapePointer = (segment: string): string =>
  segment.replace(/~/g, '~0').replace(/\//g, '~1');

export function operationsOf(spec: Json): SpecOperation[] {
  const result: SpecOperation[] = [];
  for (const [path, item] of Object.entries((spec.paths ?? {}) as Record<string, Json>)) {
    for (const method of METHODS) {
      const operation = item[method] as Json | undefined;
      if (!operation) continue;
      result.push({
        operationId: String(operation.operationId),
        method: method.toUpperCase(),
        path,
        pointer: `#/paths/${escapePointer(path)}/${method}`,
        operation,
      });
    }
  }
  return result;
}

/** Follows `$ref`s inside the document; returns the target and its pointer. */
export function deref(
  spec: Json,
  value: unknown,
  pointer: string,
): { value: Json; pointer: string } {
  let current = value as Json;
  let at = pointer;
  const seen = new Set<string>();
  while (typeof current?.$ref === 'string') {
    const ref = current.$ref;
    if (!ref.startsWith('#/') || seen.has(ref)) throw new Error(`Unresolvable $ref ${ref}`);
    seen.add(ref);
    at = ref;
    current = ref
      .slice(2)
      .split('/')
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<unknown>((node, key) => (node as Json | undefined)?.[key], spec) as Json;
  }
  return { value: current, pointer: at };
}

/**
 * The operation serving `method path`, matched like a router: a literal segment beats a
 * template segment, so /api/articles/feed is not taken for /api/articles/{slug}.
 */
export function matchOperation(
  operations: readonly SpecOperation[],
  method: string,
  url: string,
): SpecOperation | undefined {
  const path = url.split('?')[0]!.replace(/\/$/, '') || '/';
  const segments = path.split('/');
  let best: { operation: SpecOperation; score: number } | undefined;
  for (const operation of operations) {
    if (operation.method !== method.toUpperCase()) continue;
    const template = operation.path.split('/');
    if (template.length !== segments.length) continue;
    let score = 0;
    const matches = template.every((part, index) => {
      if (/^\{[^}]+\}$/.test(part)) return segments[index] !== '';
      score += 1;
      return part === segments[index];
    });
    if (matches && (!best || score > best.score)) best = { operation, score };
  }
  return best?.operation;
}
