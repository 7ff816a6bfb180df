// A response cache in this process's memory, bounded in bytes (least recently used answers go
// first) and by TTL. Right for one instance: a second instance's writes never reach it, so
// several instances share a Redis store instead.
import type { CacheStore, CachedAnswer, Lookup } from './cache-store.js';

interface Entry {
  answer: CachedAnswer;
  bytes: number;
  expiresAt: number;
}

export class MemoryStore implements CacheStore {
  private readonly versions = new Map<string, number>();
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly now: () => number = Date.now,
  ) {}

  async lookup(scopes: readonly string[], key: string): Promise<Lookup> {
    const versions = this.versionsOf(scopes);
    const id = `${key}@${versions}`;
    const entry = this.entries.get(id);
    if (entry === undefined) return { versions };
    this.entries.delete(id);
    if (entry.expiresAt <= this.now()) {
      this.bytes -= entry.bytes;
      return { versions };
    }
    // Re-inserted: the Map's order is the eviction order, least recently used first.
    this.entries.set(id, entry);
    return { versions, answer: entry.answer };
  }

  async keep(key: string, versions: string, answer: CachedAnswer, ttlMs: number): Promise<void> {
    const id = `${key}@${versions}`;
    const bytes =
      id.length + answer.etag.length + answer.contentType.length + answer.payload.length;
    if (bytes > this.maxBytes) return;
    const previous = this.entries.get(id);
    if (previous) {
      this.entries.delete(id);
      this.bytes -= previous.bytes;
    }
    this.entries.set(id, { answer, bytes, expiresAt: this.now() + ttlMs });
    this.bytes += bytes;
    for (const [oldest, entry] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= entry.bytes;
    }
  }

  async bump(scopes: readonly string[]): Promise<void> {
    for (const scope of scopes) this.versions.set(scope, (this.versions.get(scope) ?? 0) + 1);
  }

  held() {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  private versionsOf(scopes: readonly string[]): string {
    return scopes.map((scope) => this.versions.get(scope) ?? 0).join('.');
  }
}
