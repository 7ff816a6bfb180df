// A fresh, migrated database for one test file, on the backend TEST_DATABASE_URL names: a
// PostgreSQL server (the run's embedded one, which global setup starts when no URL is given):
// a new database cloned from a migrated template; mysql://... or mongodb://...: a new database on
// that server, migrated.
// Dropped afterwards. TEST_SQL_DATABASE_URL is the run's PostgreSQL server whatever the backend,
// for the tests of the Prisma repositories.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DatabaseLimits } from '../../src/conduit/models/database-limits.js';
import { openDatabase } from '../../src/conduit/models/backends.js';
import type { Database } from '../../src/conduit/models/database.js';

export interface TestDatabase {
  database: Database;
  url: string;
  /** Closes the database and removes it from its server. */
  dispose(): Promise<void>;
}

export const TEMPLATE_DATABASE = 'conduit_test_template';

// Test files share one server with each other and the machine with everything else: the
// service's bounds (a 503 past two seconds' wait) would turn a busy machine into failures. The
// outage tests set their own.
const TEST_LIMITS: DatabaseLimits = {
  poolSize: 10,
  poolWaitMs: 30_000,
  statementTimeoutMs: 60_000,
};

function required(name: 'TEST_DATABASE_URL' | 'TEST_SQL_DATABASE_URL'): string {
  const url = process.env[name];
  if (!url) throw new Error(`${name} is unset: run the tests through Jest's global setup.`);
  return url;
}

export const testBackendUrl = (): string => required('TEST_DATABASE_URL');
export const sqlTestUrl = (): string => required('TEST_SQL_DATABASE_URL');

const uniqueName = () => `conduit_test_${process.pid}_${randomBytes(4).toString('hex')}`;

/** The same server URL with another database name. */
export function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

export async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function mysqlAdminQuery(url: string, sql: string): Promise<void> {
  const { default: mariadb } = await import('mariadb');
  const { connectionConfig } = await import('../../src/conduit/models/mariadb/pool.js');
  const connection = await mariadb.createConnection({ ...connectionConfig(url), database: '' });
  try {
    await connection.query(sql);
  } finally {
    await connection.end();
  }
}

/** A new database on the PostgreSQL server at `serverUrl`, by default a migrated one. */
export async function createPostgresDatabase(
  serverUrl: string,
  template = TEMPLATE_DATABASE,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = uniqueName();
  await adminQuery(serverUrl, `CREATE DATABASE ${name} TEMPLATE ${template}`);
  return {
    url: withDatabase(serverUrl, name),
    drop: () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** A new, migrated database on the run's backend, for a process of its own to open. */
export async function createBackendDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const { database, url, dispose } = await openTestDatabase();
  // Migrated (a MongoDB one has its indexes) and empty; the process opens its own connection.
  await database.close();
  return { url, drop: dispose };
}

export async function openTestDatabase(backend = testBackendUrl()): Promise<TestDatabase> {
  if (/^postgres(ql)?:/.test(backend)) {
    // Copied from the migrated template.
    const { url, drop } = await createPostgresDatabase(backend);
    return openOwned(url, drop, false);
  }
  const name = uniqueName();
  const url = withDatabase(backend, name);
  if (/^(mysql|mariadb):/.test(backend)) {
    await mysqlAdminQuery(backend, `CREATE DATABASE ${name}`);
    return openOwned(url, () => mysqlAdminQuery(backend, `DROP DATABASE IF EXISTS ${name}`));
  }
  return openOwned(url, async () => {
    const { default: mongoose } = await import('mongoose');
    const connection = await mongoose.createConnection(url).asPromise();
    await connection.dropDatabase();
    await connection.close();
  });
}

/** Opens the database at `url` (migrating it unless told not to); dispose closes and drops it. */
async function openOwned(
  url: string,
  drop: () => Promise<void>,
  migrate = true,
): Promise<TestDatabase> {
  const database = await openDatabase(url, { limits: TEST_LIMITS });
  if (migrate) await database.migrate();
  return {
    database,
    url,
    async dispose() {
      // Tests may have closed it already (to simulate an outage); drop it regardless.
      await database.close().catch(() => undefined);
      await drop();
    },
  };
}
