// Whether an error means the database could not do the work at all (down, unreachable, hung,
// out of connections, a statement past its timeout) rather than that the request was wrong.
// Such failures are the service's to report as 503 and retry later, never a 500. Drivers and
// Prisma each wrap them their own way, so the chain of causes is searched.

// PostgreSQL SQLSTATEs: connection exceptions (08), insufficient resources (53), the server
// shutting down or starting (57P01-57P03), a statement or lock wait cut by its timeout.
const POSTGRES_UNAVAILABLE = /^(08|53|57P0[123]$|57014$|55P03$)/;
// Node's socket errors, as the PostgreSQL and MongoDB drivers pass them on.
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);
// node-postgres reports a lost connection or pool timeouts as plain Errors. (A pool or client
// this process closed itself is a bug, not an outage, and is not among them.)
const PG_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Query read timeout|connection error/i;
// Prisma's codes for an unreachable or overloaded database (P1xxx), pool and transaction
// timeouts (P2024, P2028) and too many connections (P2037).
const PRISMA_CODES = new Set([
  'P1001',
  'P1002',
  'P1008',
  'P1011',
  'P1017',
  'P2024',
  'P2028',
  'P2037',
]);
const ADAPTER_KINDS = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
]);
// MySQL/MariaDB server errnos: too many connections (1040), shutting down (1053), a lock wait or
// statement cut by its timeout (1205; 1969 on MariaDB, 3024 on MySQL), a killed connection
// (1927), gone or lost (2006, 2013); and the mariadb driver's own: a socket closed, failed or
// timed out (45009, 45012, 45013, 45019, 45026), no connection from the pool in time (45028), a
// ping timeout (45042); and any error of SQLSTATE class 08 (a connection exception: the driver
// reports a link lost while it sets up a session so, whatever its errno). Prisma's adapter
// passes them on as { kind: 'mysql', code, state }, the driver as { errno, sqlState }.
const MYSQL_ERRNOS = new Set([
  1040, 1053, 1205, 1927, 1969, 2006, 2013, 3024, 45009, 45012, 45013, 45019, 45026, 45028, 45042,
]);
const MONGO_NAMES = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoPoolClearedError',
  'MongoWaitQueueTimeoutError',
  'MongoExpiredSessionError',
]);
// MongoDB server codes: an operation past maxTimeMS (50), shutdown and not-primary states.
const MONGO_CODES = new Set([50, 89, 91, 189, 6, 7, 11600, 11602, 13435, 13436, 10107]);

interface Inspectable {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  kind?: unknown;
  errno?: unknown;
  sqlState?: unknown;
  state?: unknown;
  meta?: { code?: unknown; driverAdapterError?: unknown };
}

export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const pending: unknown[] = [error];
  while (pending.length > 0) {
    const current = pending.pop();
    if (typeof current !== 'object' || current === null || seen.has(current)) continue;
    seen.add(current);
    if (matches(current as Inspectable)) return true;
    const { cause, meta } = current as Inspectable;
    pending.push(cause, meta?.driverAdapterError);
    if (Array.isArray((current as { errors?: unknown }).errors)) {
      pending.push(...(current as { errors: unknown[] }).errors);
    }
  }
  return false;
}

function matches(error: Inspectable): boolean {
  const { name, code, message, kind, errno, sqlState, state, meta } = error;
  if (kind === 'mysql') {
    if (typeof code === 'number' && MYSQL_ERRNOS.has(code)) return true;
    if (typeof state === 'string' && state.startsWith('08')) return true;
  }
  if (typeof errno === 'number' && typeof sqlState === 'string') {
    if (MYSQL_ERRNOS.has(errno) || sqlState.startsWith('08')) return true;
  }
  if (typeof code === 'string') {
    if (SOCKET_CODES.has(code) || PRISMA_CODES.has(code)) return true;
    if (/^[0-9A-Z]{5}$/.test(code) && POSTGRES_UNAVAILABLE.test(code)) return true;
  }
  if (typeof meta?.code === 'string' && POSTGRES_UNAVAILABLE.test(meta.code)) return true;
  if (typeof kind === 'string') {
    if (ADAPTER_KINDS.has(kind)) return true;
    if (kind === 'postgres' && typeof code === 'string' && POSTGRES_UNAVAILABLE.test(code)) {
      return true;
    }
  }
  if (typeof name === 'string') {
    if (MONGO_NAMES.has(name) || name === 'PrismaClientInitializationError') return true;
    if (name.startsWith('Mongo') && typeof code === 'number' && MONGO_CODES.has(code)) return true;
  }
  if (typeof message === 'string') {
    if (PG_MESSAGES.test(message)) return true;
    // Mongoose, when a command waits for a connection that does not come.
    if (/buffering timed out/i.test(message)) return true;
  }
  return false;
}
