// Logging for failures that come in bursts (the database down, a bug on a hot path): the first
// of a kind is logged in full, the rest of its window only counted, and the count logged when
// the window ends. An outage then costs a few lines of log, not a stack trace per request.
import type { FastifyBaseLogger } from 'fastify';

export interface BurstLog {
  /** Logs the first `key` of a window with `details`, counts the others. */
  note(key: string, details: Record<string, unknown>, message: string): void;
}

export function burstLog(
  log: () => FastifyBaseLogger,
  level: 'warn' | 'error',
  windowMs = 10_000,
): BurstLog {
  const open = new Map<string, { count: number; message: string }>();
  return {
    note(key, details, message) {
      const window = open.get(key);
      if (window) {
        window.count += 1;
        return;
      }
      open.set(key, { count: 0, message });
      log()[level](details, message);
      setTimeout(() => {
        const closed = open.get(key);
        open.delete(key);
        if (closed && closed.count > 0) {
          log()[level](
            { repeated: closed.count, windowSeconds: windowMs / 1000 },
            `${closed.message} (${closed.count} more in the last ${windowMs / 1000} s)`,
          );
        }
      }, windowMs).unref();
    },
  };
}
