// The comparison core and the CLI on two files: what breaks clients fails, what does not passes,
// and reviewed acceptances let a break through, reported as accepted. Needs oasdiff, which the
// first run installs into .tools/bin with Go (a minute or two, outside the test timeouts).
import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseAcceptances } from '../../../scripts/breaking/acceptance.js';
import { compareSpecs, type CompareResult } from '../../../scripts/breaking/compare.js';
import {
  ensureOasdiff,
  hasGo,
  installedVersion,
  OASDIFF_VERSION,
  oasdiffPath,
} from '../../../scripts/breaking/oasdiff.js';
import {
  baseDocument,
  type Doc,
  edited,
  entryYaml,
  REPO_ROOT,
  removeDir,
  tempDir,
  writeJson,
} from './documents.js';

const INSTALL_TIMEOUT = 15 * 60_000;
const available =
  (await installedVersion(oasdiffPath(REPO_ROOT))) === OASDIFF_VERSION || (await hasGo());
if (!available) {
  console.warn(
    `Skipping the breaking-change comparison tests: oasdiff ${OASDIFF_VERSION} is not in ` +
      '.tools/bin and Go is not installed to build it.',
  );
}
const describeWithOasdiff = available ? describe : describe.skip;

describeWithOasdiff('breaking-change check', () => {
  let oasdiff: string;
  let dir: string;
  beforeAll(async () => {
    oasdiff = await ensureOasdiff(REPO_ROOT, () => {});
    dir = await tempDir();
  }, INSTALL_TIMEOUT);
  afterAll(() => removeDir(dir));

  let counter = 0;
  async function compare(revision: Doc, acceptedYaml = ''): Promise<CompareResult> {
    counter += 1;
    const baseFile = await writeJson(dir, `base-${counter}.json`, baseDocument());
    const revisionFile = await writeJson(dir, `revision-${counter}.json`, revision);
    return compareSpecs({
      oasdiff,
      baseFile,
      revisionFile,
      acceptances: parseAcceptances(acceptedYaml, 'accepted.yaml'),
      acceptedFileLabel: 'accepted.yaml',
    });
  }

  const ids = (result: CompareResult) => result.unaccepted.map((change) => change.id);

  test('an unchanged document passes', async () => {
    const result = await compare(baseDocument());
    expect(result.ok).toBe(true);
    expect(result.changes).toEqual([]);
    expect(result.report).toContain('No breaking changes.');
  });

  test('a removed operation fails', async () => {
    const result = await compare(edited((doc) => delete doc.paths['/api/articles/{slug}'].delete));
    expect(result.ok).toBe(false);
    expect(ids(result)).toEqual(['api-removed-without-deprecation']);
    expect(result.unaccepted[0]).toMatchObject({
      operation: 'DELETE',
      path: '/api/articles/{slug}',
    });
    expect(result.report).toContain('NOT ACCEPTED');
    expect(result.report).toContain('[api-removed-without-deprecation]');
  });

  test('a removed error response status fails (project policy; oasdiff alone says info)', async () => {
    const result = await compare(
      edited((doc) => delete doc.paths['/api/articles/{slug}'].get.responses['404']),
    );
    expect(result.ok).toBe(false);
    expect(ids(result)).toEqual(['response-non-success-status-removed']);
  });

  test('a removed success response status fails', async () => {
    const result = await compare(
      edited((doc) => {
        const responses = doc.paths['/api/articles'].post.responses;
        responses['200'] = responses['201'];
        delete responses['201'];
      }),
    );
    expect(result.ok).toBe(false);
    expect(ids(result)).toContain('response-success-status-removed');
  });

  test('a new required request field fails', async () => {
    const result = await compare(
      edited((doc) => {
        const schema = doc.components.schemas.NewArticle;
        schema.properties.description = { type: 'string' };
        schema.required.push('description');
      }),
    );
    expect(result.ok).toBe(false);
    expect(ids(result)).toEqual(['new-required-request-property']);
  });

  test('a response property retyped from string to integer fails', async () => {
    const result = await compare(
      edited((doc) => (doc.components.schemas.Article.properties.favoritesCount.type = 'integer')),
    );
    expect(result.ok).toBe(false);
    expect(new Set(ids(result))).toEqual(new Set(['response-property-type-changed']));
    // Once per operation that returns an Article.
    expect(result.unaccepted.map((change) => `${change.operation} ${change.path}`).sort()).toEqual([
      'GET /api/articles',
      'GET /api/articles/{slug}',
      'POST /api/articles',
    ]);
  });

  test('a removed request enum value fails', async () => {
    const result = await compare(
      edited((doc) => (doc.components.schemas.NewArticle.properties.visibility.enum = ['public'])),
    );
    expect(result.ok).toBe(false);
    expect(ids(result)).toEqual(['request-property-enum-value-removed']);
  });

  test('a WARN-level change (a removed request property) fails too', async () => {
    const result = await compare(
      edited((doc) => delete doc.components.schemas.NewArticle.properties.body),
    );
    expect(result.ok).toBe(false);
    expect(result.unaccepted).toEqual([
      expect.objectContaining({ id: 'request-property-removed', level: 2 }),
    ]);
  });

  test('a new optional response field and a new operation pass', async () => {
    const result = await compare(
      edited((doc) => {
        doc.components.schemas.Article.properties.readingMinutes = { type: 'integer' };
        doc.paths['/api/tags'] = {
          get: { operationId: 'listTags', responses: { '200': { description: 'Tags' } } },
        };
      }),
    );
    expect(result.ok).toBe(true);
    expect(result.changes).toEqual([]);
  });

  test('an accepted change passes and is reported as accepted, with its reason', async () => {
    const accepted = `accepted:\n${entryYaml({
      id: 'api-removed-without-deprecation',
      operation: 'DELETE /api/articles/{slug}',
      reason: 'Articles are archived now; clients were told in the 2.0 notice.',
    })}`;
    const result = await compare(
      edited((doc) => delete doc.paths['/api/articles/{slug}'].delete),
      accepted,
    );
    expect(result.ok).toBe(true);
    expect(result.unaccepted).toEqual([]);
    expect(result.accepted).toHaveLength(1);
    expect(result.accepted[0]?.acceptedBy?.approvedBy).toBe('Jane Doe (@jane)');
    expect(result.report).toContain('1 breaking change (1 error, 0 warnings): 1 accepted');
    expect(result.report).toContain(
      '[api-removed-without-deprecation] at DELETE /api/articles/{slug}: 1 change\n' +
        '  accepted error: DELETE /api/articles/{slug}: api removed without deprecation\n' +
        '  reason: Articles are archived now; clients were told in the 2.0 notice.\n' +
        '  approved by Jane Doe (@jane) on 2026-05-04 (accepted.yaml:2, entry 1)',
    );
    expect(result.report).toContain('Articles are archived now');
    expect(result.report).not.toContain('NOT ACCEPTED');
  });

  test('an acceptance covers only its own rule, operation and text', async () => {
    const revision = edited((doc) => {
      delete doc.paths['/api/articles/{slug}'].delete;
      delete doc.paths['/api/articles/{slug}'].get.responses['404'];
    });
    const accepted = `accepted:\n${[
      // Right rule, other operation.
      entryYaml({ id: 'api-removed-without-deprecation', operation: 'GET /api/articles/{slug}' }),
      // Right rule and operation, other text.
      entryYaml({
        id: 'response-non-success-status-removed',
        operation: 'GET /api/articles/{slug}',
        change: 'status `409`',
      }),
    ].join('')}`;
    const result = await compare(revision, accepted);
    expect(result.ok).toBe(false);
    expect(ids(result).sort()).toEqual([
      'api-removed-without-deprecation',
      'response-non-success-status-removed',
    ]);
    expect(result.unusedAcceptances).toHaveLength(2);
    expect(result.report).toContain('match no change in this comparison');

    const narrowed = accepted.replace('status `409`', 'status `404`');
    const second = await compare(revision, narrowed);
    expect(ids(second)).toEqual(['api-removed-without-deprecation']);
    expect(second.accepted.map((change) => change.id)).toEqual([
      'response-non-success-status-removed',
    ]);
  });

  test('one schema change at several operations: suggested entries use `*`, and accept it', async () => {
    const revision = edited(
      (doc) => (doc.components.schemas.Article.properties.favoritesCount.type = 'integer'),
    );
    const failed = await compare(revision);
    const suggested = failed.report.slice(failed.report.indexOf('  - id:'));
    // POST and GET {slug} (statuses 201 and 200) share one entry; the list names the property
    // `items/favoritesCount`, so it gets its own.
    expect(suggested).toContain(
      [
        '  - id: response-property-type-changed',
        '    operation: "*"',
        "    change: the `favoritesCount` response's property `type` changed from `string` to `integer` for status",
      ].join('\n'),
    );
    expect(suggested).toContain('    operation: GET /api/articles\n');
    const filled = suggested
      .replaceAll('reason: ""', 'reason: "Counts are numbers; all clients parse both."')
      .replaceAll('approvedBy: ""', 'approvedBy: Jane');
    const result = await compare(revision, `accepted:\n${filled}\n`);
    expect(result.ok).toBe(true);
    expect(result.accepted).toHaveLength(3);
    expect(result.report).toContain('at * matching "the `favoritesCount` response');
  });

  test('a failing report prints entries to paste, which fail until filled in', async () => {
    const result = await compare(edited((doc) => delete doc.paths['/api/articles/{slug}'].delete));
    const stub = result.report.slice(result.report.indexOf('  - id:'));
    expect(stub).toContain('operation: DELETE /api/articles/{slug}');
    expect(() => parseAcceptances(`accepted:\n${stub}\n`, 'stub.yaml')).toThrow(
      /`reason` is missing or empty/,
    );
  });

  describe('the CLI, given two files', () => {
    const cli = (...args: string[]) =>
      spawnSync(
        path.join(REPO_ROOT, 'node_modules/.bin/tsx'),
        [path.join(REPO_ROOT, 'scripts/breaking-changes.ts'), ...args],
        { cwd: REPO_ROOT, encoding: 'utf8' },
      );
    let files: { base: string; revision: string };
    beforeAll(async () => {
      files = {
        base: await writeJson(dir, 'cli-base.json', baseDocument()),
        revision: await writeJson(
          dir,
          'cli-revision.json',
          edited((doc) => delete doc.paths['/api/articles/{slug}'].delete),
        ),
      };
    });
    const withAccepted = async (yaml: string) => {
      const file = path.join(dir, `accepted-${(counter += 1)}.yaml`);
      await writeFile(file, yaml);
      return ['--base-file', files.base, '--revision-file', files.revision, '--accepted', file];
    };

    test('exits 1 on a breaking change', async () => {
      const run = cli(...(await withAccepted('accepted: []\n')));
      expect(run.status).toBe(1);
      expect(run.stdout).toContain('[api-removed-without-deprecation]');
      expect(run.stdout).toContain('breaking-check FAILED');
    });

    test('exits 0 when it is accepted, and prints it as accepted', async () => {
      const entry = entryYaml({
        id: 'api-removed-without-deprecation',
        operation: 'DELETE /api/articles/{slug}',
      });
      const run = cli(...(await withAccepted(`accepted:\n${entry}`)));
      expect(run.stdout).toContain(
        'accepted error: DELETE /api/articles/{slug}: api removed without deprecation',
      );
      expect(run.stdout).toContain('breaking-check passed');
      expect(run.status).toBe(0);
    });

    test('exits 1 when an acceptance entry has no reason, whatever the comparison', async () => {
      const entry = entryYaml({
        id: 'api-removed-without-deprecation',
        operation: 'DELETE /api/articles/{slug}',
        reason: null,
      });
      const args = await withAccepted(`accepted:\n${entry}`);
      const run = cli(...args.map((arg) => (arg === files.revision ? files.base : arg)));
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/accepted-\d+\.yaml:2, entry 1: `reason` is missing or empty/);
    });
  });
});
