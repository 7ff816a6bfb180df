// Handles every object of the document's structure (OpenAPI 3.1 §4.8), by what it is.
// Walks an OpenAPI 3.x document by structure, telling the visitor what each node is (schema,
// parameter, response...), so rewrites never mistake a property named `parameters` for the
// Parameters list. Reference Objects are visited where they stand; their targets are not followed.
import { asObject, type Json } from '../../src/runtime/json-pointer.js';

export type NodeKind =
  | 'pathItem'
  | 'parameter'
  | 'header'
  | 'requestBody'
  | 'response'
  | 'schema'
  | 'example'
  | 'link'
  | 'callback'
  /** A `{ $ref }` standing where a schema keyword map (`properties`...) belongs: not OpenAPI. */
  | 'schemaMapRef';

/** Return a replacement to put it in the node's place (the walk then continues inside it). */
export type Visitor = (
  kind: NodeKind,
  node: Json,
  at: readonly string[],
) => Json | undefined | void;

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const SUBSCHEMA = [
  'items',
  'additionalItems',
  'additionalProperties',
  'unevaluatedItems',
  'unevaluatedProperties',
  'not',
  'if',
  'then',
  'else',
  'contains',
  'propertyNames',
  'contentSchema',
];
const SUBSCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems', 'items'];
const SUBSCHEMA_MAPS = [
  'properties',
  'patternProperties',
  '$defs',
  'definitions',
  'dependentSchemas',
];

export function walkOpenApi(document: Json, visit: Visitor): void {
  new Walk(visit).document(document);
}

type Holder = Record<string | number, unknown>;

class Walk {
  constructor(private readonly visit: Visitor) {}

  document(doc: Json): void {
    this.each(doc, 'paths', [], (h, k, at) => this.pathItem(h, k, at));
    this.each(doc, 'webhooks', [], (h, k, at) => this.pathItem(h, k, at));
    const components = asObject(doc['components']);
    if (!components) return;
    const at = ['components'];
    this.each(components, 'schemas', at, (h, k, a) => this.schema(h, k, a));
    this.each(components, 'parameters', at, (h, k, a) => this.parameter(h, k, a, 'parameter'));
    this.each(components, 'headers', at, (h, k, a) => this.parameter(h, k, a, 'header'));
    this.each(components, 'responses', at, (h, k, a) => this.response(h, k, a));
    this.each(components, 'requestBodies', at, (h, k, a) => this.requestBody(h, k, a));
    this.each(components, 'examples', at, (h, k, a) => this.node('example', h, k, a));
    this.each(components, 'links', at, (h, k, a) => this.node('link', h, k, a));
    this.each(components, 'callbacks', at, (h, k, a) => this.callback(h, k, a));
    this.each(components, 'pathItems', at, (h, k, a) => this.pathItem(h, k, a));
  }

  /** Visits `holder[key]` as `kind`; returns the (possibly replaced) node and its path. */
  private node(kind: NodeKind, holder: Holder, key: string | number, at: readonly string[]) {
    const original = asObject(holder[key]);
    if (!original) return undefined;
    const here = [...at, String(key)];
    const replacement = this.visit(kind, original, here);
    if (replacement) holder[key] = replacement;
    return { node: replacement ?? original, here };
  }

  /** Calls `each` for every entry of the map `holder[key]`. */
  private each(
    holder: Json,
    key: string,
    at: readonly string[],
    each: (map: Holder, name: string, at: string[]) => void,
  ): void {
    const map = asObject(holder[key]);
    if (!map) return;
    for (const name of Object.keys(map)) each(map, name, [...at, key]);
  }

  private list(
    holder: Json,
    key: string,
    at: readonly string[],
    each: (l: Holder, i: number, at: string[]) => void,
  ): void {
    const list = holder[key];
    if (!Array.isArray(list)) return;
    for (let i = 0; i < list.length; i++) each(list as unknown as Holder, i, [...at, key]);
  }

