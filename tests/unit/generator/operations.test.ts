// renderOperations: spec fragment in, TypeScript out (given/want, openapi-typescript style).
import { renderOperations } from '../../../scripts/generator/render-operations.js';
import { SpecProblemsError } from '../../../scripts/generator/lint-findings.js';
import { readOperations, synthesizeOperationId } from '../../../scripts/generator/spec-model.js';
import { block, components, openapi, problem } from './support.js';

const RUNTIME_TYPES = '../runtime/types.js';
/** Document in, operations.ts body out, through the spec model as `make generate` does. */
const render = (document: object) =>
  renderOperations(readOperations(document), { runtimeTypes: RUNTIME_TYPES });

const json = (schema: object) => ({ 'application/json': { schema } });
const user = { $ref: '#/components/schemas/User' };

describe('request types', () => {
  const tests: [string, { given: object; start: string; want: string }][] = [
    [
      'each kind of parameter, path-level ones merged, required body',
      {
        given: openapi(
          {
            '/users/{id}': {
              parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
              post: {
                operationId: 'UpdateUser',
                summary: 'Change a user',
                parameters: [
                  { name: 'dryRun', in: 'query', schema: { type: 'boolean' } },
                  {
                    name: 'X-Request-Id',
                    in: 'header',
                    required: true,
                    schema: { type: 'string' },
                  },
                  { name: 'If-Match', in: 'header', schema: { type: 'string' } },
                  // OpenAPI 3: ignored; the framework owns these headers.
                  { name: 'Authorization', in: 'header', schema: { type: 'string' } },
                  { name: 'session', in: 'cookie', schema: { type: 'string' } },
                ],
                requestBody: { required: true, content: json(user) },
                responses: { 200: { description: 'ok' } },
              },
            },
          },
          { components },
        ),
        start: '/** POST /users/{id}',
        want: `/** POST /users/{id} — Change a user */
export interface UpdateUserRequest<P = unknown> {
  params: NonNullable<SpecOperations['UpdateUser']['parameters']['path']>;
  query: NonNullable<SpecOperations['UpdateUser']['parameters']['query']>;
  headers: {
    'x-request-id': NonNullable<SpecOperations['UpdateUser']['parameters']['header']>['X-Request-Id'];
    'if-match'?: NonNullable<SpecOperations['UpdateUser']['parameters']['header']>['If-Match'];
  };
  cookies: NonNullable<SpecOperations['UpdateUser']['parameters']['cookie']>;
  body: NonNullable<SpecOperations['UpdateUser']['requestBody']>['content']['application/json'];
  /** This request's id, as logged and sent back in the X-Request-Id header. */
  requestId: string;
  /** The client's IP address (through the proxies the server is told to trust). */
  clientIp: string;
}`,
      },
    ],
    [
      'no parameters, no body',
      {
        given: openapi({
          '/ping': { get: { operationId: 'Ping', responses: { 204: { description: 'pong' } } } },
        }),
        start: '/** GET /ping',
        want: `/** GET /ping */
export interface PingRequest<P = unknown> {
  params: Record<string, never>;
  query: Record<string, never>;
  headers: Record<string, never>;
  body: undefined;
  /** This request's id, as logged and sent back in the X-Request-Id header. */
  requestId: string;
  /** The client's IP address (through the proxies the server is told to trust). */
  clientIp: string;
}`,
      },
    ],
    [
      'optional body; application/json preferred over the first media type',
      {
        given: openapi({
          '/notes': {
            put: {
              operationId: 'PutNote',
              requestBody: {
                content: {
                  'text/plain': { schema: { type: 'string' } },
                  'application/json': { schema: { type: 'object' } },
                },
              },
              responses: { 204: { description: 'ok' } },
            },
          },
        }),
        start: '/** PUT /notes',
        want: `/** PUT /notes */
export interface PutNoteRequest<P = unknown> {
  params: Record<string, never>;
  query: Record<string, never>;
  headers: Record<string, never>;
  body: NonNullable<SpecOperations['PutNote']['requestBody']>['content']['application/json'] | undefined;
  /** This request's id, as logged and sent back in the X-Request-Id header. */
  requestId: string;
  /** The client's IP address (through the proxies the server is told to trust). */
  clientIp: string;
}`,
      },
    ],
  ];

  test.each(tests)('%s', (_, { given, start, want }) => {
    expect(block(render(given), start, '}')).toBe(want);
  });
});

