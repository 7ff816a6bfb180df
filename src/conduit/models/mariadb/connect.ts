// MySQL and MariaDB through Prisma: the second schema's client (prisma/mysql/schema.prisma) on
// Prisma's MariaDB adapter, over one pool shared with the hot-read SQL reader.
import { PrismaMariaDb } from '@prisma/adapter-mariadb';
import type { Pool } from 'mariadb';
import type { PrismaClient } from '../../../../generated/prisma/client.js';
import { PrismaClient as MysqlPrismaClient } from '../../../../generated/prisma-mysql/client.js';
import type { BackendOpenOptions } from '../backend.js';
import { DEFAULT_DATABASE_LIMITS } from '../database-limits.js';
import { observedFactory, type PrismaDatabase } from '../prisma/connect.js';
import { applyMigrations } from '../prisma/migrations.js';
import { MYSQL_MIGRATIONS_DIR, mysqlExecutor } from './migrations.js';
import { createPool } from './pool.js';
import { mariadbReader } from './sql-reader.js';

export async function openMariaDb(
  url: string,
  options: BackendOpenOptions = {},
): Promise<PrismaDatabase> {
  const pool = createPool(url, options.limits ?? DEFAULT_DATABASE_LIMITS);
  // Given our pool, the adapter leaves ending it to us (disposeExternalPool defaults to false).
  const factory = new PrismaMariaDb(pool);
  const adapter =
    options.onQuery === undefined ? factory : observedFactory(factory, options.onQuery);
  // The two schemas describe the same models (held equal by the schema parity check), so the
  // clients' APIs are the same and the repositories are written once, against the first's types.
  const prisma = new MysqlPrismaClient({ adapter }) as unknown as PrismaClient;
  return {
    prisma,
    sql: mariadbReader(pool, options.onQuery),
    ping: () => ping(pool),
    migrate: async () => {
      await applyMigrations(mysqlExecutor(url), { migrationsDir: MYSQL_MIGRATIONS_DIR });
    },
    close: async () => {
      try {
        await prisma.$disconnect();
      } finally {
        await pool.end();
      }
    },
  };
}

/** One round trip through the pool. A pool that could not connect says only that it timed out;
 * what went wrong (refused, unknown host, access denied) is its cause's first line (the pool
 * appends its counts below), so that is the message. */
async function ping(pool: Pool): Promise<void> {
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    // Duck-typed: the socket's errors may come from another realm (a test's VM context).
    const { cause } = error as { cause?: { message?: unknown } };
    const message = typeof cause?.message === 'string' ? cause.message : String(error);
    const reason = message.split('\n')[0];
    throw new Error(reason, { cause: error });
  }
}
