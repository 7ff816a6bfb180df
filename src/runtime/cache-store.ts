// Where a response cache keeps answers: in this process (cache-memory-store.ts) or in Redis, shared
// by every instance (cache-redis-store.ts). Invalidation is by versioned scopes: each answer is kept
// under the versions its scopes had when it was read from the database, and a write moves its
// scopes to new versions, so an older answer is never found again (TTLs only bound memory).

/** One kept answer: a 200 exactly as it went out. */
export interface CachedAnswer {
  etag: string;
  contentType: string;
  payload: string;
}

export interface Lookup {
  /** The scopes' versions now, joined: the answer read next is kept under them. */
  versions: string;
  answer?: CachedAnswer | undefined;
}

export interface CacheStore {
  /** The versions of these scopes now, and the answer kept for `key` at those versions. */
  lookup(scopes: readonly string[], key: string): Promise<Lookup>;
  /** Keeps an answer read at `versions`, for at most `ttlMs`. */
  keep(key: string, versions: string, answer: CachedAnswer, ttlMs: number): Promise<void>;
  /** Moves each scope to a new version: what was kept under the old ones is never read again. */
  bump(scopes: readonly string[]): Promise<void>;
  /** What this process holds, for the metrics; undefined when the cache is elsewhere. */
  held(): { entries: number; bytes: number } | undefined;
}
