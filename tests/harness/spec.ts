// The bundled spec the service is built from, read through the generator's own spec model (the
// one every generated file comes from), and the operation a request targets.
import { readFileSync } from 'node:fs';
import { getPointer } from '../../src/runtime/json-pointer.js';
import {
  readOperations,
  type SpecOperation as ModelOperation,
} from '../../scripts/generator/spec-model.js';

export type Json = Record<string, unknown>;

/** An operation of the model, with its method as sent (`GET`) and its object in the document. */
export interface SpecOperation extends Omit<ModelOperation, 'method'> {
  method: string;
  operation: Json;
}

export function loadSpec(
  file: URL | string = new URL('../../generated/openapi.json', import.meta.url),
): Json {
  return JSON.parse(readFileSync(file, 'utf8')) as Json;
}

export const escapePointer = (segment: string): string =>
  segment.replace(/~/g, '~0').replace(/\//g, '~1');

const models = new WeakMap<Json, SpecOperation[]>();

export function operationsOf(spec: Json): SpecOperation[] {
  let operations = models.get(spec);
  if (!operations) {
    operations = readOperations(spec).operations.map((operation) => ({
      ...operation,
      method: operation.method.toUpperCase(),
      operation: getPointer(spec, operation.pointer) as Json,
    }));
    models.set(spec, operations);
  }
  return operations;
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
