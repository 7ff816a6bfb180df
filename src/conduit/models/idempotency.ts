// The idempotency-key store the runtime asks for (src/runtime/idempotency-store.ts), kept in
// the service's database by each backend.
import type { IdempotencyStore } from '../../runtime/idempotency-store.js';

export type { Claim, StoredAnswer } from '../../runtime/idempotency-store.js';

export type IdempotencyRepository = IdempotencyStore;
