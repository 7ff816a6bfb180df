// Which commit the check compares with, in a throwaway git repository.
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BaseRefError, bundleAt, selectBase } from '../../../scripts/breaking/base-ref.js';
import { removeDir, tempDir } from './documents.js';

const env = {
  ...process.env,
  GIT_AUTHOR_NAME: 'test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
};

describe('selectBase', () => {
  let repo: string;
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: repo, env, encoding: 'utf8' }).trim();
  async function commit(message: string, bundle?: string): Promise<string> {
    if (bundle !== undefined) {
      await mkdir(path.join(repo, 'generated'), { recursive: true });
      await writeFile(path.join(repo, 'generated/openapi.json'), bundle);
    } else {
      await writeFile(path.join(repo, `${message}.txt`), message);
    }
    git('add', '-A');
    git('commit', '-q', '-m', message);
    return git('rev-parse', 'HEAD');
  }

  beforeEach(async () => {
    repo = await tempDir();
    git('init', '-q', '-b', 'main');
  });
  afterEach(() => removeDir(repo));

  test('no commits, or only one on main: nothing to compare with', async () => {
    expect(await selectBase(repo)).toMatchObject({ kind: 'none' });
    await commit('first');
    expect(await selectBase(repo)).toEqual({
      kind: 'none',
      reason: 'main is HEAD, and HEAD has no parent here (the first commit, or a shallow clone)',
    });
  });

  test('on main itself: HEAD^, so the latest commit is still checked', async () => {
    const first = await commit('first');
    await commit('second', '{"v":2}');
    expect(await selectBase(repo)).toMatchObject({ kind: 'commit', commit: first });
    expect(await bundleAt(repo, first)).toBeUndefined();
  });

  test('on a branch: where it forked from main, not main tip', async () => {
    await commit('first');
    const fork = await commit('spec', '{"v":1}');
    git('checkout', '-q', '-b', 'feature');
    await commit('feature', '{"v":"feature"}');
    git('checkout', '-q', 'main');
    await commit('main moved on', '{"v":"main"}');
    git('checkout', '-q', 'feature');
    const base = await selectBase(repo);
    expect(base).toMatchObject({ kind: 'commit', commit: fork });
    expect(await bundleAt(repo, fork)).toBe('{"v":1}');
    // origin/main wins over main when both exist.
    git('update-ref', 'refs/remotes/origin/main', 'HEAD');
    expect(await selectBase(repo)).toMatchObject({
      kind: 'commit',
      commit: git('rev-parse', 'HEAD^'),
    });
  });

  test('an explicit BASE is used as given (HEAD compares uncommitted edits); unknown is an error', async () => {
    await commit('first');
    const head = await commit('second', '{}');
    expect(await selectBase(repo, 'HEAD')).toEqual({
      kind: 'commit',
      commit: head,
      description: `HEAD (${head.slice(0, 7)})`,
    });
    await expect(selectBase(repo, 'no-such-branch')).rejects.toThrow(BaseRefError);
  });
});
