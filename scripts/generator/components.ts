// Handles the Components Object (OpenAPI 3.1 §4.8.7) and Reference Objects (§4.8.23).
// Moves every $ref target that swagger-parser left outside #/components/ into components, so all
// internal refs point there. swagger-parser inlines a file at its first use (say under
// #/paths/...) and points the other uses at that spot; openapi-typescript then emits indexed
// types like `paths["/x"]["get"]["requestBody"]["content"]["application/json"]["schema"]`,
// which do not type-check. Components are named after the file the value came from.
import path from 'node:path';
import {
  asObject,
  formatPointer,
  getPointer,
  type Json,
  parsePointer,
  resolveRefs,
} from '../../src/runtime/json-pointer.js';
import { type NodeKind, walkOpenApi } from './openapi-walk.js';

const COMPONENT_MAP: Partial<Record<NodeKind, string>> = {
  schema: 'schemas',
  parameter: 'parameters',
  header: 'headers',
  requestBody: 'requestBodies',
  response: 'responses',
  pathItem: 'pathItems',
  example: 'examples',
  link: 'links',
  callback: 'callbacks',
};

/** Where a bundled object was written: its file and the pointer inside that file. */
export interface Origin {
  file: string;
  pointer: string;
}

export interface Hoisted {
  /** Where the value was (and where a $ref to the component now stands). */
  from: string;
  to: string;
  origin: Origin | undefined;
}

export interface ComponentizeResult {
  hoisted: Hoisted[];
  /** `{ $ref }` objects standing for a whole `properties` (etc.) map, replaced by a copy. */
  inlined: string[];
}

/** Mutates `document`. `origins` maps bundled objects to their source (for naming). */
export function componentizeRefs(
  document: Json,
  origins: ReadonlyMap<unknown, Origin>,
): ComponentizeResult {
  const inlined = inlineSchemaMapRefs(document);

  const kinds = new Map<string, NodeKind>();
  walkOpenApi(document, (kind, _node, at) => void kinds.set(formatPointer(at), kind));
  // Targets of unknown kind stay put (refsOutsideComponents reports them); refs *into* a
  // hoisted value are rewritten below whatever they point at.
  const componentOf = (target: string) => {
    const kind = kinds.get(target);
    return kind === undefined ? undefined : COMPONENT_MAP[kind];
  };
  const targets = [...collectRefTargets(document)]
    .filter((target) => !target.startsWith('#/components/') && componentOf(target))
    .sort(compare);
  if (targets.length === 0) return { hoisted: [], inlined };

  const components = (asObject(document['components']) ?? {}) as Json;
  document['components'] = components;
  const taken = new Set<string>();
  for (const [kind, map] of Object.entries(components)) {
    for (const name of Object.keys(asObject(map) ?? {})) taken.add(`${kind}/${name}`);
  }
  // Names are given shallow-first (in pointer order), values are moved deepest-first so a value
  // nested in another target is already a $ref when its container moves.
  const hoisted = targets.map((from): Hoisted => {
    const kind = componentOf(from) as string;
    const origin = origins.get(getPointer(document, from));
    const name = uniqueName(kind, baseName(from, origin), taken);
    return { from, to: formatPointer(['components', kind, name]), origin };
  });
  for (const entry of [...hoisted].sort(
    (a, b) => depth(b.from) - depth(a.from) || compare(a.from, b.from),
  )) {
    const [, kind, name] = parsePointer(entry.to) as [string, string, string];
    const fromSegments = parsePointer(entry.from);
    const parent = getPointer(document, formatPointer(fromSegments.slice(0, -1))) as Record<
      string,
      unknown
    >;
    const key = fromSegments.at(-1) as string;
    const map = (asObject(components[kind]) ?? {}) as Json;
    components[kind] = map;
    map[name] = parent[key];
    parent[key] = { $ref: entry.to };
  }
  rewriteRefs(document, new Map(hoisted.map((h) => [h.from, parsePointer(h.to)])));
  return { hoisted, inlined };
}

