// The MariaDB/MySQL connection pool, shared by Prisma's adapter and the hot-read SQL reader, with
// a bound on every wait: for a connection, for a statement on a live server (the server's
// max_statement_time, which covers lock waits too), and for an answer from a server that says
// nothing at all (the socket's own timeout, after which the connection is thrown away).
import type { EventEmitter } from 'node:events';
import mariadb from 'mariadb';
import type { DatabaseLimits } from '../database-limits.js';

// The server's own timeout should fire first; the socket's only when the server cannot.
const CLIENT_MARGIN_MS = 2000;

/** The connection settings a mysql:// or mariadb:// URL gives. */
export function connectionConfig(url: string): mariadb.ConnectionConfig {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: parsed.port === '' ? 3306 : Number(parsed.port),
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    database: decodeURIComponent(parsed.pathname.replace(/^\//, '')),
    // Prisma's adapter reads and writes DATETIME as UTC; sessions in UTC make the column
    // defaults (CURRENT_TIMESTAMP) and the reader's Dates agree with it.
    timezone: 'Z',
    // MySQL's default (1024 bytes) would cut a long tag list (sql-dialect.ts); MariaDB's is 1 MB.
    // READ COMMITTED, as PostgreSQL's default: each statement sees what was committed before it,
    // and InnoDB takes no gap locks, which under REPEATABLE READ deadlock concurrent inserts of
    // neighbouring tags.
    initSql: [
      'SET SESSION group_concat_max_len = 1048576',
      'SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED',
    ],
  };
}

export function createPool(url: string, limits: DatabaseLimits): mariadb.Pool {
  const pool = mariadb.createPool({
    ...connectionConfig(url),
    connectionLimit: limits.poolSize,
    acquireTimeout: limits.poolWaitMs,
    connectTimeout: limits.poolWaitMs,
    queryTimeout: limits.statementTimeoutMs,
    socketTimeout: limits.statementTimeoutMs + CLIENT_MARGIN_MS,
    keepAliveDelay: 10_000,
  });
  // The pool also reports a failed connection in the background as an 'error' event, which with
  // no listener would end the process. The same failure reaches every caller waiting for a
  // connection (answered 503 and logged, see unavailable.ts), so the event adds nothing.
  (pool as unknown as EventEmitter).on('error', () => undefined);
  return pool;
}
