// Window counters in Redis, shared by every instance. Each operation is one Lua script, so a
// hit and its expiry (or an undo and its checks) happen atomically, whatever other instances do.
import type { FastifyBaseLogger } from 'fastify';
import { Redis } from 'ioredis';
import { ConfigError } from '../config.js';
import { throttled } from './throttled.js';
import type { WindowCount, WindowCounters } from './window-counters.js';

// The expiry is set with the first hit of a window, and repaired should a key ever lack one.
const HIT = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if count == 1 or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}`;

// Only inside an open window, and never below zero: an undo after the window closed would
// otherwise leave a negative count with no expiry.
const UNDO = `
if redis.call('PTTL', KEYS[1]) > 0 and tonumber(redis.call('GET', KEYS[1]) or '0') > 0 then
  redis.call('DECR', KEYS[1])
end
return 0`;

interface CounterCommands {
  windowHit(key: string, windowMs: number): Promise<[number, number]>;
  windowUndo(key: string): Promise<number>;
}

export class RedisCounters implements WindowCounters {
  private constructor(
    private readonly redis: Redis & CounterCommands,
    private readonly prefix: string,
  ) {}

  /**
   * Connects and pings, so an unreachable Redis stops the start with a clear message. Later
   * outages make commands fail fast (no offline queue) while ioredis reconnects by itself.
   */
  static async connect(url: string, prefix: string, log: FastifyBaseLogger) {
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
    redis.defineCommand('windowHit', { numberOfKeys: 1, lua: HIT });
    redis.defineCommand('windowUndo', { numberOfKeys: 1, lua: UNDO });
    const warn = throttled(10_000);
    let connectionError: Error | undefined;
    // Without a listener each failed reconnection would also crash the process.
    redis.on('error', (error: Error) => {
      connectionError = error;
      if (warn()) log.warn({ err: error }, 'rate limit redis connection failed');
    });
    try {
      await redis.connect();
      await redis.ping();
    } catch (error) {
      redis.disconnect();
      // connect() only says the connection closed; the error event said why.
      const cause = connectionError ?? error;
      const reason = cause instanceof Error ? cause.message : String(cause);
      throw new ConfigError(`Cannot use Redis at ${redactUrl(url)} for rate limits: ${reason}`);
    }
    return new RedisCounters(redis as Redis & CounterCommands, prefix);
  }

  async hit(key: string, windowMs: number): Promise<WindowCount> {
    const [count, resetInMs] = await this.redis.windowHit(this.prefix + key, windowMs);
    return { count, resetInMs };
  }

  async undo(key: string): Promise<void> {
    await this.redis.windowUndo(this.prefix + key);
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

const redactUrl = (url: string) => url.replace(/\/\/[^@/]*@/, '//***@');
