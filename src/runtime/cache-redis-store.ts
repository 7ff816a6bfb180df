// A response cache in Redis, shared by every instance on it: a write on one instance moves the
// scope versions every instance reads, so the next read anywhere misses the old answer. A
// lookup is one round trip (a script reads the versions and the entry together). Version keys
// have no TTL and entries do: under a `volatile-*` eviction policy Redis evicts answers, never
// versions (an evicted version would bring back the answers kept under it).
import type { Redis } from 'ioredis';
import type { CacheStore, CachedAnswer, Lookup } from './cache-store.js';

const LOOKUP = `
local versions = {}
for i, version in ipairs(redis.call('MGET', unpack(KEYS))) do versions[i] = version or '0' end
local joined = table.concat(versions, '.')
return {joined, redis.call('GET', ARGV[1] .. '@' .. joined)}
`;

type Scripted = Redis & {
  cacheLookup(...args: string[]): Promise<[string, string | null]>;
};

export class RedisStore implements CacheStore {
  private readonly redis: Scripted;

  constructor(
    redis: Redis,
    private readonly prefix: string,
  ) {
    redis.defineCommand('cacheLookup', { lua: LOOKUP });
    this.redis = redis as Scripted;
  }

  async lookup(scopes: readonly string[], key: string): Promise<Lookup> {
    const keys = scopes.map((scope) => this.versionKey(scope));
    const [versions, raw] = await this.redis.cacheLookup(
      String(keys.length),
      ...keys,
      this.entryKey(key),
    );
    return { versions, answer: raw === null ? undefined : decode(raw) };
  }

  async keep(key: string, versions: string, answer: CachedAnswer, ttlMs: number): Promise<void> {
    await this.redis.set(`${this.entryKey(key)}@${versions}`, encode(answer), 'PX', ttlMs);
  }

  async bump(scopes: readonly string[]): Promise<void> {
    const pipeline = this.redis.pipeline();
    for (const scope of scopes) pipeline.incr(this.versionKey(scope));
    for (const [error] of (await pipeline.exec()) ?? []) if (error) throw error;
  }

  held() {
    return undefined;
  }

  private versionKey(scope: string): string {
    return `${this.prefix}v:${scope}`;
  }

  private entryKey(key: string): string {
    return `${this.prefix}e:${key}`;
  }
}

// ETags and media types hold no newline, so the first two lines are theirs.
function encode(answer: CachedAnswer): string {
  return `${answer.etag}\n${answer.contentType}\n${answer.payload}`;
}

function decode(raw: string): CachedAnswer {
  const first = raw.indexOf('\n');
  const second = raw.indexOf('\n', first + 1);
  return {
    etag: raw.slice(0, first),
    contentType: raw.slice(first + 1, second),
    payload: raw.slice(second + 1),
  };
}
