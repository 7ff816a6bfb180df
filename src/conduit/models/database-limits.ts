// The bounds every backend puts on its database work, so that a database that is down, hung or
// locked answers the service in seconds and frees what the request held.

export interface DatabaseLimits {
  /** Connections held at most. */
  poolSize: number;
  /** How long a query waits for a connection (a free one, or a new one to be made). */
  poolWaitMs: number;
  /** How long one statement (or MongoDB operation) may run, lock waits included. */
  statementTimeoutMs: number;
}

export const DEFAULT_DATABASE_LIMITS: DatabaseLimits = {
  poolSize: 10,
  poolWaitMs: 2000,
  statementTimeoutMs: 3000,
};
