/**
 * Migrations without the Prisma CLI's native engine (which cannot be downloaded here):
 *
 *   tsx scripts/db/migrate.ts deploy                 apply pending migrations to DATABASE_URL
 *   tsx scripts/db/migrate.ts create --name <name>   write the next migration from schema.prisma
 *   tsx scripts/db/migrate.ts check                  fail if migrations and schema.prisma disagree
 *   tsx scripts/db/migrate.ts check-mysql --server <mysql://...>
 *                                                    the same for prisma/mysql/, on a scratch
 *                                                    database of that MariaDB server
 *
 * DATABASE_URL defaults to the embedded database in .data/postgres. The files written and the
 * `_prisma_migrations` rows are Prisma Migrate's own formats, so the real CLI can take over.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../src/conduit/config.js';
import { backendFor, openDatabase, redactDatabaseUrl } from '../../src/conduit/models/backends.js';
import { openConnection } from '../../src/conduit/models/prisma/connect.js';
import {
  MYSQL_MIGRATIONS_DIR,
  mysqlExecutor,
} from '../../src/conduit/models/mariadb/migrations.js';
import {
  applyMigrations,
  readMigrations,
  type ApplyResult,
} from '../../src/conduit/models/prisma/migrations.js';
import {
  describeDrift,
  LOCK_FILE,
  LOCK_FILE_CONTENT,
  nextMigrationScript,
  type Workspace,
} from './schema-engine.js';
import { mysqlDrift } from './mysql-drift.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WORKSPACE: Workspace = {
  schemaPath: path.join(ROOT, 'prisma', 'schema.prisma'),
  migrationsDir: path.join(ROOT, 'prisma', 'migrations'),
};
const USAGE =
  'usage: migrate.ts deploy | create --name <name> | check | check-mysql --server <mysql://...>';

/** Failures the user can fix: printed without a stack trace. */
class UsageError extends Error {}

const rel = (p: string) => path.relative(process.cwd(), p) || '.';

async function deploy(): Promise<void> {
  const url = loadConfig().databaseUrl;
  console.log(`Database: ${redactDatabaseUrl(url)}`);
  if (backendFor(url).name === 'mongodb') {
    // MongoDB has no migrations: the schema lives in the models; this creates their indexes.
    const database = await openDatabase(url);
    try {
      await database.migrate();
      console.log('Indexes are in place.');
    } finally {
      await database.close();
    }
    return;
  }
  if (backendFor(url).name === 'mysql') {
    // Its own migrations (prisma/mysql/migrations), applied over connections of their own.
    report(
      await applyMigrations(mysqlExecutor(url), reporting(MYSQL_MIGRATIONS_DIR)),
      MYSQL_MIGRATIONS_DIR,
    );
    return;
  }
  const connection = await openConnection(url);
  try {
    const dir = WORKSPACE.migrationsDir;
    report(await applyMigrations(connection.executor, reporting(dir)), dir);
  } finally {
    await connection.close();
  }
}

function reporting(migrationsDir: string) {
  return { migrationsDir, onApplied: (name: string) => console.log(`Applied ${name}`) };
}

function report(result: ApplyResult, migrationsDir: string): void {
  for (const name of result.unknown) {
    console.warn(`Warning: ${name} is applied here but has no directory in ${rel(migrationsDir)}.`);
  }
  console.log(
    result.applied.length === 0
      ? `No pending migrations (${result.skipped.length} already applied).`
      : `${result.applied.length} applied, ${result.skipped.length} already applied.`,
  );
}

/** Prisma's migration timestamp: UTC, to the second. */
function stamp(date: Date): string {
  return date.toISOString().replace(/\D/g, '').slice(0, 14);
}

/** Never sort before an existing migration, even with a skewed clock or two runs in a second. */
function nextStamp(existing: string[]): string {
  const now = stamp(new Date());
  const last = existing
    .filter((name) => /^\d{14}_/.test(name))
    .map((name) => name.slice(0, 14))
    .sort()
    .at(-1);
  if (last === undefined || now > last) return now;
  const t = last.replace(/^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/, '$1-$2-$3T$4:$5:$6Z');
  return stamp(new Date(Date.parse(t) + 1000));
}

