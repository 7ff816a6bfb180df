// Hot reads as typed SQL straight on the pool that Prisma's adapter uses. Through the client, a
// raw query cost about three times the Node CPU of the same statement on node-postgres
// (measured: ~130 vs ~40 us for the tag list), and these reads run on every page view. Writes,
// transactions and every other read stay with the Prisma client; the statements are built with
// Prisma.sql, so values are always bound parameters.
import type pg from 'pg';
import type { Prisma } from '../../../../generated/prisma/client.js';
import { postgresDialect, type SqlDialect } from './sql-dialect.js';

export interface SqlReader {
  /** The SQL this reader's database speaks where databases differ. */
  dialect: SqlDialect;
  /** The rows of one statement, typed by the caller's mapper (the driver's type parsing). */
  rows<Row>(query: Prisma.Sql): Promise<Row[]>;
}

export function sqlReader(
  pool: pg.Pool,
  /** A prepared statement's name for the text, or '' to send it unnamed. */
  nameOf: (sql: string) => string,
  onQuery?: (sql: string) => void,
): SqlReader {
  return {
    dialect: postgresDialect,
    async rows<Row>(query: Prisma.Sql): Promise<Row[]> {
      onQuery?.(query.text);
      const name = nameOf(query.text);
      const result = await pool.query({
        ...(name === '' ? {} : { name }),
        text: query.text,
        values: query.values as unknown[],
      });
      return result.rows as Row[];
    },
  };
}
