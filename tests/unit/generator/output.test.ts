// writeGenerated: writes only what changed, removes only stale files it owns, and in check mode
// touches nothing.
import { mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generatedHeader, writeGenerated } from '../../../scripts/generator/output.js';
import { removeTree, writeTree } from './support.js';

const ours = (body: string) => `${generatedHeader('spec/openapi.yaml')}${body}`;

describe('writeGenerated', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await writeTree({
      'types.ts': ours('export type A = 1;\n'),
      'operations.ts': ours('old\n'),
      'client-v1.ts': ours('a file an earlier run wrote\n'),
      'handwritten.ts': 'export const mine = 1;\n',
      'prisma/client.ts': ours('not ours: a subdirectory\n'),
    });
  });
  afterEach(() => removeTree(dir));

  const files = new Map([
    ['openapi.json', '{}\n'],
    ['types.ts', ours('export type A = 1;\n')],
    ['operations.ts', ours('new\n')],
  ]);

  test('writes new and changed files, keeps unchanged ones (and their mtime), removes stale ones', async () => {
    const before = (await stat(path.join(dir, 'types.ts'))).mtimeMs;
    await new Promise((resolve) => setTimeout(resolve, 20));
    const report = await writeGenerated(dir, files);
    expect(report).toEqual({
      written: ['openapi.json', 'operations.ts'],
      unchanged: ['types.ts'],
      removed: ['client-v1.ts'],
    });
    expect((await stat(path.join(dir, 'types.ts'))).mtimeMs).toBe(before);
    expect(await readFile(path.join(dir, 'operations.ts'), 'utf8')).toBe(ours('new\n'));
    expect((await readdir(dir)).sort()).toEqual([
      'handwritten.ts',
      'openapi.json',
      'operations.ts',
      'prisma',
      'types.ts',
    ]);
    expect(await readdir(path.join(dir, 'prisma'))).toEqual(['client.ts']);
  });

  test('a second run changes nothing', async () => {
    await writeGenerated(dir, files);
    expect(await writeGenerated(dir, files)).toEqual({
      written: [],
      unchanged: ['openapi.json', 'operations.ts', 'types.ts'],
      removed: [],
    });
  });

  test('check mode reports the same changes and writes nothing', async () => {
    const report = await writeGenerated(dir, files, { check: true });
    expect(report.written).toEqual(['openapi.json', 'operations.ts']);
    expect(report.removed).toEqual(['client-v1.ts']);
    expect(await readFile(path.join(dir, 'operations.ts'), 'utf8')).toBe(ours('old\n'));
    expect((await readdir(dir)).sort()).toContain('client-v1.ts');
  });

  test('creates the directory when missing', async () => {
    const fresh = path.join(dir, 'fresh');
    await mkdir(path.join(dir, 'unrelated'));
    await writeFile(path.join(dir, 'unrelated', 'x.ts'), ours('x'));
    const report = await writeGenerated(fresh, files);
    expect(report.written).toEqual(['openapi.json', 'operations.ts', 'types.ts']);
  });
});
