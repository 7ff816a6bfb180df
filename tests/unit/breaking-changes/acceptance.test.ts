// The acceptance file: every entry says which change, why, who and when; anything less fails.
import {
  AcceptanceFileError,
  ignoreLine,
  matches,
  normalizeOperation,
  type OasdiffChange,
  parseAcceptances,
} from '../../../scripts/breaking/acceptance.js';
import { entryYaml } from './documents.js';

const removal: OasdiffChange = {
  id: 'api-removed-without-deprecation',
  text: 'api removed without deprecation',
  level: 3,
  operation: 'DELETE',
  path: '/api/articles/{slug}',
  section: 'paths',
};

function problems(yaml: string): string[] {
  try {
    parseAcceptances(yaml, 'accepted.yaml');
  } catch (error) {
    if (error instanceof AcceptanceFileError) return error.problems;
    throw error;
  }
  return [];
}

describe('parseAcceptances', () => {
  test('an empty file, an empty list and `accepted: []` accept nothing', () => {
    expect(parseAcceptances('', 'a.yaml')).toEqual([]);
    expect(parseAcceptances('# nothing yet\naccepted:\n', 'a.yaml')).toEqual([]);
    expect(parseAcceptances('accepted: []\n', 'a.yaml')).toEqual([]);
  });

  test('reads a complete entry, normalising the operation', () => {
    const yaml = `accepted:\n${entryYaml({ id: 'api-removed-without-deprecation', operation: 'delete  /api/x', change: 'removed' })}`;
    expect(parseAcceptances(yaml, 'a.yaml')).toEqual([
      {
        id: 'api-removed-without-deprecation',
        operation: 'DELETE /api/x',
        change: 'removed',
        reason: 'Reviewed: no client uses it.',
        approvedBy: 'Jane Doe (@jane)',
        approvedOn: '2026-05-04',
        location: 'a.yaml:2, entry 1',
      },
    ]);
  });

  test('an unquoted date is read as written', () => {
    const yaml = [
      'accepted:',
      '  - id: api-schema-removed',
      '    operation: components',
      '    reason: Unused.',
      '    approvedBy: Jane',
      '    approvedOn: 2026-05-04',
    ].join('\n');
    expect(parseAcceptances(yaml, 'a.yaml')[0]).toMatchObject({
      operation: 'components',
      approvedOn: '2026-05-04',
    });
  });

  test('an entry without a reason is an error', () => {
    const yaml = `accepted:\n${entryYaml({ id: 'api-removed-without-deprecation', operation: 'DELETE /api/x', reason: null })}`;
    expect(problems(yaml)).toEqual(['accepted.yaml:2, entry 1: `reason` is missing or empty']);
    expect(() => parseAcceptances(yaml, 'accepted.yaml')).toThrow(/accepted\.yaml is invalid/);
  });

  test('placeholders, missing approvals, bad dates, operations and keys are errors', () => {
    const yaml = [
      'accepted:',
      entryYaml({ id: 'a-rule', operation: 'DELETE /x', reason: 'TODO' }).trimEnd(),
      entryYaml({ id: 'a-rule', operation: 'DELETE /x', approvedBy: '' }).trimEnd(),
      entryYaml({ id: 'a-rule', operation: 'DELETE /x', approvedOn: '2026-02-30' }).trimEnd(),
      entryYaml({ id: 'a-rule', operation: 'FETCH /x' }).trimEnd(),
      entryYaml({ id: 'Not An Id', operation: 'DELETE /x', reasons: 'typo' }).trimEnd(),
      '  - just text',
      'other: 1',
    ].join('\n');
    expect(problems(yaml)).toEqual([
      'unknown top-level key `other` (expected `accepted`)',
      'accepted.yaml:2, entry 1: `reason` must explain why the break is acceptable, not "TODO"',
      'accepted.yaml:7, entry 2: `approvedBy` is missing or empty',
      'accepted.yaml:12, entry 3: `approvedOn` must be the approval date as YYYY-MM-DD',
      expect.stringMatching(/^accepted\.yaml:17, entry 4: `operation` must be "METHOD \/path"/),
      expect.stringMatching(/^accepted\.yaml:22, entry 5: unknown key `reasons`/),
      expect.stringMatching(/^accepted\.yaml:22, entry 5: `id` must be an oasdiff rule id/),
      expect.stringMatching(/^accepted\.yaml:28, entry 6: expected a mapping/),
    ]);
  });

  test('YAML syntax errors are reported with their line', () => {
    expect(problems('accepted:\n  - id: [unclosed\n')[0]).toMatch(/^line \d+: /);
  });
});

describe('matching', () => {
  const [entry] = parseAcceptances(
    `accepted:\n${entryYaml({ id: 'api-removed-without-deprecation', operation: 'DELETE /api/articles/{slug}' })}`,
    'a.yaml',
  );

  test('by rule id and operation; `change` narrows by text, ignoring case and spacing', () => {
    expect(matches(entry!, removal)).toBe(true);
    expect(matches(entry!, { ...removal, id: 'api-path-removed-without-deprecation' })).toBe(false);
    expect(matches(entry!, { ...removal, operation: 'GET' })).toBe(false);
    expect(matches({ ...entry!, change: 'API  removed' }, removal)).toBe(true);
    expect(matches({ ...entry!, change: 'renamed' }, removal)).toBe(false);
    expect(matches({ ...entry!, operation: '*' }, { ...removal, path: '/other' })).toBe(true);
  });

  test('operations are compared as oasdiff prints them', () => {
    expect(normalizeOperation(' get /a ')).toBe('GET /a');
    expect(normalizeOperation('Components')).toBe('components');
    expect(normalizeOperation(' * ')).toBe('*');
    expect(normalizeOperation('/a')).toBeUndefined();
    expect(normalizeOperation('GET a')).toBeUndefined();
  });

  test("ignore lines carry what oasdiff's --err-ignore matching needs", () => {
    expect(ignoreLine(removal)).toBe('DELETE /api/articles/{slug} api removed without deprecation');
    expect(
      ignoreLine({ id: 'x', text: 'removed the schema `Old`', level: 3, section: 'components' }),
    ).toBe('components removed the schema `Old`');
  });
});