async function create(name: string | undefined): Promise<void> {
  if (name === undefined || !/^[A-Za-z0-9_]{1,200}$/.test(name)) {
    throw new UsageError(
      'create needs --name <name>: letters, digits and underscores, e.g. --name add_articles',
    );
  }
  const script = await nextMigrationScript(WORKSPACE);
  if (script === null) {
    console.log('no changes: prisma/migrations already produce prisma/schema.prisma');
    return;
  }
  const existing = (await readMigrations(WORKSPACE.migrationsDir)).map((m) => m.name);
  const dir = path.join(WORKSPACE.migrationsDir, `${nextStamp(existing)}_${name}`);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'migration.sql'), script, { flag: 'wx' });
  try {
    await writeFile(path.join(WORKSPACE.migrationsDir, LOCK_FILE), LOCK_FILE_CONTENT, {
      flag: 'wx',
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  console.log(`Created ${rel(path.join(dir, 'migration.sql'))}:\n\n${script}`);
  console.log('Review it, apply it with `make migrate`, and commit it with prisma/schema.prisma.');
}

async function check(): Promise<void> {
  const migrations = await readMigrations(WORKSPACE.migrationsDir);
  const lock = await readFile(path.join(WORKSPACE.migrationsDir, LOCK_FILE), 'utf8').catch(
    () => null,
  );
  if (migrations.length > 0 && lock === null) {
    throw new UsageError(
      `${rel(path.join(WORKSPACE.migrationsDir, LOCK_FILE))} is missing; restore it ` +
        `(Prisma Migrate refuses to run without it).`,
    );
  }
  const drift = await describeDrift(WORKSPACE);
  if (drift !== null) {
    throw new UsageError(
      `prisma/schema.prisma and prisma/migrations disagree. Going from the migrations to the ` +
        `schema needs:\n${drift.trimEnd()}\n\nIf schema.prisma is right, run ` +
        '`make migrate-create NAME=<what_changed>` and commit the new migration.',
    );
  }
  console.log(`OK: ${migrations.length} migration(s) produce exactly prisma/schema.prisma.`);
}

async function checkMysql(serverUrl: string | undefined): Promise<void> {
  if (serverUrl === undefined) throw new UsageError(USAGE);
  const schemaPath = path.join(ROOT, 'prisma', 'mysql', 'schema.prisma');
  const drift = await mysqlDrift({ serverUrl, schemaPath, migrationsDir: MYSQL_MIGRATIONS_DIR });
  if (drift.length > 0) {
    throw new UsageError(
      `${rel(schemaPath)} and ${rel(MYSQL_MIGRATIONS_DIR)} disagree (- only the schema says it, ` +
        `+ only the migrated database has it):\n${drift.join('\n')}\n\nWrite the migration ` +
        'that makes the database match the schema (or fix the schema), and commit both.',
    );
  }
  const count = (await readMigrations(MYSQL_MIGRATIONS_DIR)).length;
  console.log(`OK: ${count} MySQL migration(s) produce exactly ${rel(schemaPath)}.`);
}

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { name: { type: 'string' }, server: { type: 'string' } },
  });
  const [command, ...extra] = positionals;
  if (extra.length > 0) throw new UsageError(USAGE);
  switch (command) {
    case 'deploy':
      return deploy();
    case 'create':
      return create(values.name);
    case 'check':
      return check();
    case 'check-mysql':
      return checkMysql(values.server);
    default:
      throw new UsageError(USAGE);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  // Messages are written to be read as they are; DEBUG=1 adds stacks for the rest.
  const full = process.env.DEBUG && !(error instanceof UsageError);
  console.error(error instanceof Error && !full ? error.message : error);
  process.exitCode = 1;
});
