/**
 * Applies prisma/migrations/<timestamp>_<name>/migration.sql without the Prisma CLI, whose native
 * schema engine cannot be downloaded on our machines. Bookkeeping goes into Prisma's own
 * `_prisma_migrations` table, exactly as Prisma Migrate would write it, so that a real
 * `prisma migrate deploy|status` (where it can run) treats these migrations as applied.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Pool, PoolClient } from 'pg';

/**
 * The committed migrations: prisma/migrations in the nearest folder above this module that has
 * one, so it is found from any working directory, from src/ as from the build in dist/.
 */
export const DEFAULT_MIGRATIONS_DIR = nearest('prisma/migrations', fileURLToPath(import.meta.url));

function nearest(relative: string, from: string): string {
  for (let dir = path.dirname(from); path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const candidate = path.join(dir, relative);
    if (existsSync(candidate)) return candidate;
  }
  // None (a copy of the sources without migrations): where the source layout puts them.
  return path.resolve(path.dirname(from), '../../..', relative);
}

const MIGRATION_FILE = 'migration.sql';

/** What the runner needs from a connection. */
export interface SqlSession {
  /** Runs a script of any number of statements, without parameters. */
  exec(script: string): Promise<void>;
  query<Row>(sql: string, params?: unknown[]): Promise<Row[]>;
}

export interface SqlExecutor extends SqlSession {
  /** Commits when `fn` resolves, rolls back when it throws. */
  transaction<T>(fn: (tx: SqlSession) => Promise<T>): Promise<T>;
  /** How this database keeps Prisma Migrate's history. */
  history: MigrationHistory;
}

/** Prisma Migrate's history table and lock, as Prisma Migrate keeps them on one database. */
export interface MigrationHistory {
  /** Creates `_prisma_migrations` when missing, with Prisma Migrate's own definition. */
  createTable: string;
  /** Runs `fn` on one connection holding Prisma Migrate's lock, so that concurrent runs of
   * either tool wait for each other. */
  locked<T>(fn: (db: SqlSession) => Promise<T>): Promise<T>;
  /** Whether the named migration is recorded as finished (and not rolled back). */
  finished(db: SqlSession, name: string): Promise<boolean>;
  /** Runs a pending migration's script and records it. */
  apply(db: SqlSession, migration: Migration): Promise<void>;
}

export function pgExecutor(pool: Pool): SqlExecutor {
  // Without parameters node-postgres uses the simple query protocol, which accepts a whole script.
  const session = (q: Pool | PoolClient): SqlSession => ({
    exec: async (script) => {
      await q.query(script);
    },
    query: async <Row>(sql: string, params?: unknown[]) =>
      (await q.query(sql, params)).rows as Row[],
  });
  // A transaction must stay on one connection, so it cannot go through the pool's query().
  const transaction = async <T>(fn: (tx: SqlSession) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await fn(session(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => {
        broken = rollbackError;
      });
      throw error;
    } finally {
      // Passing an error makes the pool discard the connection instead of reusing it.
      client.release(broken);
    }
  };
  return { ...session(pool), transaction, history: pgHistory(transaction) };
}

