// bundleSpec: one document, every $ref internal and into #/components/; validation errors point
// at the file and line to edit.
import path from 'node:path';
import { bundleSpec, walkObjects } from '../../../scripts/generator/bundle.js';
import { validateSpec } from '../../../scripts/generator/validate.js';
import { FIXTURES, removeTree, writeTree } from './support.js';

function refsOf(document: object): string[] {
  const refs: string[] = [];
  walkObjects(document, (node) => {
    if (typeof node['$ref'] === 'string') refs.push(node['$ref']);
  });
  return refs;
}

const ROOT = (extra = '') => `openapi: 3.1.0
info: { title: bundle fixture, version: 1.0.0 }
paths:
  /a:
    $ref: ./paths/a.yaml
  /b:
    $ref: ./paths/b.yaml
${extra}`;

const usesPet = (id: string) => `get:
  operationId: ${id}
  responses:
    '200':
      description: ok
      content:
        application/json:
          schema:
            $ref: ../schemas/Pet.yaml
`;

const PET = `oneOf:
  - $ref: ./pets.yaml#/Cat
  - $ref: ./pets.yaml#/Dog
discriminator:
  propertyName: kind
  mapping:
    cat: ./pets.yaml#/Cat
    dog: ./pets.yaml#/Dog
`;

const PETS = `Cat:
  type: object
  properties:
    kind: { const: cat }
    meows: { type: boolean }
Dog:
  type: object
  properties:
    $ref: ./dog-properties.yaml
`;

const DOG_PROPERTIES = `kind: { const: dog }
barks: { type: boolean }
`;

describe('bundleSpec', () => {
  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map(removeTree)));
  const tree = async (files: Record<string, string>) => {
    const dir = await writeTree(files);
    dirs.push(dir);
    return path.join(dir, 'openapi.yaml');
  };

  test('the multi-file fixture bundles with refs into #/components/ only, and no problems', async () => {
    const { document, problems } = await bundleSpec(
      path.join(FIXTURES, 'conduit-mini/openapi.yaml'),
      {
        hoisted: 'each',
      },
    );
    expect(problems).toEqual([]);
    const refs = refsOf(document);
    expect(refs.length).toBeGreaterThan(10);
    expect(refs.filter((ref) => !ref.startsWith('#/components/'))).toEqual([]);
    expect(Object.keys(document['components'] as object)).toEqual([
      'securitySchemes',
      'schemas',
      'parameters',
      'responses',
    ]);
  });

  test('a file shared by several paths but not registered is moved into components, named after the file', async () => {
    const specPath = await tree({
      'openapi.yaml': ROOT(),
      'paths/a.yaml': usesPet('GetA'),
      'paths/b.yaml': usesPet('GetB'),
      'schemas/Pet.yaml': PET,
      'schemas/pets.yaml': PETS,
      'schemas/dog-properties.yaml': DOG_PROPERTIES,
    });
    const { document, problems } = await bundleSpec(specPath, { hoisted: 'each' });

    expect(refsOf(document).filter((ref) => !ref.startsWith('#/components/'))).toEqual([]);
    const schemas = (document['components'] as { schemas: Record<string, Record<string, unknown>> })
      .schemas;
    expect(Object.keys(schemas).sort()).toEqual(['Cat', 'Dog', 'Pet']);
    // Discriminator mappings were file refs relative to Pet.yaml; they follow the schemas.
    expect(schemas['Pet']?.['discriminator']).toEqual({
      propertyName: 'kind',
      mapping: { cat: '#/components/schemas/Cat', dog: '#/components/schemas/Dog' },
    });
    // `properties: { $ref }` (a $ref standing for a keyword map) is inlined.
    expect(schemas['Dog']).toEqual({
      type: 'object',
      properties: { kind: { const: 'dog' }, barks: { type: 'boolean' } },
    });
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringMatching(
        /schemas\/Pet\.yaml is used from several places .* bundled as #\/components\/schemas\/Pet/,
      ),
      expect.stringMatching(/pets\.yaml#\/Cat .* #\/components\/schemas\/Cat/),
      expect.stringMatching(/pets\.yaml#\/Dog .* #\/components\/schemas\/Dog/),
    ]);
    expect(problems.every((p) => p.severity === 'warn')).toBe(true);
  });

  test('a registered file keeps its registered name', async () => {
    const specPath = await tree({
      'openapi.yaml': ROOT(`components:
  schemas:
    Animal:
      $ref: ./schemas/Pet.yaml
    Cat:
      $ref: ./schemas/pets.yaml#/Cat
    Dog:
      $ref: ./schemas/pets.yaml#/Dog
`),
      'paths/a.yaml': usesPet('GetA'),
      'paths/b.yaml': usesPet('GetB'),
      'schemas/Pet.yaml': PET,
      'schemas/pets.yaml': PETS,
      'schemas/dog-properties.yaml': DOG_PROPERTIES,
    });
    const { document, problems } = await bundleSpec(specPath, { hoisted: 'each' });
    expect(problems).toEqual([]);
    expect(new Set(refsOf(document))).toEqual(
      new Set([
        '#/components/schemas/Animal',
        '#/components/schemas/Cat',
        '#/components/schemas/Dog',
      ]),
    );
  });

  test('is deterministic', async () => {
    const specPath = path.join(FIXTURES, 'conduit-mini/openapi.yaml');
    const first = JSON.stringify((await bundleSpec(specPath, { hoisted: 'each' })).document);
    const second = JSON.stringify((await bundleSpec(specPath, { hoisted: 'each' })).document);
    expect(second).toBe(first);
  });
});

describe('validateSpec', () => {
  test('an error in a referenced file is reported at that file and line', async () => {
    const dir = await writeTree({
      'openapi.yaml': ROOT(),
      'paths/a.yaml': usesPet('GetA'),
      // A Response Object without its required description, on line 4.
      'paths/b.yaml': `get:
  operationId: GetB
  responses:
    '200':
      content:
        text/plain:
          schema: { type: string }
`,
      'schemas/Pet.yaml': PET,
      'schemas/pets.yaml': PETS,
      'schemas/dog-properties.yaml': DOG_PROPERTIES,
    });
    try {
      const problems = await validateSpec(path.join(dir, 'openapi.yaml'));
      expect(problems).toContainEqual(
        expect.objectContaining({
          severity: 'error',
          rule: 'validate',
          message: "must have required property 'description'",
          file: path.join(dir, 'paths/b.yaml'),
          pointer: '#/get/responses/200',
          line: 5,
        }),
      );
    } finally {
      await removeTree(dir);
    }
  });
});
