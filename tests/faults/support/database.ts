// The database of a fault test, and the faults: a PostgreSQL server of the test's own (the
// embedded binaries on a throwaway folder, on loopback), which the test stops, restarts,
// freezes (SIGSTOP, as a hung host or a partition looks from the service) and locks. On the
// embedded default the service starts that server itself on the folder, as `make start` does;
// on PostgreSQL the test starts it and hands the service its URL.
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { openDatabase } from '../../../src/conduit/models/backends.js';
import {
  acquireEmbeddedServer,
  stopEmbeddedServer,
} from '../../../src/conduit/models/embedded-postgres/server.js';

const run = promisify(execFile);

export type FaultBackend = 'embedded' | 'postgres';

export const faultBackend = (): FaultBackend =>
  process.env.FAULT_BACKEND === 'postgres' ? 'postgres' : 'embedded';

export interface FaultDatabase {
  /** What the service is given as DATABASE_URL. */
  serviceUrl: string;
  /** A URL to the same database for the test's own connections. */
  adminUrl(): Promise<string>;
  /** Stops the server at once (as a crash does), then starts it again on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Every process of the server stops being scheduled (SIGSTOP), then resumes (SIGCONT). */
  freeze(): Promise<void>;
  thaw(): Promise<void>;
  dispose(): Promise<void>;
}

export async function startFaultDatabase(backend = faultBackend()): Promise<FaultDatabase> {
  const dir = await mkdtemp(path.join(tmpdir(), 'conduit-faults-'));
  // Reachable by the server's own account when the tests run as root.
  await chmod(dir, 0o755);
  const pgdata = path.join(dir, 'pgdata');
  let port: number | undefined;
  const acquire = async () => {
    const server = await acquireEmbeddedServer(dir, { durable: true, ...(port ? { port } : {}) });
    port = Number(new URL(server.url).port);
    return server.url;
  };
  // On PostgreSQL the test runs the server; on the embedded default the service does, and the
  // test only joins it (the URL) once it runs.
  const ownUrl = backend === 'postgres' ? await acquire() : undefined;
  if (ownUrl !== undefined) {
    // A server given by URL is migrated beforehand, as `make migrate` does before `make start`.
    const database = await openDatabase(ownUrl);
    await database.migrate();
    await database.close();
  }
  const processes = async () => {
    const postmaster = Number(
      (await readFile(path.join(pgdata, 'postmaster.pid'), 'utf8')).split('\n')[0],
    );
    const { stdout } = await run('ps', ['-o', 'pid=', '--ppid', String(postmaster)]);
    return [postmaster, ...stdout.split('\n').filter(Boolean).map(Number)];
  };
  const signal = async (name: NodeJS.Signals) => {
    for (const pid of await processes()) {
      try {
        process.kill(pid, name);
      } catch {
        // Gone meanwhile (a backend that just exited).
      }
    }
  };
  return {
    serviceUrl: ownUrl ?? `embedded:${dir}`,
    adminUrl: () => acquire(),
    async stop() {
      if (port === undefined) await acquire();
      await run('kill', ['-KILL', ...(await processes()).map(String)]).catch(() => undefined);
      // The postmaster's lock file stays, as after a crash; the next start clears it.
    },
    async start() {
      await acquire();
    },
    freeze: () => signal('SIGSTOP'),
    thaw: () => signal('SIGCONT'),
    async dispose() {
      await signal('SIGCONT').catch(() => undefined);
      await stopEmbeddedServer(dir).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Runs `sql` on a connection of the test's own. */
export async function onDatabase<T>(url: string, work: (client: pg.Client) => Promise<T>) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
