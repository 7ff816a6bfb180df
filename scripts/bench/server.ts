// The real server as a child process on loopback: started as `make start` runs it (node on the
// build, dist/server.js), stopped with
// SIGTERM (it shuts down gracefully), killed only if it does not stop in time.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HOST = '127.0.0.1';

export interface ServerProcess {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  pid: number | undefined;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. Idempotent. */
  stop(graceMs?: number): Promise<void>;
}

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

const exited = (child: ChildProcess): boolean =>
  child.exitCode !== null || child.signalCode !== null;

async function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (exited(child)) return true;
  const timeout = new Promise<false>((resolve) => setTimeout(resolve, ms, false).unref());
  return Promise.race([once(child, 'exit').then(() => true), timeout]);
}

/** Polls `probeUrl` until it answers 200; fails early if the process exits. */
async function waitUntilReady(child: ChildProcess, probeUrl: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited(child)) {
      throw new Error(`server exited during start-up (code ${child.exitCode ?? child.signalCode})`);
    }
    try {
      const response = await fetch(probeUrl, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`server did not answer ${probeUrl} within ${timeoutMs / 1000}s`);
}

export interface StartOptions {
  databaseUrl: string;
  port: number;
  logLevel?: string;
  startTimeoutMs?: number;
}

/**
 * Starts dist/server.js (`make build`) under the same (pinned) Node, in one process so signals
 * reach the server itself rather than a wrapper.
 */
export async function startServer(options: StartOptions): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--enable-source-maps', 'dist/server.js'], {
    cwd: ROOT,
    env: {
      ...process.env,
      HOST,
      PORT: String(options.port),
      DATABASE_URL: options.databaseUrl,
      LOG_LEVEL: options.logLevel ?? 'warn',
      // A load test from one address measures the service, not the rate limiter's 429s.
      RATE_LIMIT_MAX: '0',
      REGISTRATION_RATE_LIMIT_MAX: '0',
      LOGIN_FAILURES_PER_ACCOUNT: '0',
      LOGIN_FAILURES_PER_IP: '0',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  // A failed spawn shows up as an exit below; without a listener it would crash the bench.
  child.on('error', (error) => console.error(`server process: ${error.message}`));
  let stopping = false;
  child.once('exit', (code, signal) => {
    if (!stopping) console.error(`server ${child.pid} exited unexpectedly (${signal ?? code})`);
  });
  const url = `http://${HOST}:${options.port}`;
  const server: ServerProcess = {
    url,
    pid: child.pid,
    async stop(graceMs = 10_000) {
      stopping = true;
      if (exited(child)) return;
      child.kill('SIGTERM');
      if (await waitForExit(child, graceMs)) return;
      console.error(`server ${child.pid} did not stop within ${graceMs / 1000}s; killing it`);
      child.kill('SIGKILL');
      await waitForExit(child, 5_000);
    },
  };
  try {
    await waitUntilReady(child, `${url}/api/tags`, options.startTimeoutMs ?? 60_000);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}
