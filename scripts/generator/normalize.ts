// Handles Schema Objects (OpenAPI 3.1 §4.8.24) that are references with siblings.
// Rewrites Schema Objects `{ $ref, ...siblings }` into `{ allOf: [{ $ref }], ...siblings }`.
// fastify-openapi-glue (4.11.4) drops a $ref's sibling keywords at runtime, so a
// `{ $ref: Tag, maxItems: 10 }` would silently stop checking maxItems. Siblings that are pure
// annotations change no validation outcome and are left beside the $ref.
import { formatPointer, type Json } from '../../src/runtime/json-pointer.js';
import { walkOpenApi } from './openapi-walk.js';

/** Sibling keywords that never affect validation; a $ref with only these is left alone. */
export const ANNOTATION_KEYWORDS: ReadonlySet<string> = new Set([
  'description',
  'summary',
  'title',
  'examples',
  'example',
  'deprecated',
  'readOnly',
  'writeOnly',
]);

export interface NormalizeResult<T> {
  document: T;
  /** Pointers (in the result) of every schema that was rewritten, in document order. */
  rewritten: string[];
}

/** Pure: returns a rewritten copy of `document`; the input is not modified. */
export function normalizeSchemaRefs<T extends object>(document: T): NormalizeResult<T> {
  const copy = structuredClone(document);
  const rewritten: string[] = [];
  walkOpenApi(copy as Json, (kind, node, at) => {
    if (kind !== 'schema') return undefined;
    const replacement = rewriteSchemaRef(node);
    if (replacement) rewritten.push(formatPointer(at));
    return replacement;
  });
  return { document: copy, rewritten };
}

/** `{ $ref, ...siblings }` -> `{ allOf: [{ $ref }, ...allOf], ...siblings }` when needed. */
export function rewriteSchemaRef(schema: Json): Json | undefined {
  if (typeof schema['$ref'] !== 'string') return undefined;
  const siblings = Object.keys(schema).filter((key) => key !== '$ref');
  if (siblings.every((key) => ANNOTATION_KEYWORDS.has(key))) return undefined;
  const { $ref, allOf, ...rest } = schema;
  const existing = Array.isArray(allOf) ? (allOf as unknown[]) : [];
  return { allOf: [{ $ref }, ...existing], ...rest };
}
