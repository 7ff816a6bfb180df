// The real service as a child process on loopback, started as `make start` runs it (node on
// the build, dist/server.js) with the abuse limits off: a load test from one address measures
// the service, not its 429s. The response cache is off unless a caller turns it on.
import { fileURLToPath } from 'node:url';
import type { Cleanup } from './cleanup.js';
import { exited, HOST, residentMiB, spawnNode } from './processes.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ServiceProcess {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  pid: number | undefined;
  /** Resident memory after start, before any load. */
  idleRssMiB: number | undefined;
  stop(): Promise<void>;
}

/** Polls `probeUrl` until it answers 200; fails early when the process exits. */
async function waitUntilReady(gone: () => boolean, probeUrl: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (gone()) throw new Error('the service exited during start-up');
    try {
      const response = await fetch(probeUrl, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the service did not answer ${probeUrl} within ${timeoutMs / 1000}s`);
}

export async function startService(
  databaseUrl: string,
  port: number,
  cleanup: Cleanup,
  /** Settings for this start, over the defaults below. */
  settings: Record<string, string> = {},
): Promise<ServiceProcess> {
  const child = spawnNode(
    'service',
    ['dist/server.js'],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        // Another database or a shared limiter store from the caller's shell has no place here.
        MONGODB_URL: undefined,
        REDIS_URL: undefined,
        RATE_LIMIT_REDIS_URL: undefined,
        HOST,
        PORT: String(port),
        DATABASE_URL: databaseUrl,
        LOG_LEVEL: 'warn',
        // Tokens are taken once per data set and must outlive its measurements.
        JWT_TTL_SECONDS: String(24 * 3600),
        RATE_LIMIT_MAX: '0',
        REGISTRATION_RATE_LIMIT_MAX: '0',
        LOGIN_FAILURES_PER_ACCOUNT: '0',
        LOGIN_FAILURES_PER_IP: '0',
        // The routes above measure the database path, a read at a time; the response cache is
        // measured on its own (cache.ts), with and without it side by side.
        RESPONSE_CACHE: 'off',
        ...settings,
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
    cleanup,
  );
  const url = `http://${HOST}:${port}`;
  try {
    await waitUntilReady(() => exited(child.process), `${url}/ready`, 120_000);
  } catch (error) {
    await child.stop();
    throw error;
  }
  // A moment for start-up garbage to be collected, as it would be on an idle server.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  return {
    url,
    pid: child.process.pid,
    idleRssMiB: await residentMiB(child.process.pid),
    stop: child.stop,
  };
}
