// Where idempotency keys live (IETF httpapi "The Idempotency-Key HTTP Header Field"): the
// first request with a key claims it; once answered, its answer is kept so that a retry with
// the same key and the same request gets that answer again instead of doing the work twice.
// The API provides the store (its database), the runtime (idempotency.ts) uses it.

export interface StoredAnswer {
  status: number;
  contentType: string;
  body: string;
}

export type Claim =
  /** The key is this request's now: do the work, then complete() or release(). */
  | { state: 'claimed' }
  /** A request with this key and the same fingerprint was answered: send its answer again. */
  | { state: 'answered'; answer: StoredAnswer }
  /** A request with this key is still being worked on (or died within its lease). */
  | { state: 'in-progress' }
  /** The key was used for a different request. */
  | { state: 'mismatch' };

export interface IdempotencyStore {
  /**
   * Claims `key` within `scope` (the operation and the caller) for a request with this
   * fingerprint, unless it is held: kept answers until `expiresAt`, a claim in progress until
   * `leaseUntil` (after which a retry may take over, as the first request died). Atomic: of
   * concurrent claims exactly one wins.
   */
  claim(request: {
    scope: string;
    key: string;
    fingerprint: string;
    leaseUntil: Date;
    expiresAt: Date;
  }): Promise<Claim>;
  /** Keeps the answer of the claimed key. */
  complete(scope: string, key: string, answer: StoredAnswer): Promise<void>;
  /** Gives the key up (the request failed in a way a retry should redo). */
  release(scope: string, key: string): Promise<void>;
}
