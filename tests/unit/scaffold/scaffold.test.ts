// The parts of `make scaffold` on their own: reading the generated operations, deciding which
// operations have a handwritten handler, the files it writes, what it reports, and the 501 a
// stub's NotImplementedError becomes. The whole workflow on a copy of the repository is in
// workflow.test.ts.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import Fastify from 'fastify';
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { operations } from '../../../generated/operations.js';
import { findHandled, objectLiteralKeys } from '../../../scripts/scaffold/handled.js';
import {
  firstSentence,
  readScaffoldOperations,
} from '../../../scripts/scaffold/scaffold-operations.js';
import { runScaffold } from '../../../scripts/scaffold/run.js';
import {
  renderPendingTest,
  renderRegistry,
  renderStub,
  stubName,
} from '../../../scripts/scaffold/templates.js';
import { configureErrors, NotImplementedError } from '../../../src/runtime/error-handler.js';
import { REPO_ROOT } from './support.js';

const read = (relative: string, root = REPO_ROOT) => readFile(path.join(root, relative), 'utf8');
const realOperations = async () =>
  readScaffoldOperations(JSON.parse(await read('generated/openapi.json')));

describe('objectLiteralKeys', () => {
  const cases: [string, { given: string; want: string[] }][] = [
    [
      'property, method, async method, shorthand, quoted and computed keys',
      {
        given: `const GetTags = 1;
export const h = () => ({
  CreateUser: async () => x,
  Login(request) { return y; },
  async GetCurrentUser() {},
  GetTags,
  'DeleteArticle': z,
  ['UpdateArticle']: w,
});`,
        want: [
          'CreateUser',
          'Login',
          'GetCurrentUser',
          'GetTags',
          'DeleteArticle',
          'UpdateArticle',
        ],
      },
    ],
    [
      'nested literals count; spreads, comments, strings, types and classes do not',
      {
        given: `// GetTags: in a comment
type T = Pick<Handlers, 'Login'>;
interface I { CreateUser(): void }
class C { DeleteArticle() {} }
const s = "GetArticle: no";
const o = { ...others, outer: { GetArticles: 1 } };`,
        want: ['outer', 'GetArticles'],
      },
    ],
  ];
  it.each(cases)('%s', (_name, { given, want }) => {
    expect(objectLiteralKeys(given).map((key) => key.name)).toEqual(want);
  });

  it('gives the line of each key', () => {
    expect(objectLiteralKeys('const a = {\n  x: 1,\n\n  y() {},\n};')).toEqual([
      { name: 'x', line: 2 },
      { name: 'y', line: 4 },
    ]);
  });
});

describe('on the repository as it is', () => {
  it('reads every operation of the operations table with its statuses and type names', async () => {
    const found = await realOperations();
    expect(found.map((operation) => operation.id)).toEqual(Object.keys(operations));
    for (const operation of found) {
      const entry = operations[operation.id as keyof typeof operations];
      expect(operation).toMatchObject({
        operationId: entry.operationId,
        method: entry.method,
        path: entry.path,
        requestType: `${operation.id}Request`,
        responseType: `${operation.id}Response`,
      });
      expect(operation.responses.map((r) => r.status)).toEqual(Object.keys(entry.responses));
      expect(operation.responses.every((r) => r.description !== undefined)).toBe(true);
    }
    // GetTags' 200 is a $ref to components/responses/TagsResponse in the bundle.
    const document = JSON.parse(await read('generated/openapi.json'));
    const tags = found.find((operation) => operation.id === 'GetTags');
    expect(tags?.summary).toBe(document.paths['/api/tags'].get.summary);
    expect(tags?.responses[0]).toEqual({
      status: '200',
      description: firstSentence(document.components.responses.TagsResponse.description),
    });
  });

  it('finds the handwritten handlers, in the modules that have them', async () => {
    const ids = new Set(Object.keys(operations));
    const handled = await findHandled(
      path.join(REPO_ROOT, 'src/conduit/handlers'),
      path.join(REPO_ROOT, 'src/conduit/handlers/pending'),
      ids,
    );
    expect(handled.get('GetTags')?.file).toBe('tags.ts');
    expect(handled.get('Login')?.file).toBe('users.ts'); // `async Login(...) {}`
    expect(handled.get('DeleteArticleComment')?.file).toBe('comments.ts');
    // Every other operation is either handled or stubbed.
    const stubs = (await readdir(path.join(REPO_ROOT, 'src/conduit/handlers/pending')))
      .filter((name) => name !== 'index.ts')
      .map((name) => name.replace(/\.ts$/, ''));
    expect([...new Set([...handled.keys(), ...stubs])].sort()).toEqual([...ids].sort());
  });
});

