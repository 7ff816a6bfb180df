// Hot reads as SQL straight on the pool that Prisma's adapter uses (see ../prisma/sql-reader.ts
// for why), on MySQL and MariaDB.
import type mariadb from 'mariadb';
import type { Prisma } from '../../../../generated/prisma/client.js';
import type { SqlReader } from '../prisma/sql-reader.js';
import { mysqlDialect } from './dialect.js';

export function mariadbReader(pool: mariadb.Pool, onQuery?: (sql: string) => void): SqlReader {
  return {
    dialect: mysqlDialect,
    async rows<Row>(query: Prisma.Sql): Promise<Row[]> {
      onQuery?.(query.sql);
      // Counts and sums as numbers, as node-postgres gives them; the values fit (row counts).
      const rows: unknown = await pool.query(
        { sql: query.sql, bigIntAsNumber: true, decimalAsNumber: true },
        query.values,
      );
      return [...(rows as Row[])];
    },
  };
}
