// JSON Pointer (RFC 6901) helpers and internal `$ref` resolution within one bundled document,
// shared by the generator and the runtime's mock.

export type Json = Record<string, unknown>;

/** A chain of more $refs than this is a cycle. */
const MAX_REF_HOPS = 32;

/** `#/paths/~1users/get` -> ['paths', '/users', 'get']. URI-encoded pointers are decoded. */
export function parsePointer(pointer: string): string[] {
  const hash = safeDecode(pointer.startsWith('#') ? pointer.slice(1) : pointer);
  if (hash === '') return [];
  return hash
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function formatPointer(segments: readonly (string | number)[]): string {
  return `#${segments.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('')}`;
}

/** The value at an internal pointer (`#/...`); undefined when absent or not internal. */
export function getPointer(document: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  let node = document;
  for (const segment of parsePointer(ref)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Json)[segment];
  }
  return node;
}

/** Follows internal `{ $ref }` chains to a non-reference object; undefined when unresolvable. */
export function resolveRefs(document: unknown, value: unknown): Json | undefined {
  let current = asObject(value);
  for (let hops = 0; current && typeof current['$ref'] === 'string'; hops++) {
    if (hops > MAX_REF_HOPS) return undefined;
    current = asObject(getPointer(document, current['$ref']));
  }
  return current;
}

export function asObject(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Json)
    : undefined;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