describe('templates', () => {
  const widget = {
    id: 'CreateWidget',
    operationId: 'CreateWidget',
    method: 'POST',
    path: '/api/widgets',
    summary: 'Create a\n widget',
    requestType: 'CreateWidgetRequest',
    responseType: 'CreateWidgetResponse',
    responses: [
      { status: '201', description: 'Created.' },
      { status: '4XX', description: undefined },
      { status: 'default', description: "It's broken." },
    ],
  };

  it('a stub typed with the generated types that throws NotImplementedError', () => {
    const stub = renderStub(widget);
    expect(stub).toContain('make scaffold`: CreateWidget, POST /api/widgets (Create a widget).');
    expect(stub).toContain(
      "import type { CreateWidgetRequest, CreateWidgetResponse } from '../../../../generated/operations.js';",
    );
    expect(stub).toContain(
      'export async function CreateWidget(_request: CreateWidgetRequest<Principal>): Promise<CreateWidgetResponse> {\n' +
        "  throw new NotImplementedError('CreateWidget');\n}",
    );
  });

  it('a registry of the stubs, sorted, and an empty one', () => {
    expect(renderRegistry(['b', 'a'])).toContain(
      "import { a } from './a.js';\nimport { b } from './b.js';\n",
    );
    expect(renderRegistry(['b', 'a'])).toContain(
      'export const pendingHandlers = { a, b } satisfies',
    );
    expect(renderRegistry([])).toContain(
      'export const pendingHandlers = {} satisfies Partial<Handlers<Principal>>;',
    );
  });

  it('renames a stub whose operation is a reserved word or an imported name', () => {
    expect(stubName('delete')).toBe('deleteStub');
    expect(stubName('Principal')).toBe('PrincipalStub');
    expect(renderRegistry(['delete'])).toContain("import { deleteStub } from './delete.js';");
    expect(renderRegistry(['delete'])).toContain('{ delete: deleteStub }');
  });

  it('one pending test case per documented status', () => {
    const test = renderPendingTest(widget);
    expect(test).toContain("describe('CreateWidget: POST /api/widgets (Create a widget)', () => {");
    expect([...test.matchAll(/it\.todo\((.*)\);/g)].map((m) => m[1])).toEqual([
      "'answers 201: Created.'",
      "'answers 4XX'",
      "'answers default: It\\'s broken.'",
    ]);
  });

  it('firstSentence', () => {
    expect(firstSentence('One. Two.')).toBe('One.');
    expect(firstSentence('Version 1.2 is\n  out')).toBe('Version 1.2 is out');
    expect(firstSentence('')).toBeUndefined();
    expect(firstSentence(undefined)).toBeUndefined();
  });
});

describe('runScaffold', () => {
  // A root with the real generated files and one handwritten module implementing every
  // operation but GetTags and Login.
  let root: string;
  const all = Object.keys(operations);
  const handwritten = (ids: string[]) =>
    `export const handlers = {\n${ids.map((id) => `  ${id}: async () => ({}),`).join('\n')}\n};\n`;

  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'scaffold-run-'));
    for (const file of ['generated/operations.ts', 'generated/openapi.json', '.prettierrc.json']) {
      await mkdir(path.dirname(path.join(root, file)), { recursive: true });
      await copyFile(path.join(REPO_ROOT, file), path.join(root, file));
    }
    await mkdir(path.join(root, 'src/conduit/handlers'), { recursive: true });
    const rest = all.filter((id) => id !== 'GetTags' && id !== 'Login');
    await writeFile(path.join(root, 'src/conduit/handlers/rest.ts'), handwritten(rest));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('stubs what is missing, keeps an existing pending test, and reports leftovers', async () => {
    const mine = '// my own notes\n';
    await mkdir(path.join(root, 'tests/contract/pending'), { recursive: true });
    await writeFile(path.join(root, 'tests/contract/pending/Login.test.ts'), mine);

    const first = await runScaffold(root);
    expect(first.added.map((finding) => finding.file)).toEqual([
      'src/conduit/handlers/pending/GetTags.ts',
      'tests/contract/pending/GetTags.test.ts',
      'src/conduit/handlers/pending/Login.ts',
    ]);
    expect(first.registry?.message).toBe('2 pending operation(s): GetTags, Login');
    expect(await read('tests/contract/pending/Login.test.ts', root)).toBe(mine);
    expect(first.stale).toEqual([]);

    // GetTags gets a handwritten handler; its stub stays (scaffold deletes nothing) but is
    // no longer registered, and both leftovers are named.
    await writeFile(path.join(root, 'src/conduit/handlers/tags.ts'), handwritten(['GetTags']));
    const second = await runScaffold(root);
    expect(second.added).toEqual([]);
    expect(second.registry?.message).toBe('1 pending operation(s): Login');
    expect(second.leftovers.map((finding) => `${finding.file}: ${finding.message}`)).toEqual([
      'src/conduit/handlers/pending/GetTags.ts: GetTags is implemented at src/conduit/handlers/tags.ts:2; delete this stub (no longer registered)',
      'tests/contract/pending/GetTags.test.ts: GetTags is implemented at src/conduit/handlers/tags.ts:2; replace these pending cases with contract tests',
    ]);
    expect((await readdir(path.join(root, 'src/conduit/handlers/pending'))).sort()).toEqual([
      'GetTags.ts',
      'Login.ts',
      'index.ts',
    ]);

    const third = await runScaffold(root);
    expect(third.added).toEqual([]);
    expect(third.registry).toBeUndefined();
  });

  it('never counts a handler in the pending folder as handwritten', async () => {
    await runScaffold(root);
    const again = await runScaffold(root);
    expect(again.leftovers).toEqual([]);
    expect(again.registry).toBeUndefined();
  });

  it('asks for `make generate` when generated/ is missing', async () => {
    await rm(path.join(root, 'generated'), { recursive: true });
    await expect(runScaffold(root)).rejects.toThrow(/run `make generate`/);
  });
});

describe('NotImplementedError', () => {
  it('is answered with a 501 problem', async () => {
    const app = Fastify();
    configureErrors(app, [{ method: 'GET', path: '/api/widgets' }], { isUnavailable: () => false });
    app.get('/api/widgets', async () => {
      throw new NotImplementedError('ListWidgets');
    });
    try {
      const res = await app.inject({ method: 'GET', url: '/api/widgets' });
      expect(res.statusCode).toBe(501);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toEqual({
        type: '/problems/not-implemented',
        title: 'Not implemented',
        status: 501,
        detail: 'The operation ListWidgets is not implemented yet.',
        instance: '/api/widgets',
      });
    } finally {
      await app.close();
    }
  });
});
