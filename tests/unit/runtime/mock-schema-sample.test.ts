// The mock's generated values: for hand-written schemas of each kind, and for every schema both
// APIs of the repository declare, the sample validates against its schema (Ajv, 2020-12).
import { describe, expect, it } from '@jest/globals';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { sampleSchema } from '../../../src/runtime/mock-schema-sample.js';
import { loadSpec, type Json } from '../../harness/spec.js';

const ID = 'https://sample.test/doc.json';

function validator(document: Json) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addFormat('password', true);
  ajv.addSchema({ ...document, $id: ID });
  return (pointer: string, value: unknown) => {
    const validate = ajv.compile({ $ref: `${ID}${pointer}` });
    return validate(value)
      ? []
      : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
  };
}

const cases: Record<string, Json> = {
  formats: {
    type: 'object',
    properties: Object.fromEntries(
      ['date-time', 'date', 'email', 'uri', 'uri-reference', 'uuid', 'hostname', 'ipv4'].map(
        (format) => [format, { type: 'string', format }],
      ),
    ),
  },
  bounds: {
    type: 'object',
    required: ['a', 'b', 'c', 'd', 'e'],
    properties: {
      a: { type: 'integer', minimum: 10, maximum: 20 },
      b: { type: 'integer', exclusiveMaximum: 0 },
      c: { type: 'number', minimum: 2, multipleOf: 0.5 },
      d: { type: 'string', minLength: 12, maxLength: 12 },
      e: { type: 'array', minItems: 3, maxItems: 3, uniqueItems: true, items: { type: 'integer' } },
    },
  },
  pattern: { type: 'string', pattern: '^[a-z]+[0-9]$' },
  'allOf and a nullable oneOf': {
    allOf: [
      { type: 'object', required: ['id'], properties: { id: { type: 'integer' } } },
      {
        type: 'object',
        properties: { bio: { oneOf: [{ type: 'null' }, { type: 'string', minLength: 3 }] } },
      },
    ],
  },
  'a closed object with nested arrays': {
    type: 'object',
    additionalProperties: false,
    required: ['rows'],
    properties: {
      rows: { type: 'array', items: { type: 'array', items: { type: ['string', 'null'] } } },
    },
  },
  'a recursive schema': { $ref: '#/$defs/node' },
  'a required, nullable recursion': { $ref: '#/$defs/chain' },
};

describe('sampleSchema', () => {
  const document: Json = {
    $defs: {
      node: {
        type: 'object',
        required: ['name'],
        properties: {
          name: { type: 'string' },
          children: { type: 'array', items: { $ref: '#/$defs/node' } },
        },
      },
      chain: {
        type: 'object',
        required: ['next'],
        properties: { next: { oneOf: [{ $ref: '#/$defs/chain' }, { type: 'null' }] } },
      },
    },
    cases,
  };
  const check = validator(document);

  it.each(Object.keys(cases))('gives a valid value for %s', (name) => {
    const value = sampleSchema(document, cases[name]);
    expect(check(`#/cases/${encodeURIComponent(name)}`, value)).toEqual([]);
  });

  it('prefers what the author wrote: const, examples, default, enum', () => {
    expect(sampleSchema({}, { const: 3, examples: [4] })).toBe(3);
    expect(sampleSchema({}, { type: 'string', examples: ['given'], default: 'd' })).toBe('given');
    expect(sampleSchema({}, { type: 'string', default: 'd', enum: ['e'] })).toBe('d');
    expect(sampleSchema({}, { type: 'string', enum: ['first', 'second'] })).toBe('first');
  });

  it.each([
    ['conduit', new URL('../../../generated/openapi.json', import.meta.url)],
    ['inventory', new URL('../../fixtures/inventory/generated/openapi.json', import.meta.url)],
  ])("gives a valid value for every schema of %s's spec", (_name, file) => {
    const spec = loadSpec(file);
    const check = validator(spec);
    const schemas = ((spec.components as Json).schemas ?? {}) as Json;
    const failures = Object.keys(schemas).flatMap((name) =>
      check(`#/components/schemas/${name}`, sampleSchema(spec, schemas[name])).map(
        (failure) => `${name}: ${failure}`,
      ),
    );
    expect(failures).toEqual([]);
    expect(Object.keys(schemas).length).toBeGreaterThan(5);
  });
});
