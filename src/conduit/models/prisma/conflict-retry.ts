// A transaction the database ended to break a deadlock or a write conflict (InnoDB's 1213,
// PostgreSQL's 40001 and 40P01) did nothing, so it is run again from the start, a few times.
// Article writes lock shared rows (their tags, and the counts the triggers keep) in an order the
// code keeps as far as it can, but an update's removed tags come last; should InnoDB still pick
// a victim, the survivor commits and the retry then succeeds, where the client would get a 500.
import { setTimeout as sleep } from 'node:timers/promises';

const ATTEMPTS = 5;

interface PrismaFailure {
  code?: unknown;
  meta?: { driverAdapterError?: { cause?: { kind?: unknown; code?: unknown } } };
}

/** P2034 from a transaction; from a raw statement in it, P2010 with the driver's own code. */
function isConflict(error: unknown): boolean {
  const { code, meta } = (error ?? {}) as PrismaFailure;
  if (code === 'P2034') return true;
  const cause = meta?.driverAdapterError?.cause;
  if (cause?.kind === 'TransactionWriteConflict') return true;
  if (cause?.kind === 'mysql') return cause.code === 1213;
  return cause?.kind === 'postgres' && (cause.code === '40001' || cause.code === '40P01');
}

export async function retryingConflicts<T>(transaction: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await transaction();
    } catch (error) {
      if (!isConflict(error) || attempt === ATTEMPTS) throw error;
      // A few milliseconds, growing and jittered, so that the same writers do not meet again.
      await sleep(Math.random() * 5 * 2 ** attempt);
    }
  }
}
