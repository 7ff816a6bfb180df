// Prisma Migrate's history on MySQL and MariaDB, kept as Prisma Migrate keeps it there. Their DDL
// is not transactional (each statement commits), so a migration is recorded as started before
// its script runs and as finished after: one that fails half-way stays recorded unfinished, and
// the next run refuses to go on until someone repairs the database, as `prisma migrate` does.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import mariadb from 'mariadb';
import {
  DEFAULT_MIGRATIONS_DIR,
  migrationChecksum,
  type MigrationHistory,
  type SqlExecutor,
  type SqlSession,
} from '../prisma/migrations.js';
import { connectionConfig } from './pool.js';

/** The MySQL backend's committed migrations, beside its schema (prisma/mysql/). */
export const MYSQL_MIGRATIONS_DIR = path.join(
  path.dirname(DEFAULT_MIGRATIONS_DIR),
  'mysql',
  'migrations',
);

// Prisma Migrate's own MySQL definition, so both tools can share the table.
const CREATE_MYSQL_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             DATETIME(3),
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          DATETIME(3),
    started_at              DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    applied_steps_count     INTEGER UNSIGNED NOT NULL DEFAULT 0
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`;

// The lock Prisma Migrate takes on MySQL, and how long it waits for it.
const LOCK = "SELECT GET_LOCK('prisma_migrate', 10) AS locked";
const UNLOCK = "SELECT RELEASE_LOCK('prisma_migrate')";

const session = (connection: mariadb.Connection): SqlSession => ({
  exec: async (script) => {
    await connection.query(script);
  },
  query: async <Row>(sql: string, params?: unknown[]) => {
    const rows: unknown = await connection.query({ sql, bigIntAsNumber: true }, params);
    return Array.isArray(rows) ? [...(rows as Row[])] : [];
  },
});

/** Runs `fn` on a connection of its own that takes scripts of many statements (migrations). */
async function withConnection<T>(
  url: string,
  fn: (connection: mariadb.Connection) => Promise<T>,
): Promise<T> {
  const connection = await mariadb.createConnection({
    ...connectionConfig(url),
    multipleStatements: true,
  });
  try {
    return await fn(connection);
  } finally {
    await connection.end();
  }
}

function mysqlHistory(url: string): MigrationHistory {
  return {
    createTable: CREATE_MYSQL_MIGRATIONS_TABLE,
    locked: (fn) =>
      withConnection(url, async (connection) => {
        const [row] = await session(connection).query<{ locked: number | null }>(LOCK);
        if (row?.locked !== 1) throw new Error('Timed out waiting for the migration lock');
        try {
          return await fn(session(connection));
        } finally {
          await connection.query(UNLOCK);
        }
      }),
    finished: async (db, name) =>
      (
        await db.query(
          `SELECT 1 FROM _prisma_migrations
            WHERE migration_name = ? AND finished_at IS NOT NULL AND rolled_back_at IS NULL`,
          [name],
        )
      ).length > 0,
    apply: async (db, migration) => {
      const id = randomUUID();
      await db.query(
        `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at)
         VALUES (?, ?, ?, CURRENT_TIMESTAMP(3))`,
        [id, migrationChecksum(migration.script), migration.name],
      );
      try {
        await db.exec(migration.script);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        await db.query('UPDATE _prisma_migrations SET logs = ? WHERE id = ?', [reason, id]);
        throw error;
      }
      await db.query(
        `UPDATE _prisma_migrations
            SET finished_at = CURRENT_TIMESTAMP(3), applied_steps_count = 1 WHERE id = ?`,
        [id],
      );
    },
  };
}

/** Statements on their own connection each; a transaction on one connection. */
export function mysqlExecutor(url: string): SqlExecutor {
  return {
    exec: (script) => withConnection(url, (connection) => session(connection).exec(script)),
    query: (sql, params) =>
      withConnection(url, (connection) => session(connection).query(sql, params)),
    transaction: (fn) =>
      withConnection(url, async (connection) => {
        await connection.beginTransaction();
        try {
          const result = await fn(session(connection));
          await connection.commit();
          return result;
        } catch (error) {
          await connection.rollback().catch(() => undefined);
          throw error;
        }
      }),
    history: mysqlHistory(url),
  };
}
