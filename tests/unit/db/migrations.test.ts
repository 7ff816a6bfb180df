import { readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import {
  applyMigrations,
  DEFAULT_MIGRATIONS_DIR,
  MigrationError,
  migrationChecksum,
  pgExecutor,
  readMigrations,
  type Migration,
  type SqlExecutor,
} from '../../../src/conduit/models/prisma/migrations.js';
import { createPostgresDatabase, sqlTestUrl } from '../../support/test-database.js';

// One empty database for the file; every test gets its own empty schema through search_path,
// which the unqualified names in migrations and in the runner follow. One connection, so that
// the search_path set holds for every statement and transaction.
let scratch: { url: string; drop(): Promise<void> };
let db: pg.Pool;
let executor: SqlExecutor;
let schemaCount = 0;

beforeAll(async () => {
  scratch = await createPostgresDatabase(sqlTestUrl(), 'template0');
  db = new pg.Pool({ connectionString: scratch.url, max: 1, idleTimeoutMillis: 0 });
  // Dropping the database at the end ends its idle connection; that is expected.
  db.on('error', () => undefined);
  executor = pgExecutor(db);
});

afterAll(async () => {
  await db.end();
  await scratch.drop();
});

beforeEach(async () => {
  schemaCount += 1;
  await db.query(`CREATE SCHEMA t${schemaCount}; SET search_path TO t${schemaCount}`);
});

async function tables(): Promise<string[]> {
  const { rows } = await db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables
      WHERE table_schema = current_schema() ORDER BY table_name`,
  );
  return rows.map((row) => row.table_name);
}

interface Row {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  applied_steps_count: number;
  logs: string | null;
}

async function recorded(): Promise<Row[]> {
  const { rows } = await db.query<Row>(
    `SELECT migration_name, checksum, finished_at, rolled_back_at, applied_steps_count, logs
       FROM _prisma_migrations ORDER BY migration_name`,
  );
  return rows;
}

const synthetic: Migration[] = [
  { name: '20000101000000_first', script: 'CREATE TABLE first (id int);\n' },
  { name: '20000101000001_second', script: 'CREATE TABLE second (id int);\n' },
];

describe('committed migrations', () => {
  it('exist, in order, each with the checksum Prisma would compute', async () => {
    const migrations = await readMigrations();
    expect(migrations.length).toBeGreaterThan(0);
    expect(migrations.map((m) => m.name)).toEqual(migrations.map((m) => m.name).sort());
    for (const m of migrations) {
      expect(m.name).toMatch(/^\d{14}_[A-Za-z0-9_]+$/);
      const file = await readFile(path.join(DEFAULT_MIGRATIONS_DIR, m.name, 'migration.sql'));
      expect(m.script).toBe(file.toString('utf8'));
    }
  });

  it('create the users table and are recorded in _prisma_migrations', async () => {
    const migrations = await readMigrations();
    const result = await applyMigrations(executor);

    expect(result).toEqual({ applied: migrations.map((m) => m.name), skipped: [], unknown: [] });
    expect(await tables()).toEqual(expect.arrayContaining(['_prisma_migrations', 'users']));
    const rows = await recorded();
    expect(rows.map((r) => r.migration_name)).toEqual(migrations.map((m) => m.name));
    for (const [i, row] of rows.entries()) {
      expect(row.checksum).toBe(migrationChecksum(migrations[i]!.script));
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
      expect(row.logs).toBeNull();
    }
  });
});

describe('applyMigrations', () => {
  it('uses sha256 hex of the file as the checksum, like Prisma Migrate', () => {
    expect(migrationChecksum('')).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });

  it('does nothing the second time', async () => {
    await applyMigrations(executor, { migrations: synthetic });
    const before = await recorded();

    const again = await applyMigrations(executor, { migrations: synthetic });

    expect(again).toEqual({ applied: [], skipped: synthetic.map((m) => m.name), unknown: [] });
    expect(await recorded()).toEqual(before);
  });

  it('applies only the migrations added since the last run', async () => {
    await applyMigrations(executor, { migrations: synthetic.slice(0, 1) });

    const result = await applyMigrations(executor, { migrations: synthetic });

    expect(result.applied).toEqual([synthetic[1]!.name]);
    expect(result.skipped).toEqual([synthetic[0]!.name]);
    expect(await tables()).toEqual(['_prisma_migrations', 'first', 'second']);
  });

  it('refuses to run when an applied migration was edited, naming it', async () => {
    await applyMigrations(executor, { migrations: synthetic.slice(0, 1) });
    const edited = [
      { ...synthetic[0]!, script: 'CREATE TABLE first (id bigint);\n' },
      synthetic[1]!,
    ];

    const attempt = applyMigrations(executor, { migrations: edited });

    await expect(attempt).rejects.toThrow(MigrationError);
    await expect(attempt).rejects.toThrow(/20000101000000_first was edited after being applied/);
    // Nothing after the check ran either.
    expect(await tables()).toEqual(['_prisma_migrations', 'first']);
  });

  it('accepts an applied migration whose line endings were converted, as Prisma does', async () => {
    await applyMigrations(executor, { migrations: synthetic });
    const crlf = synthetic.map((m) => ({ ...m, script: m.script.replaceAll('\n', '\r\n') }));

    await expect(applyMigrations(executor, { migrations: crlf })).resolves.toMatchObject({
      applied: [],
    });
  });

  it('rolls back a failing migration entirely, keeping the ones before it', async () => {
    const failing: Migration[] = [
      synthetic[0]!,
      { name: '20000101000002_broken', script: 'CREATE TABLE half (id int);\nSELECT nope();\n' },
    ];

    await expect(applyMigrations(executor, { migrations: failing })).rejects.toThrow(
      /20000101000002_broken failed: .*nope/,
    );

    expect(await tables()).toEqual(['_prisma_migrations', 'first']);
    expect((await recorded()).map((r) => r.migration_name)).toEqual([synthetic[0]!.name]);
  });

  it('refuses to run over a migration Prisma recorded as failed', async () => {
    await applyMigrations(executor, { migrations: [] });
    await db.query(
      `INSERT INTO _prisma_migrations (id, checksum, migration_name) VALUES ($1, $2, $3)`,
      ['00000000-0000-4000-8000-000000000000', 'x'.repeat(64), synthetic[0]!.name],
    );

    await expect(applyMigrations(executor, { migrations: synthetic })).rejects.toThrow(
      /20000101000000_first failed part-way/,
    );
  });

  it('reports migrations applied to the database but unknown here, and carries on', async () => {
    await applyMigrations(executor, { migrations: synthetic });

    const result = await applyMigrations(executor, { migrations: synthetic.slice(0, 1) });

    expect(result.unknown).toEqual([synthetic[1]!.name]);
  });
});
