// The PostgreSQL connection pool, with a bound on every wait: for a connection (pool full, or
// the server slow to accept one), for a statement on a live server (statement_timeout, which
// covers lock waits too), and for an answer from a server that says nothing at all (hung host,
// network partition: the client's own read timeout, after which the connection is thrown away,
// as its statement's answer may still come and would be read as the next one's).
import pg from 'pg';
import type { DatabaseLimits } from '../database-limits.js';

// The server's own timeout should fire first; the client's only when the server cannot.
const CLIENT_MARGIN_MS = 2000;

/** A client that drops its connection once a query has gone unanswered past the read timeout. */
class DeadlineClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    const query = this.query.bind(this) as (...args: unknown[]) => unknown;
    this.query = ((...args: unknown[]) => {
      const result = query(...args);
      if (!(result instanceof Promise)) return result;
      return result.catch((error: unknown) => {
        if (error instanceof Error && error.message === 'Query read timeout') this.drop();
        throw error;
      });
    }) as pg.Client['query'];
  }

  private drop(): void {
    (
      this as unknown as { connection: { stream: { destroy(): void } } }
    ).connection.stream.destroy();
  }
}

export function createPool(url: string, limits: DatabaseLimits): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    Client: DeadlineClient,
    max: limits.poolSize,
    connectionTimeoutMillis: limits.poolWaitMs,
    statement_timeout: limits.statementTimeoutMs,
    query_timeout: limits.statementTimeoutMs + CLIENT_MARGIN_MS,
    // A transaction left open by a request that failed half-way must not hold its locks.
    idle_in_transaction_session_timeout: Math.max(10_000, limits.statementTimeoutMs * 2),
    keepAlive: true,
    application_name: 'conduit',
  });
  // An idle connection dropped by the server emits 'error'; unhandled, that kills the process.
  // The pool replaces the connection on next use, and the requests that needed it report the
  // outage themselves, so nothing is logged here.
  pool.on('error', () => undefined);
  return pool;
}
