// The regeneration workflow end to end, on temporary copies of the repository: change the spec,
// `tsx scripts/generate.ts`, `tsx scripts/scaffold.ts`, then look at exactly which files changed
// and at what the compiler says. Three type-checks in all: one of all of src/, two of the
// handler modules only (see typeCheck in ./support.ts).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  changes,
  copyRepository,
  edit,
  filesOf,
  generate,
  removeCopy,
  snapshot,
  tsx,
  typeCheck,
  type Diagnostic,
  type Run,
} from './support.js';

const SLOW = 180_000;

const LIST_WIDGETS = `get:
  tags: [Tags]
  operationId: ListWidgets
  summary: List widgets
  description: Every widget.
  security: []
  responses:
    '200':
      description: The widgets, newest first.
      content:
        application/json:
          schema:
            type: object
            required: [widgets]
            properties:
              widgets:
                type: array
                items:
                  type: string
    '500':
      $ref: ../components/responses/InternalError.yaml
`;

const CREATE_WIDGET = `post:
  tags: [Tags]
  operationId: CreateWidget
  summary: Create a widget
  description: Adds a widget.
  security:
    - Token: []
  requestBody:
    required: true
    content:
      application/json:
        schema:
          type: object
          required: [name]
          properties:
            name:
              type: string
  responses:
    '201':
      description: The widget was created.
      content:
        application/json:
          schema:
            type: object
            required: [name]
            properties:
              name:
                type: string
    '401':
      $ref: ../components/responses/Unauthorized.yaml
    '422':
      $ref: ../components/responses/ValidationFailed.yaml
    '500':
      $ref: ../components/responses/InternalError.yaml
`;

const STUBS = 'src/conduit/handlers/pending';
const REGISTRY = `${STUBS}/index.ts`;
const PENDING_TESTS = 'tests/contract/pending';

/** Asks the app built in the copy (database never touched) what GET /api/widgets answers. */
const PROBE = `import { buildApp } from './src/conduit/app.ts';
import { loadConfig } from './src/conduit/config.ts';

const idle = async () => {};
const database = {
  users: {}, profiles: {}, articles: {}, comments: {}, tags: {},
  migrate: idle, ping: idle, close: idle,
};
const config = loadConfig({ LOG_LEVEL: 'silent', JWT_SECRET: 'x'.repeat(40) });
const app = await buildApp(config, { database } as never);
const res = await app.inject({ method: 'GET', url: '/api/widgets' });
console.log(JSON.stringify({ status: res.statusCode, type: res.headers['content-type'], body: res.json() }));
await app.close();
`;

const expectNoDiagnostics = (diagnostics: Diagnostic[]) =>
  expect(diagnostics.map((d) => `${d.file}:${d.line} TS${d.code} ${d.message}`)).toEqual([]);