describe('authentication', () => {
  const op = (security?: object[]) => ({
    get: {
      operationId: 'Me',
      ...(security ? { security } : {}),
      responses: { 200: { description: 'ok' } },
    },
  });
  const principalLine = (doc: object) =>
    block(render(doc), 'export interface MeRequest', '}')
      .split('\n')
      .filter((line) => line.includes('principal'));

  const tests: [string, { given: object; want: string[] }][] = [
    [
      'required by the operation',
      { given: openapi({ '/me': op([{ token: [] }]) }), want: ['  principal: P;'] },
    ],
    [
      'optional: an empty requirement lets anonymous callers through',
      {
        given: openapi({ '/me': op([{ token: [] }, {}]) }),
        want: ['  principal?: P | undefined;'],
      },
    ],
    [
      'inherited from the root security',
      { given: openapi({ '/me': op() }, { security: [{ token: [] }] }), want: ['  principal: P;'] },
    ],
    [
      'security: [] overrides the root',
      { given: openapi({ '/me': op([]) }, { security: [{ token: [] }] }), want: [] },
    ],
    ['only the empty requirement: no principal', { given: openapi({ '/me': op([{}]) }), want: [] }],
    ['no security anywhere', { given: openapi({ '/me': op() }), want: [] }],
  ];

  test.each(tests)('%s', (_, { given, want }) => {
    expect(principalLine(given)).toEqual(want);
  });
});

