// A fresh database for each data set, on each backend: the embedded default on a temp folder
// of its own (fsync on, as users run it), or a new database on Debian's PostgreSQL or MariaDB
// server (scripts/db/*.sh, started when needed and stopped at the end if we started it).
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import mariadb from 'mariadb';
import pg from 'pg';
import { findBinaries } from '../../src/conduit/models/embedded-postgres/binaries.js';
import { stopEmbeddedServer } from '../../src/conduit/models/embedded-postgres/server.js';
import { connectionConfig } from '../../src/conduit/models/mariadb/pool.js';
import type { Cleanup } from './cleanup.js';
import { HOST } from './processes.js';

const run = promisify(execFile);
const POSTGRES_SH = fileURLToPath(new URL('../db/postgres.sh', import.meta.url));
const MARIADB_SH = fileURLToPath(new URL('../db/mariadb.sh', import.meta.url));
const REDIS_SH = fileURLToPath(new URL('../db/redis.sh', import.meta.url));

export interface FreshDatabase {
  url: string;
  /** Whether scripts/seed/bulk-sql.ts can write its data (PostgreSQL only); else the API does. */
  bulkSql: boolean;
  /** e.g. "PostgreSQL 18.1 (embedded), fsync on" */
  server: string;
  dispose(): Promise<void>;
}

export async function embeddedDatabase(cleanup: Cleanup): Promise<FreshDatabase> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'conduit-bench-'));
  const dispose = cleanup.add(`embedded database ${dir}`, async () => {
    // The service stops the server as it exits; one it could not stop (killed) is stopped here.
    await stopEmbeddedServer(dir).catch(() => {});
    await rm(dir, { recursive: true, force: true });
  });
  // Reachable by the embedded server's own account when run as root (mkdtemp makes it private).
  await chmod(dir, 0o755);
  const { stdout } = await run((await findBinaries()).postgres, ['--version']);
  const version = /\d+(\.\d+)*/.exec(stdout)?.[0] ?? 'unknown';
  return {
    url: `embedded:${dir}`,
    bulkSql: true,
    server: `PostgreSQL ${version} (embedded), fsync on`,
    dispose,
  };
}

async function query<Row>(url: string, sql: string): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as Row[];
  } finally {
    await client.end();
  }
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, HOST);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export interface DatabaseServer {
  freshDatabase(name: string): Promise<FreshDatabase>;
}

/** Debian's server on PG_PORT (54329 by default), started through scripts/db/postgres.sh. */
export async function postgresServer(cleanup: Cleanup): Promise<DatabaseServer> {
  const port = Number(process.env.PG_PORT ?? 54329);
  const wasRunning = await listening(port);
  const { stdout } = await run(POSTGRES_SH, ['start'], { env: process.env });
  const adminUrl = stdout.trim().split('\n').pop() ?? '';
  if (!wasRunning) {
    cleanup.add(`PostgreSQL on port ${port}`, () => run(POSTGRES_SH, ['stop']).then(() => {}));
  }
  const [settings] = await query<{ version: string; fsync: string }>(
    adminUrl,
    "SELECT current_setting('server_version') AS version, current_setting('fsync') AS fsync",
  );
  const server =
    `PostgreSQL ${settings?.version.split(' ')[0] ?? 'unknown'} (Debian's, ` +
    `scripts/db/postgres.sh), fsync ${settings?.fsync ?? 'unknown'}`;
  return {
    async freshDatabase(name) {
      await query(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await query(adminUrl, `CREATE DATABASE "${name}"`);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      const remove = cleanup.add(`database ${name}`, () =>
        query(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).then(() => {}),
      );
      return { url: url.toString(), bulkSql: true, server, dispose: remove };
    },
  };
}

/** Debian's MariaDB on MARIADB_PORT (33069 by default), started through scripts/db/mariadb.sh
 * (no flush per commit, as its data is throwaway; PostgreSQL's fsync is reported beside it). */
export async function mariadbServer(cleanup: Cleanup): Promise<DatabaseServer> {
  const port = Number(process.env.MARIADB_PORT ?? 33069);
  const wasRunning = await listening(port);
  const { stdout } = await run(MARIADB_SH, ['start'], { env: process.env });
  const adminUrl = stdout.trim().split('\n').pop() ?? '';
  if (!wasRunning) {
    cleanup.add(`MariaDB on port ${port}`, () => run(MARIADB_SH, ['stop']).then(() => {}));
  }
  const admin = async <Row>(sql: string): Promise<Row[]> => {
    const connection = await mariadb.createConnection(connectionConfig(adminUrl));
    try {
      return (await connection.query(sql)) as Row[];
    } finally {
      await connection.end();
    }
  };
  const [row] = await admin<{ version: string }>('SELECT VERSION() AS version');
  const server =
    `MariaDB ${row?.version.split('-')[0] ?? 'unknown'} (Debian's, scripts/db/mariadb.sh), ` +
    'no log flush per commit';
  return {
    async freshDatabase(name) {
      await admin(`DROP DATABASE IF EXISTS ${name}`);
      await admin(`CREATE DATABASE ${name}`);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      const remove = cleanup.add(`database ${name}`, () =>
        admin(`DROP DATABASE IF EXISTS ${name}`).then(() => {}),
      );
      return { url: url.toString(), bulkSql: false, server, dispose: remove };
    },
  };
}

/** Debian's redis-server on REDIS_PORT (63790 by default), through scripts/db/redis.sh: its URL. */
export async function redisServer(cleanup: Cleanup): Promise<string> {
  const port = Number(process.env.REDIS_PORT ?? 63790);
  const wasRunning = await listening(port);
  const { stdout } = await run(REDIS_SH, ['start'], { env: process.env });
  if (!wasRunning) {
    cleanup.add(`Redis on port ${port}`, () => run(REDIS_SH, ['stop']).then(() => {}));
  }
  return stdout.trim().split('\n').pop() ?? '';
}
