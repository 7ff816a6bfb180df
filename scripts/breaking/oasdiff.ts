// The pinned oasdiff (https://github.com/oasdiff/oasdiff) in .tools/bin: installed with Go on
// first use, reinstalled when the binary there reports another version.
import { spawn } from 'node:child_process';
import { access, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const OASDIFF_VERSION = 'v1.35.0';
const MODULE = 'github.com/oasdiff/oasdiff';
// Without this `oasdiff --version` says "main" (releases set it the same way), and the version
// check below could not tell a pinned build from any other.
const LDFLAGS = `-X ${MODULE}/build.Version=${OASDIFF_VERSION}`;

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion; rejects only when it cannot be started (e.g. not installed). */
export function run(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) =>
      resolve({
        code: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      }),
    );
  });
}

export function oasdiffPath(root: string): string {
  return path.join(root, '.tools', 'bin', process.platform === 'win32' ? 'oasdiff.exe' : 'oasdiff');
}

/** The version a binary reports, or undefined when there is none or it does not run. */
export async function installedVersion(binary: string): Promise<string | undefined> {
  try {
    const result = await run(binary, ['--version']);
    return /oasdiff version (\S+)/.exec(result.stdout)?.[1];
  } catch {
    return undefined;
  }
}

export async function hasGo(): Promise<boolean> {
  try {
    return (await run('go', ['version'])).code === 0;
  } catch {
    return false;
  }
}

export class OasdiffUnavailableError extends Error {}

/**
 * The path of oasdiff OASDIFF_VERSION under `root`/.tools/bin, installing it first when missing
 * or of another version. The build goes to a staging directory and is renamed into place, so
 * concurrent runs never execute a half-written binary.
 */
export async function ensureOasdiff(
  root: string,
  log: (line: string) => void = (line) => console.error(line),
): Promise<string> {
  const binary = oasdiffPath(root);
  const found = await installedVersion(binary);
  if (found === OASDIFF_VERSION) return binary;
  if (!(await hasGo())) {
    throw new OasdiffUnavailableError(
      `oasdiff ${OASDIFF_VERSION} is not in .tools/bin and Go is not installed to build it: ` +
        'install Go (https://go.dev/dl/), then run this again.',
    );
  }
  const what = found
    ? `replacing oasdiff ${found} in .tools/bin with ${OASDIFF_VERSION}`
    : `installing oasdiff ${OASDIFF_VERSION} into .tools/bin`;
  log(`${what} (once; a minute or two on a cold Go cache)`);
  const tools = path.join(root, '.tools');
  await mkdir(path.dirname(binary), { recursive: true });
  const staging = await mkdtemp(path.join(tools, 'oasdiff-install-'));
  try {
    const built = path.join(staging, path.basename(binary));
    const install = await run(
      'go',
      ['install', `-ldflags=${LDFLAGS}`, `${MODULE}@${OASDIFF_VERSION}`],
      {
        env: { ...process.env, GOBIN: staging },
      },
    );
    if (install.code !== 0) {
      log(`go install ${MODULE}@${OASDIFF_VERSION} failed:\n${lastLines(install.stderr, 4)}`);
      log('building the same version with a pinned replacement for the unavailable module instead');
      await buildWithReplacement(tools, built);
    }
    await rename(built, binary);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  const now = await installedVersion(binary);
  if (now !== OASDIFF_VERSION) {
    throw new OasdiffUnavailableError(
      `installed ${binary} but it reports version ${now ?? '(none)'}, not ${OASDIFF_VERSION}`,
    );
  }
  return binary;
}

/**
 * The fallback for module proxies that refuse to serve one of oasdiff's dependencies: ours
 * answers 403 for github.com/pb33f/go-yaml, which only github.com/pb33f/ordered-map/v2 v2.3.2
 * needs, and ordered-map is used only by `oasdiff schema` (through invopop/jsonschema), never by
 * `oasdiff breaking`. The same oasdiff release is built in a throwaway module that swaps
 * ordered-map for v2.3.1 (same API, YAML support from go.yaml.in/yaml/v4). Every version is
 * pinned; checksums are verified against sum.golang.org as usual.
 */
async function buildWithReplacement(tools: string, output: string): Promise<void> {
  const dir = path.join(tools, 'oasdiff-build');
  await mkdir(dir, { recursive: true });
  await rm(path.join(dir, 'go.sum'), { force: true });
  await writeFile(
    path.join(dir, 'go.mod'),
    [
      '// Written by scripts/breaking/oasdiff.ts; see buildWithReplacement there.',
      'module local/oasdiff-build',
      '',
      'go 1.26',
      '',
      'require (',
      `\t${MODULE} ${OASDIFF_VERSION}`,
      '\tgo.yaml.in/yaml/v4 v4.0.0-rc.2',
      ')',
      '',
      'replace github.com/pb33f/ordered-map/v2 v2.3.2 => github.com/pb33f/ordered-map/v2 v2.3.1',
      '',
    ].join('\n'),
  );
  await writeFile(
    path.join(dir, 'tools.go'),
    `//go:build tools\n\npackage tools\n\nimport _ "${MODULE}"\n`,
  );
  const goflags = `${process.env.GOFLAGS ?? ''} -mod=mod`.trim();
  const build = await run('go', ['build', `-ldflags=${LDFLAGS}`, '-o', output, MODULE], {
    cwd: dir,
    env: { ...process.env, GOFLAGS: goflags },
  });
  if (build.code !== 0) {
    throw new OasdiffUnavailableError(
      `could not build oasdiff ${OASDIFF_VERSION}:\n${lastLines(build.stderr, 20)}`,
    );
  }
  await access(output);
}

function lastLines(text: string, count: number): string {
  return text
    .trimEnd()
    .split('\n')
    .slice(-count)
    .map((line) => `  ${line}`)
    .join('\n');
}