// Prisma Migrate's own PostgreSQL definition, so both tools can share the table.
const CREATE_PG_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
)`;

/** PostgreSQL's DDL is transactional: each migration commits together with its record, so a
 * failure leaves neither a half-applied schema nor a record. */
function pgHistory(transaction: SqlExecutor['transaction']): MigrationHistory {
  return {
    createTable: CREATE_PG_MIGRATIONS_TABLE,
    // The key Prisma Migrate locks on, held until the transaction ends.
    locked: (fn) =>
      transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock(72707369)');
        return fn(tx);
      }),
    finished: async (db, name) =>
      (
        await db.query(
          `SELECT 1 FROM _prisma_migrations
            WHERE migration_name = $1 AND finished_at IS NOT NULL AND rolled_back_at IS NULL`,
          [name],
        )
      ).length > 0,
    apply: async (db, migration) => {
      await db.exec(migration.script);
      await db.query(
        `INSERT INTO _prisma_migrations
           (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
         VALUES ($1, $2, $3, now(), clock_timestamp(), 1)`,
        [randomUUID(), migrationChecksum(migration.script), migration.name],
      );
    },
  };
}

export interface Migration {
  /** Directory name, `<YYYYMMDDHHMMSS>_<name>`; Prisma orders migrations by it. */
  name: string;
  script: string;
}

export interface ApplyResult {
  /** Applied by this call, in order. */
  applied: string[];
  /** Found already applied. */
  skipped: string[];
  /** Recorded in the database but absent from the migrations directory (e.g. newer code ran). */
  unknown: string[];
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

/** Prisma's checksum: SHA-256 of the file's text, lowercase hex. */
export function migrationChecksum(script: string): string {
  return createHash('sha256').update(script, 'utf8').digest('hex');
}

/** Prisma accepts a file whose line endings were converted (git autocrlf), so we do too. */
function matchesChecksum(script: string, checksum: string): boolean {
  const variants = [script, script.replaceAll('\r\n', '\n'), script.replace(/\r?\n/g, '\r\n')];
  return variants.some((variant) => migrationChecksum(variant) === checksum);
}

export async function readMigrations(dir: string = DEFAULT_MIGRATIONS_DIR): Promise<Migration[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const file = path.join(dir, name, MIGRATION_FILE);
      try {
        return { name, script: await readFile(file, 'utf8') };
      } catch (error) {
        throw new MigrationError(`Cannot read migration ${name}: ${file}`, { cause: error });
      }
    }),
  );
}

interface MigrationRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | string | null;
  rolled_back_at: Date | string | null;
}

async function appliedRows(db: SqlSession): Promise<Map<string, MigrationRow>> {
  const rows = await db.query<MigrationRow>(
    'SELECT migration_name, checksum, finished_at, rolled_back_at FROM _prisma_migrations',
  );
  const failed = rows.filter((row) => row.finished_at === null && row.rolled_back_at === null);
  if (failed.length > 0) {
    const names = failed.map((row) => row.migration_name).join(', ');
    throw new MigrationError(
      `Migration(s) ${names} failed part-way in an earlier run (recorded in _prisma_migrations ` +
        `without finished_at). Repair the database, then mark them with ` +
        `\`prisma migrate resolve --rolled-back <name>\` or delete those rows.`,
    );
  }
  // Rolled-back rows are history only; a later row for the same name is the one that counts.
  return new Map(
    rows.filter((row) => row.rolled_back_at === null).map((row) => [row.migration_name, row]),
  );
}

export interface ApplyOptions {
  /** Defaults to DEFAULT_MIGRATIONS_DIR. */
  migrationsDir?: string;
  /** Instead of reading migrationsDir. */
  migrations?: Migration[];
  /** Called after each migration commits, so progress shows even if a later one fails. */
  onApplied?: (name: string) => void;
}

/**
 * Applies every migration not yet recorded, each under Prisma Migrate's lock and recorded in
 * `_prisma_migrations` as the database's history keeps it (see MigrationHistory). Throws before
 * applying anything if an applied migration's file has changed since.
 */
export async function applyMigrations(
  db: SqlExecutor,
  options: ApplyOptions = {},
): Promise<ApplyResult> {
  const migrations = options.migrations ?? (await readMigrations(options.migrationsDir));
  const { history } = db;
  const applied = await history.locked(async (tx) => {
    await tx.exec(history.createTable);
    return appliedRows(tx);
  });

  const edited = migrations.filter((m) => {
    const row = applied.get(m.name);
    return row !== undefined && !matchesChecksum(m.script, row.checksum);
  });
  if (edited.length > 0) {
    const names = edited.map((m) => m.name).join(', ');
    throw new MigrationError(
      `${edited.length === 1 ? 'Migration' : 'Migrations'} ${names} ` +
        `${edited.length === 1 ? 'was' : 'were'} edited after being applied to this database ` +
        `(the checksum in _prisma_migrations no longer matches migration.sql). Restore the ` +
        `committed file and put the change in a new migration.`,
    );
  }

  const local = new Set(migrations.map((m) => m.name));
  const result: ApplyResult = {
    applied: [],
    skipped: migrations.filter((m) => applied.has(m.name)).map((m) => m.name),
    unknown: [...applied.keys()].filter((name) => !local.has(name)).sort(),
  };

  for (const migration of migrations.filter((m) => !applied.has(m.name))) {
    const ran = await history.locked(async (tx) => {
      // Another process may have applied it since we looked.
      if (await history.finished(tx, migration.name)) return false;
      try {
        await history.apply(tx, migration);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new MigrationError(`Migration ${migration.name} failed: ${reason}`, {
          cause: error,
        });
      }
      return true;
    });
    if (ran) {
      result.applied.push(migration.name);
      options.onApplied?.(migration.name);
    } else {
      result.skipped.push(migration.name);
    }
  }
  return result;
}
