// Which commit the working tree's spec is compared with, and that commit's bundled spec.
import { run } from './oasdiff.js';

export const DEFAULT_BASES = ['origin/main', 'main'] as const;
export const BUNDLE = 'generated/openapi.json';

export type BaseSelection =
  { kind: 'commit'; commit: string; description: string } | { kind: 'none'; reason: string };

export class BaseRefError extends Error {}

async function git(root: string, args: string[]): Promise<string | undefined> {
  const result = await run('git', args, { cwd: root });
  return result.code === 0 ? result.stdout.trim() : undefined;
}

const commitOf = (root: string, ref: string) =>
  git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);

const short = (commit: string) => commit.slice(0, 7);

/**
 * `explicit` (BASE) when given: its fork point with HEAD (git merge-base), so commits the base
 * gained after the branch started are not read as removals; a ref that does not resolve is an
 * error. Otherwise the fork point with origin/main, else main; when that is HEAD itself (CI
 * running on main, or a branch with nothing new), HEAD^, so the latest commit is still checked.
 * No base at all (no such branch, first commit) is not an error: there is nothing to break.
 */
export async function selectBase(root: string, explicit?: string): Promise<BaseSelection> {
  const head = await commitOf(root, 'HEAD');
  if (explicit) {
    const commit = await commitOf(root, explicit);
    if (!commit) {
      throw new BaseRefError(
        `BASE=${explicit} is not a commit here (a typo, or a shallow clone without it: fetch it first)`,
      );
    }
    const fork = head ? await git(root, ['merge-base', commit, head]) : undefined;
    if (!fork || fork === commit) {
      const description = commit.startsWith(explicit)
        ? short(commit)
        : `${explicit} (${short(commit)})`;
      return { kind: 'commit', commit, description };
    }
    return {
      kind: 'commit',
      commit: fork,
      description: `${short(fork)} (where HEAD forked from ${explicit}, ${short(commit)})`,
    };
  }
  if (!head) return { kind: 'none', reason: 'the repository has no commits yet' };
  let name: string | undefined;
  let commit: string | undefined;
  for (const candidate of DEFAULT_BASES) {
    commit = await commitOf(root, candidate);
    if (commit) {
      name = candidate;
      break;
    }
  }
  if (!name || !commit) {
    return { kind: 'none', reason: `neither ${DEFAULT_BASES.join(' nor ')} exists` };
  }
  const fork = (await git(root, ['merge-base', commit, head])) ?? commit;
  if (fork !== head) {
    const description =
      fork === commit
        ? `${name} (${short(commit)})`
        : `${short(fork)} (where HEAD forked from ${name}, ${short(commit)})`;
    return { kind: 'commit', commit: fork, description };
  }
  const parent = await commitOf(root, 'HEAD^');
  if (!parent) {
    return {
      kind: 'none',
      reason: `${name} is HEAD, and HEAD has no parent here (the first commit, or a shallow clone)`,
    };
  }
  return {
    kind: 'commit',
    commit: parent,
    description: `HEAD^ (${short(parent)}; ${name} is HEAD itself)`,
  };
}

/** The committed bundle at `commit`, or undefined when that commit has none. */
export async function bundleAt(root: string, commit: string): Promise<string | undefined> {
  const result = await run('git', ['show', `${commit}:${BUNDLE}`], { cwd: root });
  return result.code === 0 ? result.stdout : undefined;
}
