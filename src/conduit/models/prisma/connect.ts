/**
 * One DATABASE_URL, two ways to reach PostgreSQL: a server given by URL, or the embedded
 * default, a server this process starts (or finds running) on a folder of its own. Both take
 * the same schema and the same migrations.
 */
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import type {
  SqlDriverAdapter,
  SqlDriverAdapterFactory,
  SqlQuery,
  Transaction,
} from '@prisma/driver-adapter-utils';
import type pg from 'pg';
import { PrismaClient } from '../../../../generated/prisma/client.js';
import { redactUserinfo } from '../backend.js';
import { DEFAULT_DATABASE_LIMITS, type DatabaseLimits } from '../database-limits.js';
import { acquireEmbeddedServer } from '../embedded-postgres/server.js';
import { applyMigrations, pgExecutor, type SqlExecutor } from './migrations.js';
import { createPool } from './postgres-pool.js';
import { sqlReader, type SqlReader } from './sql-reader.js';
import { statementNames } from './statement-names.js';

export type DatabaseLocation =
  | { kind: 'postgres'; url: string }
  /** The embedded server's folder (its cluster, password and log). */
  | { kind: 'embedded'; dir: string };

const ACCEPTED = 'expected postgresql://..., postgres://... or embedded:<directory path>';

export function parseDatabaseUrl(url: string): DatabaseLocation {
  const invalid = (why: string) =>
    new Error(`Invalid database URL "${redactUserinfo(url)}": ${why}; ${ACCEPTED}.`);

  if (/^postgres(ql)?:\/\//i.test(url)) {
    if (!URL.canParse(url)) throw invalid('malformed URL');
    return { kind: 'postgres', url };
  }
  const embedded = /^embedded:(.*)$/i.exec(url);
  if (embedded) {
    const target = embedded[1] ?? '';
    if (target.trim() === '') throw invalid('missing directory after "embedded:"');
    // Catches URL habits such as embedded://x, where "//x" would silently mean the path "/x".
    if (target.startsWith('//')) throw invalid('write embedded:/absolute/path, not embedded://');
    return { kind: 'embedded', dir: path.resolve(target) };
  }
  if (/^pglite:/i.test(url)) {
    throw invalid(
      'PGlite is no longer the embedded database; the embedded default is a PostgreSQL server ' +
        'in embedded:<directory> (leave DATABASE_URL unset for .data/postgres)',
    );
  }
  throw invalid('unsupported scheme');
}

interface Connection {
  adapter: SqlDriverAdapterFactory;
  executor: SqlExecutor;
  pool: pg.Pool;
  /** The prepared-statement name of a statement's text, shared by the adapter and the reader. */
  statementName: (sql: string) => string;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Called with the SQL of every statement the PrismaClient sends, as it goes to the driver
   * adapter, and of every hot read (sql-reader.ts), plus 'BEGIN' when a transaction has started
   * and its COMMIT / ROLLBACK, the same on every backend (migrate() is not reported). For
   * observing the database, e.g. counting queries in tests; must not throw. */
  onQuery?: (sql: string) => void;
  /** The embedded server's fsync and synchronous commits; off only for throwaway data. */
  durable?: boolean;
  /** Pool size and timeouts; DEFAULT_DATABASE_LIMITS when not given. */
  limits?: DatabaseLimits;
}

// The service's distinct statements number in the tens; this leaves room without letting the
// prepared statements of each connection grow unbounded.
const PREPARED_STATEMENTS = 200;

function openPostgres(url: string, limits: DatabaseLimits): Connection {
  const pool = createPool(url, limits);
  const statementName = statementNames(PREPARED_STATEMENTS);
  return {
    // Given our pool, the adapter leaves ending it to us (disposeExternalPool defaults to false).
    adapter: new PrismaPg(pool, { statementNameGenerator: (query) => statementName(query.sql) }),
    executor: pgExecutor(pool),
    pool,
    statementName,
    close: () => pool.end(),
  };
}

async function openEmbedded(dir: string, options: OpenOptions): Promise<Connection> {
  const server = await acquireEmbeddedServer(dir, { durable: options.durable ?? true });
  const connection = openPostgres(server.url, options.limits ?? DEFAULT_DATABASE_LIMITS);
  return {
    ...connection,
    async close() {
      await connection.close();
      await server.release();
    },
  };
}

/** A raw connection for tools that need SQL but no PrismaClient (e.g. the migrate CLI). */
export function openConnection(url: string, options: OpenOptions = {}): Promise<Connection> {
  const location = parseDatabaseUrl(url);
  return location.kind === 'postgres'
    ? Promise.resolve(openPostgres(location.url, options.limits ?? DEFAULT_DATABASE_LIMITS))
    : openEmbedded(location.dir, options);
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
  // adapter-pg has sent BEGIN itself; COMMIT and ROLLBACK go through executeRaw, reported there.
  onQuery('BEGIN');
  return overriding(tx, observedQueries(tx, onQuery));
}

/** The adapter factory, with every statement reported to `onQuery`. */
export function observedFactory(
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
  /** Hot reads on the same pool, without the client (sql-reader.ts). */
  sql: SqlReader;
  /** Applies pending committed migrations (see migrations.ts). */
  migrate(): Promise<void>;
  /** One round trip to the server; `SELECT 1` through Prisma unless the backend says better. */
  ping?(): Promise<void>;
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
    sql: sqlReader(connection.pool, connection.statementName, options.onQuery),
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
