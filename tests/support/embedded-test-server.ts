// The embedded PostgreSQL of a test run: a throwaway folder under the system's temp directory,
// no fsync, stopped and removed by global teardown. Folders of runs that died (their Jest
// process is gone) are cleaned up by the next run. Global setup cannot import the service's
// modules (they name each other with .js), so this drives scripts/db/embedded.ts.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PREFIX = 'conduit-test-postgres-';

// Global setup and teardown run in Jest's main process, one after the other.
let running: string | undefined;

const embedded = (...args: string[]) =>
  execFileSync('tsx', ['scripts/db/embedded.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();

/** Starts the run's server; returns its postgresql:// URL. */
export function startTestServer(): string {
  removeAbandoned();
  const dir = mkdtempSync(path.join(tmpdir(), PREFIX));
  // mkdtemp makes it private; the server's own account (under root) must reach the cluster.
  chmodSync(dir, 0o755);
  writeFileSync(path.join(dir, 'run.pid'), String(process.pid));
  running = dir;
  return embedded('url', dir, '--throwaway');
}

export function stopTestServer(): void {
  if (running === undefined) return;
  const dir = running;
  running = undefined;
  embedded('stop', dir);
  rmSync(dir, { recursive: true, force: true });
}

function isAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function removeAbandoned(): void {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(PREFIX)) continue;
    const dir = path.join(tmpdir(), name);
    let owner = NaN;
    try {
      owner = Number(readFileSync(path.join(dir, 'run.pid'), 'utf8'));
    } catch {
      // No owner recorded: abandoned as well.
    }
    if (isAlive(owner)) continue;
    try {
      embedded('stop', dir);
    } catch {
      // Nothing running there, or not a cluster at all: removed all the same.
    }
    rmSync(dir, { recursive: true, force: true });
  }
}
