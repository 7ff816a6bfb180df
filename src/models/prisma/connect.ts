/**
 * One DATABASE_URL, two kinds of PostgreSQL: a real server, or PGlite (PostgreSQL compiled to
 * WASM, run in-process) so the app and its tests need no server. Both take the same schema and
 * the same migrations.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import type {
  SqlDriverAdapter,
  SqlDriverAdapterFactory,
  SqlQuery,
  Transaction,
} from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '../../../generated/prisma/client.js';
import { applyMigrations, pgExecutor, pgliteExecutor, type SqlExecutor } from './migrations.js';

export type DatabaseLocation =
  | { kind: 'postgres'; url: string }
  /** `dataDir` null: in memory, gone on close. */
  | { kind: 'pglite'; dataDir: string | null };

const ACCEPTED =
  'expected postgresql://..., postgres://..., pglite:memory or pglite:<directory path>';

/** Hides the password, so the URL can go into an error message or a log. */
export function redactDatabaseUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@/]*@/i, '$1***@');
}

export function parseDatabaseUrl(url: string): DatabaseLocation {
  const invalid = (why: string) =>
    new Error(`Invalid database URL "${redactDatabaseUrl(url)}": ${why}; ${ACCEPTED}.`);

  if (/^postgres(ql)?:\/\//i.test(url)) {
    if (!URL.canParse(url)) throw invalid('malformed URL');
    return { kind: 'postgres', url };
  }
  const pglite = /^pglite:(.*)$/i.exec(url);
  if (pglite) {
    const target = pglite[1] ?? '';
    if (target === 'memory') return { kind: 'pglite', dataDir: null };
    if (target.trim() === '') throw invalid('missing directory after "pglite:"');
    // Catches URL habits such as pglite://x, where "//x" would silently mean the path "/x".
    if (target.startsWith('//')) throw invalid('write pglite:/absolute/path, not pglite://');
    return { kind: 'pglite', dataDir: path.resolve(target) };
  }
  throw invalid('unsupported scheme');
}

interface Connection {
  adapter: SqlDriverAdapterFactory;
  executor: SqlExecutor;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** An in-memory PGlite starts from this data directory dump (`PGlite.dumpDataDir`): a fast
   * way to get many identical databases, e.g. one migrated copy per test file. */
  pgliteSnapshot?: Blob;
  /** Called with the SQL of every statement the PrismaClient sends, as it goes to the driver
   * adapter, plus 'BEGIN' when a transaction has started and its COMMIT / ROLLBACK, the same on
   * both backends (migrate() is not reported). For observing the database, e.g. counting
   * queries in tests; must not throw. */
  onQuery?: (sql: string) => void;
}

async function openPGlite(dataDir: string | null, options: OpenOptions): Promise<Connection> {
  if (dataDir !== null) await mkdir(dataDir, { recursive: true });
  const db =
    dataDir === null
      ? new PGlite(options.pgliteSnapshot ? { loadDataDir: options.pgliteSnapshot } : {})
      : new PGlite(dataDir);
  await db.waitReady;
  return {
    adapter: new PrismaPGlite(db),
    executor: pgliteExecutor(db),
    // The adapter's dispose() leaves PGlite running, which keeps the process alive.
    close: () => db.close(),
  };
}

function openPostgres(url: string): Connection {
  const pool = new pg.Pool({ connectionString: url });
  // An idle connection dropped by the server emits 'error'; unhandled, that kills the process.
  // The pool replaces the connection on next use, so noting it is enough.
  pool.on('error', (error) => {
    console.error(`database: idle connection lost: ${error.message}`);
  });
  return {
    // Given our pool, the adapter leaves ending it to us (disposeExternalPool defaults to false).
    adapter: new PrismaPg(pool),
    executor: pgExecutor(pool),
    close: () => pool.end(),
  };
}

/** A raw connection for tools that need SQL but no PrismaClient (e.g. the migrate CLI). */
export function openConnection(url: string, options: OpenOptions = {}): Promise<Connection> {
  const location = parseDatabaseUrl(url);
  return location.kind === 'postgres'
    ? Promise.resolve(openPostgres(location.url))
    : openPGlite(location.dataDir, options);
}

type QueryListener = (sql: string) => void;

/** `target` with some members replaced; the rest run on `target` itself (private state intact). */
function overriding<T extends object>(target: T, overrides: Partial<T>): T {
  return new Proxy(target, {
    get(object, key) {
      if (Object.hasOwn(overrides, key)) return overrides[key as keyof T];
      const value: unknown = Reflect.get(object, key, object);
      return typeof value === 'function' ? value.bind(object) : value;
    },
  });
}

/** Reports each statement of an adapter or transaction to `onQuery`, then runs it. */
function observedQueries<T extends SqlDriverAdapter | Transaction>(
  target: T,
  onQuery: QueryListener,
): Pick<T, 'queryRaw' | 'executeRaw'> {
  return {
    queryRaw: (query: SqlQuery) => {
      onQuery(query.sql);
      return target.queryRaw(query);
    },
    executeRaw: (query: SqlQuery) => {
      onQuery(query.sql);
      return target.executeRaw(query);
    },
  };
}

function observedTransaction(tx: Transaction, onQuery: QueryListener): Transaction {
  // adapter-pg has sent BEGIN itself; PGlite sends it inside its transaction().
  onQuery('BEGIN');
  // "Phantom" transactions (PGlite) end in commit()/rollback() without a statement from Prisma;
  // the others get COMMIT / ROLLBACK through executeRaw, reported there.
  const ends: Partial<Transaction> = tx.options.usePhantomQuery
    ? {
        commit: () => {
          onQuery('COMMIT');
          return tx.commit();
        },
        rollback: () => {
          onQuery('ROLLBACK');
          return tx.rollback();
        },
      }
    : {};
  return overriding(tx, { ...observedQueries(tx, onQuery), ...ends });
}

/** The adapter factory, with every statement reported to `onQuery`. */
function observedFactory(
  factory: SqlDriverAdapterFactory,
  onQuery: QueryListener,
): SqlDriverAdapterFactory {
  return overriding(factory, {
    connect: async () => {
      const adapter = await factory.connect();
      return overriding(adapter, {
        ...observedQueries(adapter, onQuery),
        startTransaction: async (isolationLevel) =>
          observedTransaction(await adapter.startTransaction(isolationLevel), onQuery),
      });
    },
  });
}

export interface PrismaDatabase {
  prisma: PrismaClient;
  /** Applies pending committed migrations (see migrations.ts). */
  migrate(): Promise<void>;
  /** Disconnects Prisma and closes the database or pool; the process can then exit. */
  close(): Promise<void>;
}

export async function openPrismaDatabase(
  url: string,
  options: OpenOptions = {},
): Promise<PrismaDatabase> {
  const connection = await openConnection(url, options);
  const adapter =
    options.onQuery === undefined
      ? connection.adapter
      : observedFactory(connection.adapter, options.onQuery);
  const prisma = new PrismaClient({ adapter });
  return {
    prisma,
    migrate: async () => {
      await applyMigrations(connection.executor);
    },
    close: async () => {
      try {
        await prisma.$disconnect();
      } finally {
        await connection.close();
      }
    },
  };
}
