// The Redocly lint with the committed redocly.yaml catches what swagger-parser's validation lets
// through: duplicate operationIds, unknown schema types, path parameters missing from the path.
import path from 'node:path';
import { lintSpec } from '../../../scripts/generator/lint.js';
import { validateSpec } from '../../../scripts/generator/validate.js';
import { REDOCLY_CONFIG, removeTree, writeTree } from './support.js';

const ROOT = `openapi: 3.1.0
info:
  title: lint fixture
  version: 1.0.0
  license: { name: MIT, identifier: MIT }
servers:
  - url: https://api.test
security: []
tags:
  - name: things
    description: Things
paths:
  /things/{id}:
    $ref: ./paths/thing.yaml
`;

/** A clean path item; each case breaks it in one way. */
const THING = `get:
  operationId: GetThing
  summary: One thing
  tags: [things]
  parameters:
    - { name: id, in: path, required: true, schema: { type: string } }
  responses:
    '200':
      description: The thing
      content:
        application/json:
          schema: { type: array, items: { type: string } }
    '404':
      description: Not found
      content:
        application/problem+json:
          schema:
            type: object
            properties: { type: { type: string }, title: { type: string } }
put:
  operationId: PutThing
  summary: Replace a thing
  tags: [things]
  parameters:
    - { name: id, in: path, required: true, schema: { type: string } }
  responses:
    '204':
      description: Replaced
    '404':
      description: Not found
      content:
        application/problem+json:
          schema:
            type: object
            properties: { type: { type: string }, title: { type: string } }
`;

const cases: [string, { thing: string; rule: string; line: number }][] = [
  [
    'duplicate operationId',
    {
      thing: THING.replace('operationId: PutThing', 'operationId: GetThing'),
      rule: 'operation-operationId-unique',
      line: 21,
    },
  ],
  [
    'type: arrray',
    {
      thing: THING.replace('{ type: array, items', '{ type: arrray, items'),
      rule: 'struct',
      line: 12,
    },
  ],
  [
    'path parameter missing from the path',
    {
      thing: THING.replace(
        "    - { name: id, in: path, required: true, schema: { type: string } }\n  responses:\n    '204'",
        "    - { name: id, in: path, required: true, schema: { type: string } }\n    - { name: version, in: path, required: true, schema: { type: string } }\n  responses:\n    '204'",
      ),
      rule: 'path-parameters-defined',
      line: 26,
    },
  ],
];

describe('lint', () => {
  const dirs: string[] = [];
  const spec = async (thing: string) => {
    const dir = await writeTree({ 'openapi.yaml': ROOT, 'paths/thing.yaml': thing });
    dirs.push(dir);
    return path.join(dir, 'openapi.yaml');
  };
  afterAll(() => Promise.all(dirs.map(removeTree)));

  test('the clean fixture has no problems (so the cases below fail for their reason)', async () => {
    const file = await spec(THING);
    expect(await lintSpec(file, REDOCLY_CONFIG)).toEqual([]);
    expect(await validateSpec(file)).toEqual([]);
  });

  test.each(cases)(
    '%s: swagger-parser passes it, the lint fails it',
    async (_, { thing, rule, line }) => {
      expect(thing).not.toBe(THING);
      const file = await spec(thing);
      expect(await validateSpec(file)).toEqual([]);
      const problems = await lintSpec(file, REDOCLY_CONFIG);
      expect(problems).toEqual([
        expect.objectContaining({
          severity: 'error',
          rule,
          file: path.join(path.dirname(file), 'paths/thing.yaml'),
          line,
        }),
      ]);
    },
  );

  test('a 4xx that is not application/problem+json is an error (turned up in redocly.yaml)', async () => {
    const file = await spec(THING.replace('application/problem+json', 'application/json'));
    const problems = await lintSpec(file, REDOCLY_CONFIG);
    expect(problems.map((p) => `${p.severity} ${p.rule}`)).toEqual([
      'error operation-4xx-problem-details-rfc7807',
    ]);
  });
});