describe('adding operations, then removing one that only has a stub', () => {
  let dir: string;
  let beforeScaffold: Map<string, string>;
  let afterScaffold: Map<string, string>;
  let first: Run;

  beforeAll(async () => {
    dir = await copyRepository();
    await writeFile(path.join(dir, 'spec/paths/widgets.yaml'), LIST_WIDGETS + CREATE_WIDGET);
    await edit(dir, 'spec/openapi.yaml', (text) =>
      text.replace(
        '  /api/tags:\n',
        '  /api/widgets:\n    $ref: paths/widgets.yaml\n  /api/tags:\n',
      ),
    );
    await generate(dir);
    beforeScaffold = await snapshot(dir);
    first = await tsx(dir, 'scripts/scaffold.ts');
    afterScaffold = await snapshot(dir);
  }, SLOW);
  afterAll(() => removeCopy(dir));

  it('adds exactly a stub and a pending test per new operation, and rewrites the registry', () => {
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(changes(beforeScaffold, afterScaffold)).toEqual({
      added: [
        `${STUBS}/CreateWidget.ts`,
        `${STUBS}/ListWidgets.ts`,
        `${PENDING_TESTS}/CreateWidget.test.ts`,
        `${PENDING_TESTS}/ListWidgets.test.ts`,
      ],
      changed: [REGISTRY],
      removed: [],
    });
    expect(first.stdout).toContain(`added ${STUBS}/ListWidgets.ts: 501 stub for GET /api/widgets`);
    expect(first.stdout).toContain(`added ${PENDING_TESTS}/CreateWidget.test.ts`);
    expect(first.stdout).toContain('2 new stub(s)');
  });

  it('types the stub with the generated request and response types', async () => {
    const stub = await readFile(path.join(dir, STUBS, 'CreateWidget.ts'), 'utf8');
    expect(stub).toMatch(
      /import type \{\s*CreateWidgetRequest,\s*CreateWidgetResponse,?\s*\} from '\.\.\/\.\.\/\.\.\/\.\.\/generated\/operations\.js';/,
    );
    expect(stub).toContain(
      'export async function CreateWidget(\n  _request: CreateWidgetRequest<Principal>,\n): Promise<CreateWidgetResponse> {',
    );
    const registry = await readFile(path.join(dir, REGISTRY), 'utf8');
    expect(registry).toContain('export const pendingHandlers = { CreateWidget, ListWidgets }');
  });

  it('lists one pending case per documented status', async () => {
    const test = await readFile(path.join(dir, PENDING_TESTS, 'CreateWidget.test.ts'), 'utf8');
    const cases = [...test.matchAll(/it\.todo\(\s*["']answers (\w+)/g)].map((match) => match[1]);
    expect(cases).toEqual(['201', '401', '422', '500']);
    expect(test).toContain("it.todo('answers 201: The widget was created.');");
    expect(test).toContain("describe('CreateWidget: POST /api/widgets (Create a widget)'");
  });

  it(
    'leaves the copy type-checking',
    () => {
      expectNoDiagnostics(typeCheck(dir, 'src'));
    },
    SLOW,
  );

  it(
    'answers a stubbed operation with a 501 problem',
    async () => {
      await writeFile(path.join(dir, 'probe.ts'), PROBE);
      const run = await tsx(dir, 'probe.ts');
      expect(run.stderr).toBe('');
      expect(JSON.parse(run.stdout)).toEqual({
        status: 501,
        type: expect.stringMatching(/^application\/problem\+json(;|$)/),
        body: {
          type: '/problems/not-implemented',
          title: 'Not implemented',
          status: 501,
          detail: 'The operation ListWidgets is not implemented yet.',
          instance: '/api/widgets',
        },
      });
    },
    SLOW,
  );

  it(
    'adds nothing when run again',
    async () => {
      const before = await snapshot(dir);
      const again = await tsx(dir, 'scripts/scaffold.ts');
      expect(again).toMatchObject({ code: 0, stderr: '' });
      expect(again.stdout.trim()).toMatch(/^\d+ operations; nothing added$/);
      expect(changes(before, await snapshot(dir))).toEqual({ added: [], changed: [], removed: [] });
    },
    SLOW,
  );

  it(
    'fails the type-check in the stub, and fails scaffold, when its operation leaves the spec',
    async () => {
      await writeFile(path.join(dir, 'spec/paths/widgets.yaml'), CREATE_WIDGET);
      await generate(dir);
      const before = await snapshot(dir);
      const run = await tsx(dir, 'scripts/scaffold.ts');

      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`stale: ${STUBS}/ListWidgets.ts: ListWidgets is no longer in`);
      expect(run.stdout).toContain(`note: ${PENDING_TESTS}/ListWidgets.test.ts: ListWidgets is no`);
      expect(changes(before, await snapshot(dir))).toEqual({
        added: [],
        changed: [REGISTRY],
        removed: [],
      });
      const registry = await readFile(path.join(dir, REGISTRY), 'utf8');
      expect(registry).toContain('export const pendingHandlers = { CreateWidget }');

      const diagnostics = typeCheck(dir, 'handlers');
      expect(filesOf(diagnostics)).toEqual([`${STUBS}/ListWidgets.ts`]);
      expect(diagnostics[0]?.message).toMatch(/no exported member .*ListWidgets(Request|Response)/);
    },
    SLOW,
  );
});

describe('removing and changing implemented operations', () => {
  let dir: string;
  let scaffoldChanges: ReturnType<typeof changes>;
  let run: Run;
  let diagnostics: Diagnostic[];

  beforeAll(async () => {
    dir = await copyRepository();
    // DeleteArticleComment leaves the spec; GetTags' 200 body gains a required member.
    await edit(dir, 'spec/openapi.yaml', (text) =>
      text.replace(
        '  /api/articles/{slug}/comments/{id}:\n    $ref: paths/articles-slug-comments-id.yaml\n',
        '',
      ),
    );
    await edit(dir, 'spec/paths/tags.yaml', (text) =>
      text.replace(
        "    '200':\n      $ref: ../components/responses/TagsResponse.yaml\n",
        `    '200':
      description: The tags and how many there are.
      content:
        application/json:
          schema:
            type: object
            required: [tags, tagsCount]
            properties:
              tags:
                type: array
                items:
                  type: string
              tagsCount:
                type: integer
`,
      ),
    );
    await generate(dir);
    const before = await snapshot(dir);
    run = await tsx(dir, 'scripts/scaffold.ts');
    scaffoldChanges = changes(before, await snapshot(dir));
    diagnostics = typeCheck(dir, 'handlers');
  }, SLOW);
  afterAll(() => removeCopy(dir));

  it('scaffolds nothing and leaves every file byte-identical', () => {
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout.trim()).toMatch(/^\d+ operations; nothing added$/);
    expect(scaffoldChanges).toEqual({ added: [], changed: [], removed: [] });
  });

  it('fails the type-check only in the handler modules concerned', () => {
    expect(filesOf(diagnostics)).toEqual([
      'src/conduit/handlers/comments.ts',
      'src/conduit/handlers/tags.ts',
    ]);
  });

  it('points at the handler of the removed operation', () => {
    const inComments = diagnostics.filter((d) => d.file === 'src/conduit/handlers/comments.ts');
    expect(inComments.map((d) => d.message)).toContainEqual(
      expect.stringContaining('DeleteArticleComment'),
    );
  });

  it('points at the handler whose response changed', () => {
    const inTags = diagnostics.filter((d) => d.file === 'src/conduit/handlers/tags.ts');
    expect(inTags.map((d) => d.message)).toContainEqual(expect.stringContaining('tagsCount'));
  });
});
