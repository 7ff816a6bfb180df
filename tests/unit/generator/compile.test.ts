// The promise of operations.ts: a handler that returns what the spec does not declare does not
// compile. Generates types.ts + operations.ts for a multi-file fixture and runs the compiler.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { prepareSpec, renderArtifacts } from '../../../scripts/generator/pipeline.js';
import { typeCheck } from '../../../scripts/generator/typecheck.js';
import { FIXTURES, REDOCLY_CONFIG, RENDER_FOR_TREE, removeTree, writeTree } from './support.js';

/** Implements every handler of the conduit-mini fixture; `overrides` replaces some bodies. */
function implementation(overrides: Record<string, string> = {}): string {
  const bodies: Record<string, string> = {
    CreateUser: `const email: string = request.body.email;
    return { status: 201, body: { email, username: request.body.username, bio: null }, headers: { Location: '/api/user' } };`,
    DeleteArticle: `const who: Principal = request.principal;
    void who;
    return { status: 204 };`,
    GetArticle: `const slug: string = request.params.slug;
    return { status: 404, body: { type: 'about:blank', title: slug, status: 404 } };`,
    GetCurrentUser: `return { status: 401, body: { type: 'about:blank', title: 'Unauthorized', status: 401 }, headers: { 'WWW-Authenticate': 'Token' } };`,
    ListArticles: `const limit: number = request.query.limit ?? 20;
    const requestId: string | undefined = request.headers['x-request-id'];
    const who: Principal | undefined = request.principal;
    void requestId; void who;
    if (limit > 100) return { status: 418, body: { type: 'about:blank', title: 'Teapot', status: 418 } };
    if (limit > 50) return { status: 200, contentType: 'text/csv', body: 'slug,title' };
    return { status: 200, contentType: 'application/json', body: { articles: [], articlesCount: 0 } };`,
    UpdateArticle: `const tags: string[] | undefined = request.body?.tagList;
    void tags;
    return { status: 404, body: { type: 'about:blank', title: 'Not Found', status: 404 } };`,
    ...overrides,
  };
  const methods = Object.entries(bodies)
    .map(([name, body]) => `  async ${name}(request) {\n    void request;\n    ${body}\n  },`)
    .join('\n');
  return `import type { Handlers } from './operations.js';
import { operations } from './operations.js';

interface Principal { id: string }

export const handlers: Handlers<Principal> = {
${methods}
};

export const secured: readonly unknown[] = operations.DeleteArticle.security;
`;
}

const cases: Record<string, { overrides: Record<string, string>; want: RegExp | undefined }> = {
  'correct.ts': { overrides: {}, want: undefined },
  'undocumented-status.ts': {
    overrides: {
      GetArticle: `return { status: 500, body: { type: 'x', title: 'x', status: 500 } };`,
    },
    want: /Type '500' is not assignable to type '(200|404)'/,
  },
  'wrong-body.ts': {
    overrides: { GetArticle: `return { status: 200, body: { slug: 'a' } };` },
    want: /is missing the following properties|not assignable/,
  },
  'body-on-no-content.ts': {
    overrides: { DeleteArticle: `return { status: 204, body: { deleted: true } };` },
    want: /not assignable to type 'undefined'/,
  },
  'missing-required-header.ts': {
    overrides: {
      CreateUser: `return { status: 201, body: { email: 'a', username: 'b', bio: null } };`,
    },
    want: /Property 'headers' is missing/,
  },
  'contentType-for-several-media-types.ts': {
    overrides: { ListArticles: `return { status: 200, body: 'a,b' };` },
    want: /not assignable/,
  },
  'principal-is-optional.ts': {
    overrides: {
      ListArticles: `const id: string = request.principal.id; void id; return { status: 200, contentType: 'text/csv', body: '' };`,
    },
    want: /'request.principal' is possibly 'undefined'/,
  },
};

describe('generated handler types', () => {
  let dir: string;
  let diagnostics: Map<string, string[]>;

  beforeAll(async () => {
    const spec = await prepareSpec(path.join(FIXTURES, 'conduit-mini/openapi.yaml'), {
      lintConfig: REDOCLY_CONFIG,
      validation: 'error',
      hoisted: 'each',
    });
    const { files } = await renderArtifacts(spec.document, RENDER_FOR_TREE);
    dir = await writeTree({
      'package.json': '{ "type": "module" }\n',
      'types.ts': files.get('types.ts') ?? '',
      'operations.ts': files.get('operations.ts') ?? '',
    });
    for (const [name, { overrides }] of Object.entries(cases)) {
      await writeFile(path.join(dir, name), implementation(overrides));
    }
    const result = typeCheck(Object.keys(cases).map((name) => path.join(dir, name)));
    diagnostics = new Map();
    for (const line of result.diagnostics) {
      const file = path.basename(line.split(':')[0] ?? '');
      diagnostics.set(file, [...(diagnostics.get(file) ?? []), line]);
    }
  }, 60_000);

  afterAll(() => removeTree(dir));

  test('the generated files themselves type-check', () => {
    expect(diagnostics.get('types.ts')).toBeUndefined();
    expect(diagnostics.get('operations.ts')).toBeUndefined();
  });

  test.each(Object.entries(cases))('%s', (name, { want }) => {
    const found = diagnostics.get(name) ?? [];
    if (want === undefined) {
      expect(found).toEqual([]);
    } else {
      expect(found).toEqual([expect.stringMatching(want)]);
    }
  });
});

describe('third-party shapes', () => {
  test('operations without operationId (indexed through paths) and odd names type-check', async () => {
    const text = { 'text/plain': { schema: { type: 'string' } } };
    const document = {
      openapi: '3.0.3',
      info: { title: 'odd', version: '1' },
      paths: {
        '/v2/things/{thing_id}': {
          parameters: [
            { name: 'thing_id', in: 'path', required: true, schema: { type: 'integer' } },
          ],
          get: {
            responses: { 200: { description: 'ok', content: text }, default: { description: 'e' } },
          },
          delete: {
            operationId: 'things-delete',
            responses: { '2XX': { description: 'gone' } },
          },
        },
      },
    };
    const { files, problems } = await renderArtifacts(document, RENDER_FOR_TREE);
    expect(problems.map((p) => p.message)).toEqual([
      "GET /v2/things/{thing_id} has no operationId; using 'getV2ThingsByThingId'",
    ]);
    const dir = await writeTree({
      'package.json': '{ "type": "module" }\n',
      'types.ts': files.get('types.ts') ?? '',
      'operations.ts': files.get('operations.ts') ?? '',
      'use.ts': `import type { Handlers } from './operations.js';
export const handlers: Handlers = {
  async getV2ThingsByThingId(request) {
    const id: number = request.params.thing_id;
    return id > 0 ? { status: 200, body: String(id) } : { status: 503 };
  },
  async ThingsDelete() {
    return { status: 204 };
  },
};
`,
    });
    try {
      expect(typeCheck([path.join(dir, 'use.ts')]).diagnostics).toEqual([]);
    } finally {
      await removeTree(dir);
    }
  }, 30_000);
});
