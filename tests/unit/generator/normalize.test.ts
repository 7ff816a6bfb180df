// normalizeSchemaRefs: `{ $ref, ...siblings }` -> `{ allOf: [{ $ref }], ...siblings }` in Schema
// Objects only, because fastify-openapi-glue drops a $ref's siblings at runtime.
import { normalizeSchemaRefs } from '../../../scripts/generator/normalize.js';
import { openapi } from './support.js';

const tag = { $ref: '#/components/schemas/Tag' };
const withSchema = (schema: object) =>
  openapi(
    {
      '/x': {
        post: {
          requestBody: { content: { 'application/json': { schema } } },
          responses: { 200: { description: 'ok' } },
        },
      },
    },
    { components: { schemas: { Tag: { type: 'string' } } } },
  );
const schemaOf = (doc: object) =>
  (
    doc as {
      paths: {
        '/x': { post: { requestBody: { content: { 'application/json': { schema: unknown } } } } };
      };
    }
  ).paths['/x'].post.requestBody.content['application/json'].schema;

describe('normalizeSchemaRefs', () => {
  const tests: [string, { given: object; want: object }][] = [
    [
      'a validation sibling moves the $ref into allOf',
      { given: { ...tag, maxLength: 10 }, want: { allOf: [tag], maxLength: 10 } },
    ],
    [
      'annotation-only siblings are left alone',
      {
        given: {
          ...tag,
          description: 'd',
          title: 't',
          deprecated: true,
          readOnly: true,
          examples: ['a'],
        },
        want: {
          ...tag,
          description: 'd',
          title: 't',
          deprecated: true,
          readOnly: true,
          examples: ['a'],
        },
      },
    ],
    [
      'annotations travel with the rewritten schema',
      {
        given: { ...tag, description: 'd', nullable: true },
        want: { allOf: [tag], description: 'd', nullable: true },
      },
    ],
    [
      'an existing allOf is kept after the $ref',
      {
        given: { ...tag, allOf: [{ minLength: 1 }] },
        want: { allOf: [tag, { minLength: 1 }] },
      },
    ],
    [
      'nested: properties, items, allOf members, additionalProperties',
      {
        given: {
          type: 'object',
          properties: { tags: { type: 'array', items: { ...tag, minLength: 1 } } },
          additionalProperties: { ...tag, pattern: '^a' },
          allOf: [{ ...tag, enum: ['a'] }],
        },
        want: {
          type: 'object',
          properties: { tags: { type: 'array', items: { allOf: [tag], minLength: 1 } } },
          additionalProperties: { allOf: [tag], pattern: '^a' },
          allOf: [{ allOf: [tag], enum: ['a'] }],
        },
      },
    ],
    ['a plain $ref is left alone', { given: tag, want: tag }],
  ];

  test.each(tests)('%s', (_, { given, want }) => {
    const { document } = normalizeSchemaRefs(withSchema(given));
    expect(schemaOf(document)).toEqual(want);
  });

  test('reports where it rewrote, and leaves its input alone', () => {
    const input = withSchema({ ...tag, maxLength: 3 });
    const before = structuredClone(input);
    const { rewritten } = normalizeSchemaRefs(input);
    expect(rewritten).toEqual(['#/paths/~1x/post/requestBody/content/application~1json/schema']);
    expect(input).toEqual(before);
  });

  test('schemas in components, parameters and response headers; not other $refs', () => {
    const doc = openapi(
      {
        '/x': {
          get: {
            parameters: [
              { name: 'q', in: 'query', schema: { ...tag, maxLength: 5 } },
              // A Reference Object to a parameter (with a 3.1 description) is not a schema.
              { $ref: '#/components/parameters/P', description: 'overridden', required: true },
            ],
            responses: {
              200: {
                description: 'ok',
                headers: { 'X-Tag': { schema: { ...tag, minLength: 2 } } },
              },
              404: { $ref: '#/components/responses/NotFound', description: 'not here' },
            },
          },
        },
      },
      {
        components: {
          schemas: { Tag: { type: 'string' }, Tags: { ...tag, maxItems: 3 } },
          parameters: { P: { name: 'p', in: 'query', schema: { type: 'string' } } },
          responses: { NotFound: { description: 'nf' } },
        },
      },
    );
    const { rewritten, document } = normalizeSchemaRefs(doc);
    expect(rewritten.sort()).toEqual([
      '#/components/schemas/Tags',
      '#/paths/~1x/get/parameters/0/schema',
      '#/paths/~1x/get/responses/200/headers/X-Tag/schema',
    ]);
    const get = (document as typeof doc & { paths: { '/x': { get: { parameters: unknown[] } } } })
      .paths['/x'].get;
    expect(get.parameters[1]).toEqual({
      $ref: '#/components/parameters/P',
      description: 'overridden',
      required: true,
    });
  });
});
