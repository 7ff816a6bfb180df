// The child processes a run starts (the service, the floor): spawned on loopback, stopped with
// SIGTERM and killed only when they do not stop in time, each stop idempotent.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import type { Cleanup } from './cleanup.js';

export const HOST = '127.0.0.1';

/** A port nothing listens on right now (the OS picks it). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, HOST);
  await once(probe, 'listening');
  const address = probe.address();
  probe.close();
  await once(probe, 'close');
  if (address === null || typeof address === 'string') throw new Error('no port assigned');
  return address.port;
}

export const exited = (child: ChildProcess): boolean =>
  child.exitCode !== null || child.signalCode !== null;

async function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (exited(child)) return true;
  const timeout = new Promise<false>((resolve) => setTimeout(resolve, ms, false).unref());
  return Promise.race([once(child, 'exit').then(() => true), timeout]);
}

/** The service's own shutdown waits up to 10 s for requests in flight. */
const GRACE_MS = 15_000;

export interface Child {
  process: ChildProcess;
  /** SIGTERM, then SIGKILL after a grace period; resolves once the process is gone. Once. */
  stop(): Promise<void>;
}

/**
 * Spawns `args` under this Node, registered with `cleanup` at once (a run stopped while the
 * child starts still stops it); an exit before stop() is reported as unexpected.
 */
export function spawnNode(
  name: string,
  args: string[],
  options: SpawnOptions,
  cleanup: Cleanup,
): Child {
  const child = spawn(process.execPath, args, options);
  // A failed spawn shows up as an exit; without a listener it would crash the benchmark.
  child.on('error', (error) => console.error(`${name}: ${error.message}`));
  let stopping = false;
  child.once('exit', (code, signal) => {
    if (!stopping)
      console.error(`${name} (pid ${child.pid}) exited unexpectedly (${signal ?? code})`);
  });
  const stop = cleanup.add(`${name} (pid ${child.pid})`, async () => {
    stopping = true;
    if (exited(child)) return;
    child.kill('SIGTERM');
    if (await waitForExit(child, GRACE_MS)) return;
    console.error(`${name} (pid ${child.pid}) did not stop within ${GRACE_MS / 1000}s; killing it`);
    child.kill('SIGKILL');
    await waitForExit(child, 5_000);
  });
  return { process: child, stop };
}

/** The resident memory of a process in MiB (ps, so Linux and macOS alike); undefined if gone. */
export async function residentMiB(pid: number | undefined): Promise<number | undefined> {
  if (pid === undefined) return undefined;
  const ps = spawn('ps', ['-o', 'rss=', '-p', String(pid)], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  ps.on('error', () => {});
  let output = '';
  ps.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const [code] = (await once(ps, 'close')) as [number | null];
  const kib = Number(output.trim());
  return code === 0 && kib > 0 ? Number((kib / 1024).toFixed(1)) : undefined;
}
