// Spec quality for the people who read it: every operation and schema is described and
// exemplified, every example is valid against its own schema, and every list's body is bounded.
import { describe, expect, it } from '@jest/globals';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { deref, escapePointer, loadSpec, operationsOf, type Json } from '../../harness/spec.js';

const spec = loadSpec();
const SPEC_ID = 'https://spec.local/openapi.json';
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addFormat('password', true);
ajv.addSchema({ ...spec, $id: SPEC_ID });

function errorsOf(schemaPointer: string, value: unknown): string[] {
  const validate = ajv.compile({ $ref: `${SPEC_ID}${schemaPointer}` });
  return validate(value)
    ? []
    : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

interface Example {
  where: string;
  schemaPointer: string;
  value: unknown;
}

/** Every example in the document, with the schema it must satisfy. */
function collectExamples(): Example[] {
  const found: Example[] = [];
  const components = (spec.components ?? {}) as Record<string, Json>;
  for (const [name, schema] of Object.entries(components.schemas ?? {})) {
    for (const value of ((schema as Json).examples ?? []) as unknown[]) {
      found.push({ where: `schema ${name}`, schemaPointer: `#/components/schemas/${name}`, value });
    }
  }
  const mediaOwners: Array<[string, string]> = [];
  for (const name of Object.keys(components.responses ?? {})) {
    mediaOwners.push([`response ${name}`, `#/components/responses/${escapePointer(name)}`]);
  }
  for (const operation of operationsOf(spec)) {
    if (operation.operation.requestBody) {
      mediaOwners.push([`${operation.operationId} request`, `${operation.pointer}/requestBody`]);
    }
  }
  for (const [where, pointer] of mediaOwners) {
    const { value: owner, pointer: at } = deref(spec, { $ref: pointer }, pointer);
    for (const [type, media] of Object.entries((owner.content ?? {}) as Record<string, Json>)) {
      if ('example' in media) {
        found.push({
          where: `${where} ${type}`,
          schemaPointer: `${at}/content/${escapePointer(type)}/schema`,
          value: media.example,
        });
      }
    }
  }
  for (const [name, parameter] of Object.entries(components.parameters ?? {})) {
    if ('example' in (parameter as Json)) {
      found.push({
        where: `parameter ${name}`,
        schemaPointer: `#/components/parameters/${name}/schema`,
        value: (parameter as Json).example,
      });
    }
  }
  return found;
}

describe('spec quality', () => {
  it('describes every operation', () => {
    const undescribed = operationsOf(spec)
      .filter(({ operation }) => !operation.summary || !operation.description)
      .map(({ operationId }) => operationId);
    expect(undescribed).toEqual([]);
  });

  it('describes and exemplifies every named schema', () => {
    const schemas = ((spec.components as Json).schemas ?? {}) as Record<string, Json>;
    const lacking = Object.entries(schemas)
      .filter(([, schema]) => !schema.description || !Array.isArray(schema.examples))
      .map(([name]) => name);
    expect(lacking).toEqual([]);
  });

  it('gives an example for every request and response body', () => {
    const missing: string[] = [];
    for (const { operationId, operation, pointer } of operationsOf(spec)) {
      const bodies: Array<[string, unknown]> = Object.entries(
        (operation.responses ?? {}) as Json,
      ).map(([status, response]) => [`${operationId} ${status}`, response]);
      if (operation.requestBody) bodies.push([`${operationId} request`, operation.requestBody]);
      for (const [where, body] of bodies) {
        const { value } = deref(spec, body, pointer);
        for (const [type, media] of Object.entries((value.content ?? {}) as Record<string, Json>)) {
          if (!('example' in media) && !('examples' in media)) missing.push(`${where} ${type}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('has only examples that validate against their schema', () => {
    const examples = collectExamples();
    expect(examples.length).toBeGreaterThan(40);
    const invalid = examples
      .map(({ where, schemaPointer, value }) => ({ where, errors: errorsOf(schemaPointer, value) }))
      .filter(({ errors }) => errors.length > 0);
    expect(invalid).toEqual([]);
  });

  it('bounds every list response: each array has maxItems, each string maxLength', () => {
    const lists = listResponses();
    expect(lists.map(({ operationId }) => operationId).sort()).toEqual([
      'GetArticleComments',
      'GetArticles',
      'GetArticlesFeed',
      'GetTags',
      'ListAuditEvents',
      'ListUsers',
    ]);
    const unbounded = lists.flatMap(({ operationId, schema, pointer }) =>
      unboundedIn(schema, pointer).map((where) => `${operationId}: ${where}`),
    );
    expect(unbounded).toEqual([]);
  });
});

/** The 200 JSON bodies of the GET operations whose body holds an array: the lists. */
function listResponses(): Array<{ operationId: string; schema: Json; pointer: string }> {
  const found = [];
  for (const { operationId, method, operation, pointer } of operationsOf(spec)) {
    if (method !== 'GET') continue;
    const ok = ((operation.responses ?? {}) as Json)['200'];
    if (ok === undefined) continue;
    const { value: response, pointer: at } = deref(spec, ok, `${pointer}/responses/200`);
    const media = ((response.content ?? {}) as Record<string, Json>)['application/json'];
    if (media?.schema === undefined) continue;
    const { value: schema, pointer: schemaAt } = deref(
      spec,
      media.schema,
      `${at}/content/application~1json/schema`,
    );
    const members = Object.values((schema.properties ?? {}) as Record<string, Json>);
    if (members.some((member) => deref(spec, member, '').value.type === 'array')) {
      found.push({ operationId, schema, pointer: schemaAt });
    }
  }
  return found;
}

/** Where, under `schema`, an array lacks maxItems or a string lacks maxLength (and an enum). */
function unboundedIn(node: Json, pointer: string): string[] {
  const { value: schema, pointer: at } = deref(spec, node, pointer);
  const types = ([] as unknown[]).concat(schema.type ?? []);
  const found: string[] = [];
  if (types.includes('array')) {
    if (schema.maxItems === undefined) found.push(`${at} has no maxItems`);
    found.push(...unboundedIn(schema.items as Json, `${at}/items`));
  }
  if (types.includes('string') && schema.maxLength === undefined && schema.enum === undefined) {
    found.push(`${at} has no maxLength`);
  }
  for (const [name, member] of Object.entries((schema.properties ?? {}) as Record<string, Json>)) {
    found.push(...unboundedIn(member, `${at}/properties/${escapePointer(name)}`));
  }
  return found;
}