describe('response unions', () => {
  const tests: [string, { given: object; start: string; want: string }][] = [
    [
      '200 / 404 / 204, a $ref response, a required header',
      {
        given: openapi(
          {
            '/users/{id}': {
              get: {
                operationId: 'GetUser',
                parameters: [
                  { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
                ],
                responses: {
                  // Out of order on purpose: members come out sorted.
                  404: { $ref: '#/components/responses/NotFound' },
                  200: {
                    description: 'ok',
                    headers: {
                      Location: { required: true, schema: { type: 'string' } },
                      // Set by the runtime (http-caching.ts): optional for handlers.
                      ETag: { required: true, schema: { type: 'string' } },
                      'X-Rate-Limit': { schema: { type: 'integer' } },
                      // OpenAPI 3: a Content-Type response header is ignored.
                      'Content-Type': { schema: { type: 'string' } },
                    },
                    content: json(user),
                  },
                  204: { description: 'nothing' },
                },
              },
            },
          },
          { components: { ...components, responses: { NotFound: problem } } },
        ),
        start: 'export type GetUserResponse',
        want: `export type GetUserResponse =
  | { status: 200; body: SpecOperations['GetUser']['responses'][200]['content']['application/json']; headers: { Location: SpecOperations['GetUser']['responses'][200]['headers']['Location']; ETag?: SpecOperations['GetUser']['responses'][200]['headers']['ETag']; 'X-Rate-Limit'?: SpecOperations['GetUser']['responses'][200]['headers']['X-Rate-Limit'] } }
  | { status: 204; body?: never }
  | { status: 404; body: SpecOperations['GetUser']['responses'][404]['content']['application/problem+json'] };`,
      },
    ],
    [
      'ranges exclude explicit statuses; default is any status',
      {
        given: openapi(
          {
            '/x': {
              get: {
                operationId: 'Ranges',
                responses: {
                  200: { description: 'ok', content: json(user) },
                  404: problem,
                  '4XX': problem,
                  '5XX': problem,
                  default: problem,
                },
              },
            },
          },
          { components },
        ),
        start: 'export type RangesResponse',
        want: `export type RangesResponse =
  | { status: 200; body: SpecOperations['Ranges']['responses'][200]['content']['application/json'] }
  | { status: 404; body: SpecOperations['Ranges']['responses'][404]['content']['application/problem+json'] }
  | { status: Exclude<Status4XX, 404>; body: SpecOperations['Ranges']['responses']['4XX']['content']['application/problem+json'] }
  | { status: Status5XX; body: SpecOperations['Ranges']['responses']['5XX']['content']['application/problem+json'] }
  | { status: number; body: SpecOperations['Ranges']['responses']['default']['content']['application/problem+json'] };`,
      },
    ],
    [
      'several media types: one member each, told apart by contentType',
      {
        given: openapi({
          '/report': {
            get: {
              operationId: 'Report',
              responses: {
                200: {
                  description: 'ok',
                  content: {
                    'application/json': { schema: { type: 'object' } },
                    'text/csv': { schema: { type: 'string' } },
                  },
                },
              },
            },
          },
        }),
        start: 'export type ReportResponse',
        want: `export type ReportResponse =
  | { status: 200; contentType: 'application/json'; body: SpecOperations['Report']['responses'][200]['content']['application/json'] }
  | { status: 200; contentType: 'text/csv'; body: SpecOperations['Report']['responses'][200]['content']['text/csv'] };`,
      },
    ],
  ];

  test.each(tests)('%s', (_, { given, start, want }) => {
    const output = render(given);
    const from = output.indexOf(start);
    expect(from).toBeGreaterThan(-1);
    expect(output.slice(from, output.indexOf(';\n\n', from) + 1)).toBe(want);
  });

  test('range helper types are emitted only when used', () => {
    const output = render(
      openapi(
        { '/x': { get: { operationId: 'X', responses: { '5XX': problem } } } },
        { components },
      ),
    );
    expect(output).toContain('export type Status5XX = 500 | 501 | 502 |');
    expect(output).toContain('| 598 | 599;');
    expect(output).not.toContain('Status4XX');
  });

  test('an operation without responses has a response type of never', () => {
    const output = render(openapi({ '/x': { get: { operationId: 'X' } } }));
    expect(output).toContain('export type XResponse = never;');
  });
});

describe('Handlers and the operations table', () => {
  const given = openapi(
    {
      '/articles/{slug}': {
        delete: {
          operationId: 'DeleteArticle',
          summary: 'Delete */ an article',
          deprecated: true,
          security: [{ token: [] }, {}],
          parameters: [{ name: 'slug', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: { content: json({ type: 'object' }) },
          responses: { 204: { description: 'gone' }, '4XX': problem, default: problem },
        },
      },
      '/articles': {
        post: {
          operationId: 'CreateArticle',
          security: [{ oauth: ['write:articles', 'read:articles'] }],
          requestBody: { required: true, content: json({ type: 'object' }) },
          responses: { 201: { description: 'created', content: json(user) } },
        },
      },
    },
    { components },
  );
  const output = render(given);

  test("imports the runtime's table type, and the openapi-typescript operations under an alias", () => {
    expect(output.split('\n').slice(0, 2)).toEqual([
      `import type { OperationInfo } from '${RUNTIME_TYPES}';`,
      "import type { operations as SpecOperations } from './types.js';",
    ]);
  });

  test('one method per operation, sorted by operationId, deprecated ones marked', () => {
    expect(block(output, 'export interface Handlers', '}'))
      .toBe(`export interface Handlers<P = unknown> {
  /** POST /articles */
  CreateArticle(request: CreateArticleRequest<P>): Promise<CreateArticleResponse>;
  /** DELETE /articles/{slug} — Delete *\\/ an article @deprecated */
  DeleteArticle(request: DeleteArticleRequest<P>): Promise<DeleteArticleResponse>;
}`);
  });

  test('table entries', () => {
    expect(block(output, '  DeleteArticle: {', '  },')).toBe(`  DeleteArticle: {
    operationId: 'DeleteArticle',
    method: 'DELETE',
    path: '/articles/{slug}',
    security: [{ token: [] }, {}],
    requestContentTypes: ['application/json'],
    bodyRequired: false,
    responses: { 204: [], '4XX': ['application/problem+json'], default: ['application/problem+json'] },
    responseHeaders: {},
  },`);
    expect(block(output, '  CreateArticle: {', '  },')).toBe(`  CreateArticle: {
    operationId: 'CreateArticle',
    method: 'POST',
    path: '/articles',
    security: [{ oauth: ['write:articles', 'read:articles'] }],
    requestContentTypes: ['application/json'],
    bodyRequired: true,
    responses: { 201: ['application/json'] },
    responseHeaders: {},
  },`);
    expect(output).toContain('} as const satisfies Record<keyof Handlers, OperationInfo>;\n');
    expect(output.endsWith('export type OperationId = keyof typeof operations;\n')).toBe(true);
  });

  test('is deterministic', () => {
    expect(render(structuredClone(given))).toBe(output);
  });
});

describe('operation names', () => {
  const ids = (paths: Record<string, unknown>) =>
    readOperations(openapi(paths)).operations.map((o) => o.identifier);
  const get = (operationId?: string) => ({
    get: {
      ...(operationId ? { operationId } : {}),
      responses: { 200: { description: 'ok', content: json({ type: 'string' }) } },
    },
  });

  const tests: [string, { operationId: string; want: string }][] = [
    [
      'valid identifiers are kept (snake_case too)',
      { operationId: 'droplets_list', want: 'droplets_list' },
    ],
    ['kebab-case becomes PascalCase', { operationId: 'get-user-by-id', want: 'GetUserById' }],
    ['slashes and dots', { operationId: 'users/list.v2', want: 'UsersListV2' }],
    ['a leading digit gets a prefix', { operationId: '2fa-enable', want: 'Op2faEnable' }],
  ];
  test.each(tests)('%s', (_, { operationId, want }) => {
    expect(ids({ '/x': get(operationId) })).toEqual([want]);
  });

  test('type names upper-case the first letter; the handler keeps the identifier', () => {
    const output = render(openapi({ '/droplets': get('droplets_list') }));
    expect(output).toContain('export interface Droplets_listRequest<P = unknown> {');
    expect(output).toContain('export type Droplets_listResponse =');
    expect(output).toContain(
      '  droplets_list(request: Droplets_listRequest<P>): Promise<Droplets_listResponse>;',
    );
    expect(output).toContain("SpecOperations['droplets_list']['responses'][200]");
  });

  test('operationIds that are not identifiers are still indexed by their spec name', () => {
    const output = render(openapi({ '/x': get('get-user') }));
    expect(output).toContain("  GetUser: {\n    operationId: 'get-user',");
    expect(output).toContain("SpecOperations['get-user']['responses'][200]");
  });

  test.each([
    [
      'two spellings of one name',
      'get-user',
      'getUser',
      /both become the TypeScript name 'GetUser'/,
    ],
    ['same type name', 'getUser', 'GetUser', /both become the TypeScript name 'GetUser'/],
  ])('clash: %s fails', (_, first, second, message) => {
    const render = () => readOperations(openapi({ '/a': get(first), '/b': get(second) }));
    expect(render).toThrow(SpecProblemsError);
    expect(render).toThrow(
      expect.objectContaining({
        problems: [expect.objectContaining({ message: expect.stringMatching(message) })],
      }),
    );
  });

  test('without an operationId: a synthesized id, a warning, types reached through paths', () => {
    const doc = openapi({ '/v2/droplets/{droplet_id}/actions': get() });
    const model = readOperations(doc);
    expect(model.operations.map((o) => o.identifier)).toEqual(['getV2DropletsByDropletIdActions']);
    expect(model.problems).toEqual([
      expect.objectContaining({
        severity: 'warn',
        message: expect.stringContaining('no operationId'),
      }),
    ]);
    const output = render(doc);
    expect(output.split('\n')[1]).toBe(
      "import type { operations as SpecOperations, paths as SpecPaths } from './types.js';",
    );
    expect(output).toContain(
      "body: SpecPaths['/v2/droplets/{droplet_id}/actions']['get']['responses'][200]",
    );
  });

  test('synthesized ids depend on method and path only', () => {
    expect(synthesizeOperationId('post', '/api/users/{user-name}/follow')).toBe(
      'postApiUsersByUserNameFollow',
    );
    expect(synthesizeOperationId('get', '/')).toBe('get');
  });
});
