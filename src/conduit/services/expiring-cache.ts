// A small in-process cache whose entries expire: for facts read on every request that may change
// elsewhere (another instance, a command-line tool), where a bounded staleness is the price of
// no round trip. Loads of one key in flight at once are shared.

export class ExpiringCache<K, V> {
  private readonly entries = new Map<K, { value: Promise<V>; expiresAt: number }>();

  constructor(
    private readonly ttlMs: number,
    /** Past this many entries the oldest goes first. */
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The cached value, or `load`'s (cached for the TTL unless it fails). */
  get(key: K, load: (key: K) => Promise<V>): Promise<V> {
    if (this.ttlMs <= 0) return load(key);
    const now = this.now();
    const entry = this.entries.get(key);
    if (entry !== undefined && entry.expiresAt > now) return entry.value;
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    const value = load(key);
    this.entries.set(key, { value, expiresAt: now + this.ttlMs });
    // A failed load is not kept: the next call tries again.
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    return value;
  }

  /** Forgets a key at once, after a change this process made. */
  delete(key: K): void {
    this.entries.delete(key);
  }
}
