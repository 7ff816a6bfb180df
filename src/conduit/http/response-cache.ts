// Conduit's response cache: where answers are kept (config), and who an answer is for. What an
// article or list shows depends on the caller's id (`favorited`, `following`) and role (admins
// see removed articles), so answers are kept per (user, role); anonymous callers share theirs.
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import type { ResponseCacheSettings } from '../config.js';
import type { Metrics } from '../../runtime/metrics.js';
import { MemoryStore } from '../../runtime/cache-memory-store.js';
import { RedisStore } from '../../runtime/cache-redis-store.js';
import { ResponseCache } from '../../runtime/response-cache.js';
import type { Principal } from './authentication.js';

export function responseCache(
  settings: ResponseCacheSettings,
  redis: Redis | undefined,
  log: FastifyBaseLogger,
  metrics: Metrics,
): ResponseCache | undefined {
  if (settings.store === 'off') return undefined;
  const store =
    settings.store === 'redis' && redis
      ? new RedisStore(redis, settings.redisPrefix)
      : new MemoryStore(settings.maxBytes);
  metrics.watchCache(() => store.held());
  return new ResponseCache({
    store,
    ttlSeconds: settings.ttlSeconds,
    timeoutMs: settings.timeoutMs,
    log,
    viewer: (principal) => {
      const caller = principal as Principal | undefined;
      return caller ? `${caller.userId}:${caller.role}` : '';
    },
    count: (outcome) => metrics.cacheLookup(outcome),
  });
}