/** Every internal $ref that is not to components, after hoisting: should be none. */
export function refsOutsideComponents(document: Json): string[] {
  return [...collectRefTargets(document)]
    .filter((ref) => !ref.startsWith('#/components/'))
    .sort(compare);
}

function inlineSchemaMapRefs(document: Json): string[] {
  const inlined: string[] = [];
  walkOpenApi(document, (kind, node, at) => {
    if (kind !== 'schemaMapRef') return undefined;
    const target = resolveRefs(document, node);
    if (!target) return undefined;
    inlined.push(formatPointer(at));
    return structuredClone(target);
  });
  return inlined;
}

/** Internal $ref targets (canonical pointers) and internal discriminator mapping values. */
function collectRefTargets(document: Json): Set<string> {
  const targets = new Set<string>();
  forEachRef(document, (ref) => {
    if (ref.startsWith('#')) targets.add(formatPointer(parsePointer(ref)));
    return undefined;
  });
  return targets;
}

/** Calls `change` for every $ref (and discriminator mapping value); a string return replaces it. */
function forEachRef(document: Json, change: (ref: string) => string | undefined): void {
  walkOpenApi(document, (kind, node) => {
    if (typeof node['$ref'] === 'string') {
      const next = change(node['$ref']);
      if (next !== undefined) node['$ref'] = next;
    }
    if (kind !== 'schema') return;
    const mapping = asObject(asObject(node['discriminator'])?.['mapping']);
    for (const [key, value] of Object.entries(mapping ?? {})) {
      if (typeof value !== 'string' || !value.startsWith('#')) continue;
      const next = change(value);
      if (next !== undefined && mapping) mapping[key] = next;
    }
  });
}

/** A ref to a hoisted location, or into one, follows the value to its component. */
function rewriteRefs(document: Json, moved: ReadonlyMap<string, string[]>): void {
  forEachRef(document, (ref) => {
    if (!ref.startsWith('#') || ref.startsWith('#/components/')) return undefined;
    const segments = parsePointer(ref);
    for (let length = segments.length; length > 0; length--) {
      const target = moved.get(formatPointer(segments.slice(0, length)));
      if (target) return formatPointer([...target, ...segments.slice(length)]);
    }
    return undefined;
  });
}

/** Pointer segments that say where something sits, not what it is. */
const STRUCTURAL = new Set([
  'schema',
  'items',
  'properties',
  'allOf',
  'anyOf',
  'oneOf',
  'not',
  'additionalProperties',
  'content',
  'parameters',
  'responses',
  'requestBody',
  'headers',
]);

/**
 * `models/droplet.yml` -> `droplet`; `parameters.yml#/droplet_id` -> `droplet_id`;
 * `droplet.yml#/allOf/0` -> `droplet_allOf_0`. Without a source file: the pointer's last
 * segments the same way.
 */
function baseName(from: string, origin: Origin | undefined): string {
  const file = origin ? path.basename(origin.file).replace(/\.(ya?ml|json)$/i, '') : '';
  const segments = parsePointer(origin ? origin.pointer : from);
  const last = segments.at(-1);
  let name: string;
  if (last === undefined) name = file;
  else if (!/^\d+$/.test(last) && !STRUCTURAL.has(last)) name = last;
  else {
    // Walk back to the nearest segment that names something, and keep the path from there.
    let start = segments.length - 1;
    while (
      start > 0 &&
      (/^\d+$/.test(segments[start] ?? '') || STRUCTURAL.has(segments[start] ?? ''))
    ) {
      start--;
    }
    name = [file, ...segments.slice(start)].filter(Boolean).join('_');
  }
  // Component names must match ^[a-zA-Z0-9.\-_]+$ (OpenAPI 3).
  return name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '') || 'Inline';
}

function uniqueName(kind: string, base: string, taken: Set<string>): string {
  let name = base;
  for (let n = 2; taken.has(`${kind}/${name}`); n++) name = `${base}_${n}`;
  taken.add(`${kind}/${name}`);
  return name;
}

function depth(pointer: string): number {
  return parsePointer(pointer).length;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
