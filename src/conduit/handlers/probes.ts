// Liveness and readiness probes.
import type { Handlers } from '../../../generated/operations.js';
import type { Principal } from '../http/authentication.js';
import { serviceUnavailable } from '../http/problem-catalog.js';

type ProbeHandlers = Pick<Handlers<Principal>, 'GetHealth' | 'GetReadiness'>;

/** `databaseAnswers` resolves when the database answers and rejects when it does not. */
export function probeHandlers(databaseAnswers: () => Promise<void>): ProbeHandlers {
  return {
    GetHealth: async () => ({ status: 200, body: { status: 'ok' } }),

    async GetReadiness() {
      try {
        await databaseAnswers();
      } catch {
        return serviceUnavailable('The database does not answer.');
      }
      return { status: 200, body: { status: 'ready', database: 'up' } };
    },
  };
}
