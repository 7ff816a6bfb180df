// The service's one Redis connection (REDIS_URL), shared by the rate limiter's counters and the
// response cache. Connected and pinged at start, so an unreachable Redis stops the start with
// a clear message; later outages make commands fail fast (no offline queue) while ioredis
// reconnects by itself, and each user of it falls back in its own way.
import type { FastifyBaseLogger } from 'fastify';
import { Redis } from 'ioredis';
import { ConfigError } from './config.js';
import { throttled } from './limits/throttled.js';

export async function connectRedis(url: string, log: FastifyBaseLogger): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    commandTimeout: 1_000,
    // disconnect() waits this long for a socket that may already be gone (after a failed
    // start it always is) before letting the process exit.
    disconnectTimeout: 200,
  });
  const warn = throttled(10_000);
  let connectionError: Error | undefined;
  // Without a listener each failed reconnection would also crash the process.
  redis.on('error', (error: Error) => {
    connectionError = error;
    if (warn()) log.warn({ err: error }, 'redis connection failed');
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    // connect() only says the connection closed; the error event said why.
    const cause = connectionError ?? error;
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new ConfigError(`Cannot use Redis at ${redactUrl(url)}: ${reason}`);
  }
  return redis;
}

export async function closeRedis(redis: Redis): Promise<void> {
  await redis.quit().catch(() => redis.disconnect());
}

const redactUrl = (url: string) => url.replace(/\/\/[^@/]*@/, '//***@');
