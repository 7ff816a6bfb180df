// A fresh, migrated database for one test file, on the backend TEST_DATABASE_URL names:
// unset -> embedded PGlite in memory; postgresql://... -> a new database cloned from a migrated
// template on that server; mongodb://... -> a new database on that server. Dropped afterwards.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/models/database.js';
import { loadSnapshot } from './database-snapshot.js';

export interface TestDatabase {
  database: Database;
  url: string;
  /** Closes the database and removes it from its server. */
  dispose(): Promise<void>;
}

export const TEMPLATE_DATABASE = 'conduit_test_template';

export const testBackendUrl = (): string => process.env.TEST_DATABASE_URL ?? 'pglite:memory';

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

export async function openTestDatabase(): Promise<TestDatabase> {
  const backend = testBackendUrl();
  if (backend === 'pglite:memory') {
    const database = await openDatabase(backend, { pgliteSnapshot: loadSnapshot() });
    await database.migrate();
    return { database, url: backend, dispose: () => database.close().catch(() => undefined) };
  }
  const name = uniqueName();
  if (/^postgres(ql)?:/.test(backend)) {
    await adminQuery(backend, `CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`);
    const url = withDatabase(backend, name);
    const database = await openDatabase(url);
    await database.migrate();
    return {
      database,
      url,
      async dispose() {
        // Tests may have closed it already (to simulate an outage); drop it regardless.
        await database.close().catch(() => undefined);
        await adminQuery(backend, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      },
    };
  }
  const url = withDatabase(backend, name);
  const database = await openDatabase(url);
  await database.migrate();
  return {
    database,
    url,
    async dispose() {
      await database.close().catch(() => undefined);
      const { default: mongoose } = await import('mongoose');
      const connection = await mongoose.createConnection(url).asPromise();
      await connection.dropDatabase();
      await connection.close();
    },
  };
}
