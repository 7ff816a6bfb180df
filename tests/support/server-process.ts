// The real server process, as `make start` runs it (node on the build, dist/server.js, which
// global setup makes fresh), on a free loopback port, with its JSON log lines collected: for
// tests of what only a whole process shows: start-up, signals, shutdown, the embedded database.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createBackendDatabase } from './test-database.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface Server {
  child: ChildProcess;
  url: string;
  port: number;
  /** Log lines so far (JSON from pino; anything else as text). */
  logs: Array<Record<string, unknown>>;
  /** Resolves once a log line matches. */
  logged(match: (entry: Record<string, unknown>) => boolean): Promise<void>;
  exited: Promise<number | null>;
}

const running: ChildProcess[] = [];
const databases: Array<() => Promise<void>> = [];

/**
 * Kills every server still running and drops the databases made for them (an afterEach of the
 * test files that start them).
 */
export async function killServers(): Promise<void> {
  await Promise.all(
    running.splice(0).map(async (child) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }),
  );
  for (const drop of databases.splice(0)) await drop();
}

/**
 * Starts the server as `make start` does, with only the environment given, and waits until it
 * listens. Without a DATABASE_URL it gets a new database on the run's backend.
 */
export async function startServer(env: Record<string, string> = {}): Promise<Server> {
  let databaseUrl = env.DATABASE_URL;
  if (databaseUrl === undefined) {
    const created = await createBackendDatabase();
    databases.push(created.drop);
    databaseUrl = created.url;
  }
  const child = spawn(process.execPath, ['dist/server.js'], {
    cwd: ROOT,
    // Only what the test sets: no DATABASE_URL or Redis URL from the developer's shell.
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      HOST: '127.0.0.1',
      PORT: '0',
      // Arrivals are logged at debug: tests wait for requests to be in flight.
      LOG_LEVEL: 'debug',
      JWT_SECRET: 'shutdown-test-secret-long-enough-for-hs256',
      ...env,
      DATABASE_URL: databaseUrl,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  const logs: Array<Record<string, unknown>> = [];
  const waiters: Array<{ match: (entry: Record<string, unknown>) => boolean; done(): void }> = [];
  let buffered = '';
  const onLine = (line: string) => {
    let entry: Record<string, unknown>;
    try {
      entry = JSON.parse(line) as Record<string, unknown>;
    } catch {
      entry = { text: line };
    }
    logs.push(entry);
    for (const waiter of waiters.filter((w) => w.match(entry))) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.done();
    }
  };
  for (const stream of [child.stdout!, child.stderr!]) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      lines.filter(Boolean).forEach(onLine);
    });
  }
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const logged = (match: (entry: Record<string, unknown>) => boolean) =>
    logs.some(match)
      ? Promise.resolve()
      : new Promise<void>((resolve, reject) => {
          waiters.push({ match, done: resolve });
          void exited.then((code) =>
            reject(new Error(`server exited (${code}): ${JSON.stringify(logs.slice(-5))}`)),
          );
        });
  await logged((entry) => /^Server listening at http:\/\//.test(String(entry.msg)));
  const listening = logs.find((entry) => /^Server listening/.test(String(entry.msg)))!;
  const url = /http:\/\/[\d.]+:\d+/.exec(String(listening.msg))![0];
  return { child, url, port: Number(new URL(url).port), logs, logged, exited };
}