  private pathItem(holder: Holder, key: string | number, at: readonly string[]): void {
    const visited = this.node('pathItem', holder, key, at);
    if (!visited) return;
    const { node, here } = visited;
    this.list(node, 'parameters', here, (l, i, a) => this.parameter(l, i, a, 'parameter'));
    for (const method of METHODS) {
      const operation = asObject(node[method]);
      if (!operation) continue;
      const opAt = [...here, method];
      this.list(operation, 'parameters', opAt, (l, i, a) => this.parameter(l, i, a, 'parameter'));
      this.requestBody(operation, 'requestBody', opAt);
      this.each(operation, 'responses', opAt, (h, k, a) => this.response(h, k, a));
      this.each(operation, 'callbacks', opAt, (h, k, a) => this.callback(h, k, a));
    }
  }

  private callback(holder: Holder, key: string | number, at: readonly string[]): void {
    const visited = this.node('callback', holder, key, at);
    if (!visited) return;
    for (const expression of Object.keys(visited.node)) {
      this.pathItem(visited.node, expression, visited.here);
    }
  }

  /** Parameter and Header Objects: a `schema`, or a `content` map. */
  private parameter(
    holder: Holder,
    key: string | number,
    at: readonly string[],
    kind: 'parameter' | 'header',
  ): void {
    const visited = this.node(kind, holder, key, at);
    if (!visited) return;
    this.schema(visited.node, 'schema', visited.here);
    this.content(visited.node, visited.here);
    this.each(visited.node, 'examples', visited.here, (h, k, a) => this.node('example', h, k, a));
  }

  private requestBody(holder: Holder, key: string | number, at: readonly string[]): void {
    const visited = this.node('requestBody', holder, key, at);
    if (visited) this.content(visited.node, visited.here);
  }

  private response(holder: Holder, key: string | number, at: readonly string[]): void {
    const visited = this.node('response', holder, key, at);
    if (!visited) return;
    const { node, here } = visited;
    this.each(node, 'headers', here, (h, k, a) => this.parameter(h, k, a, 'header'));
    this.content(node, here);
    this.each(node, 'links', here, (h, k, a) => this.node('link', h, k, a));
  }

  private content(holder: Json, at: readonly string[]): void {
    this.each(holder, 'content', at, (map, mediaType, a) => {
      const media = asObject(map[mediaType]);
      if (!media) return;
      const mediaAt = [...a, mediaType];
      this.schema(media, 'schema', mediaAt);
      this.each(media, 'examples', mediaAt, (h, k, b) => this.node('example', h, k, b));
      this.each(media, 'encoding', mediaAt, (encodings, property, b) => {
        const encoding = asObject(encodings[property]);
        if (!encoding) return;
        this.each(encoding, 'headers', [...b, property], (h, k, c) =>
          this.parameter(h, k, c, 'header'),
        );
      });
    });
  }

  private schema(holder: Holder, key: string | number, at: readonly string[]): void {
    const visited = this.node('schema', holder, key, at);
    if (!visited) return;
    const { node, here } = visited;
    for (const keyword of SUBSCHEMA) {
      if (!Array.isArray(node[keyword])) this.schema(node, keyword, here);
    }
    for (const keyword of SUBSCHEMA_LISTS) {
      this.list(node, keyword, here, (l, i, a) => this.schema(l, i, a));
    }
    for (const keyword of [...SUBSCHEMA_MAPS, 'dependencies']) {
      let map = asObject(node[keyword]);
      if (map && typeof map['$ref'] === 'string') {
        map = this.node('schemaMapRef', node, keyword, here)?.node;
      }
      if (!map) continue;
      // `dependencies` (draft 4-7) mixes schemas with arrays of names; arrays are skipped.
      for (const name of Object.keys(map)) this.schema(map, name, [...here, keyword]);
    }
  }
}
