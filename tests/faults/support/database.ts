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
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import mariadb from 'mariadb';
import pg from 'pg';
import { openDatabase } from '../../../src/conduit/models/backends.js';
import {
  acquireEmbeddedServer,
  stopEmbeddedServer,
} from '../../../src/conduit/models/embedded-postgres/server.js';
import { connectionConfig } from '../../../src/conduit/models/mariadb/pool.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export type FaultBackend = 'embedded' | 'postgres' | 'mariadb';

export const faultBackend = (): FaultBackend => {
  const named = process.env.FAULT_BACKEND;
  return named === 'postgres' || named === 'mariadb' ? named : 'embedded';
};

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
  /** Holds `table` locked against reads and writes for `ms`, from a connection of the test's. */
  lockTable(table: string, ms: number): Promise<void>;
  dispose(): Promise<void>;
}

export async function startFaultDatabase(backend = faultBackend()): Promise<FaultDatabase> {
  if (backend === 'mariadb') return startFaultMariaDb();
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
    async lockTable(table, ms) {
      await onDatabase(await acquire(), async (client) => {
        await client.query('BEGIN');
        await client.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
        await sleep(ms);
        await client.query('ROLLBACK');
      });
    },
    async dispose() {
      await signal('SIGCONT').catch(() => undefined);
      await stopEmbeddedServer(dir).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A MariaDB server of the test's own (scripts/db/mariadb.sh on a throwaway folder and a free
 * port, durable: a write acknowledged before a crash must survive it), migrated beforehand as `make migrate` does; one process, so a signal reaches all of it. */
async function startFaultMariaDb(): Promise<FaultDatabase> {
  const dir = await mkdtemp(path.join(tmpdir(), 'conduit-faults-mariadb-'));
  await chmod(dir, 0o755);
  const env = {
    ...process.env,
    MARIADB_PORT: String(await freePort()),
    MARIADB_DATA: dir,
    MARIADB_DURABLE: '1',
  };
  const script = path.join(ROOT, 'scripts/db/mariadb.sh');
  const acquire = async () => (await run(script, ['start'], { env })).stdout.trim();
  const url = await acquire();
  const database = await openDatabase(url);
  await database.migrate();
  await database.close();
  const signal = async (name: NodeJS.Signals) => {
    const pid = Number((await readFile(path.join(dir, 'mariadb.pid'), 'utf8')).trim());
    try {
      process.kill(pid, name);
    } catch {
      // Gone already (stopped by the test).
    }
  };
  return {
    serviceUrl: url,
    adminUrl: async () => url,
    // A crash: no shutdown, InnoDB recovers on the next start.
    stop: () => signal('SIGKILL'),
    start: async () => {
      await acquire();
    },
    freeze: () => signal('SIGSTOP'),
    thaw: () => signal('SIGCONT'),
    async lockTable(table, ms) {
      const connection = await mariadb.createConnection(connectionConfig(url));
      try {
        // Held by the session until UNLOCK TABLES: reads of the table wait, others do not.
        await connection.query(`LOCK TABLES ${table} WRITE`);
        await sleep(ms);
        await connection.query('UNLOCK TABLES');
      } finally {
        await connection.end();
      }
    },
    async dispose() {
      await signal('SIGCONT').catch(() => undefined);
      await run(script, ['stop'], { env }).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
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
