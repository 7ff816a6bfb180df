// A value valid against a JSON Schema (2020-12, as OpenAPI 3.1 uses it), for mock answers with
// no example in the spec. Annotations the author wrote win (const, examples, default, enum);
// otherwise the value is built from the keywords, smallest valid first. Patterns are not
// solved: a few common shapes are tried, and a schema whose pattern none matches needs an
// example in the spec.
import { resolveRefs } from './json-pointer.js';

type Schema = Record<string, unknown>;

/** Past this depth, optional properties are left out, arrays are as short as allowed, and a
 * nullable value is null, so a recursive schema ends. */
const MAX_DEPTH = 4;
/** A schema that recurses through required, non-nullable members has no finite value. */
const GIVE_UP_DEPTH = 32;

export function sampleSchema(document: object, schema: unknown, depth = 0): unknown {
  const node = resolveRefs(document, schema);
  if (node === undefined || depth > GIVE_UP_DEPTH) return {};
  if ('const' in node) return node.const;
  if (Array.isArray(node.examples) && node.examples.length > 0) return node.examples[0];
  if ('example' in node) return node.example;
  if ('default' in node) return node.default;
  if (Array.isArray(node.enum) && node.enum.length > 0) return node.enum[0];
  if (Array.isArray(node.allOf)) return mergeAll(document, node, depth);
  const choice = firstChoice(document, node, depth >= MAX_DEPTH);
  if (choice !== undefined) return sampleSchema(document, choice, depth);
  switch (typeOf(node, depth >= MAX_DEPTH)) {
    case 'object':
      return sampleObject(document, node, depth);
    case 'array':
      return sampleArray(document, node, depth);
    case 'string':
      return sampleString(node);
    case 'integer':
      return sampleNumber(node, true);
    case 'number':
      return sampleNumber(node, false);
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return {};
  }
}

function typeOf(node: Schema, deep: boolean): string | undefined {
  const { type } = node;
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) {
    return deep && type.includes('null') ? 'null' : (type.find((t) => t !== 'null') ?? 'null');
  }
  if (node.properties || node.additionalProperties) return 'object';
  if (node.items) return 'array';
  return undefined;
}

/** The first member of oneOf/anyOf that is not just `null` (a value, not an absence), unless
 * the value is deep enough that null should end it. */
function firstChoice(document: object, node: Schema, deep: boolean): unknown {
  const members = (node.oneOf ?? node.anyOf) as unknown[] | undefined;
  if (!Array.isArray(members) || members.length === 0) return undefined;
  const isNull = (member: unknown) => resolveRefs(document, member)?.type === 'null';
  return (deep ? members.find(isNull) : undefined) ?? members.find((m) => !isNull(m)) ?? members[0];
}

function mergeAll(document: object, node: Schema, depth: number): unknown {
  const { allOf, ...rest } = node;
  let merged: unknown = undefined;
  for (const member of [...(allOf as unknown[]), ...(Object.keys(rest).length > 0 ? [rest] : [])]) {
    const value = sampleSchema(document, member, depth);
    merged = isRecord(merged) && isRecord(value) ? { ...merged, ...value } : (merged ?? value);
  }
  return merged ?? {};
}

function sampleObject(document: object, node: Schema, depth: number): Record<string, unknown> {
  const properties = (node.properties ?? {}) as Record<string, unknown>;
  const required = new Set(Array.isArray(node.required) ? (node.required as string[]) : []);
  const value: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(properties)) {
    if (!required.has(name) && depth >= MAX_DEPTH) continue;
    value[name] = sampleSchema(document, property, depth + 1);
  }
  return value;
}

function sampleArray(document: object, node: Schema, depth: number): unknown[] {
  const min = typeof node.minItems === 'number' ? node.minItems : 0;
  const max = typeof node.maxItems === 'number' ? node.maxItems : Infinity;
  const count = Math.min(max, Math.max(min, depth >= MAX_DEPTH ? 0 : 1));
  const items = Array.from({ length: count }, () => sampleSchema(document, node.items, depth + 1));
  // A uniqueItems array of equal samples is invalid past one item; numbers can be told apart.
  if (node.uniqueItems === true && items.length > 1) {
    return items.map((item, index) => (typeof item === 'number' ? item + index : item));
  }
  return items;
}

const FORMATS: Record<string, string> = {
  'date-time': '2024-01-01T00:00:00.000Z',
  date: '2024-01-01',
  time: '00:00:00Z',
  email: 'user@example.com',
  uri: 'https://example.com/',
  url: 'https://example.com/',
  'uri-reference': '/example',
  uuid: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
  hostname: 'example.com',
  ipv4: '192.0.2.1',
  ipv6: '2001:db8::1',
};

const PATTERN_CANDIDATES = ['string', 'abc', 'a', 'a1', 'example', 'Ab1!', 'ABC', '1'];

function sampleString(node: Schema): string {
  const format = typeof node.format === 'string' ? FORMATS[node.format] : undefined;
  const fitted = (text: string) => fitLength(text, node);
  if (format !== undefined) return format;
  if (typeof node.pattern !== 'string') return fitted('string');
  let pattern: RegExp;
  try {
    pattern = new RegExp(node.pattern, 'u');
  } catch {
    return fitted('string');
  }
  const candidates = PATTERN_CANDIDATES.map(fitted);
  return candidates.find((text) => pattern.test(text)) ?? candidates[0]!;
}

function fitLength(text: string, node: Schema): string {
  const min = typeof node.minLength === 'number' ? node.minLength : 0;
  const max = typeof node.maxLength === 'number' ? node.maxLength : Infinity;
  const long = text.length < min ? text.padEnd(min, text) : text;
  return long.slice(0, Math.max(min, Math.min(max, long.length)));
}

function sampleNumber(node: Schema, integer: boolean): number {
  const step = typeof node.multipleOf === 'number' ? node.multipleOf : integer ? 1 : 0;
  let low = -Infinity;
  let high = Infinity;
  if (typeof node.minimum === 'number') low = node.minimum;
  if (typeof node.exclusiveMinimum === 'number')
    low = Math.max(low, node.exclusiveMinimum + (step || 1e-9));
  if (typeof node.maximum === 'number') high = node.maximum;
  if (typeof node.exclusiveMaximum === 'number')
    high = Math.min(high, node.exclusiveMaximum - (step || 1e-9));
  let value = Math.min(high, Math.max(low, integer ? 1 : 1.5));
  if (step > 0) {
    value = Math.ceil(value / step) * step;
    if (value > high) value -= step;
  }
  return integer ? Math.round(value) : value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
