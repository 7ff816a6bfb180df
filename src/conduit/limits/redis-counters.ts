// Window counters in Redis, shared by every instance. Each operation is one Lua script, so a
// hit and its expiry (or an undo and its checks) happen atomically, whatever other instances do.
import type { Redis } from 'ioredis';
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
  private readonly redis: Redis & CounterCommands;

  /** Over the service's Redis connection (redis.ts), which the service closes. */
  constructor(
    redis: Redis,
    private readonly prefix: string,
  ) {
    redis.defineCommand('windowHit', { numberOfKeys: 1, lua: HIT });
    redis.defineCommand('windowUndo', { numberOfKeys: 1, lua: UNDO });
    this.redis = redis as Redis & CounterCommands;
  }

  async hit(key: string, windowMs: number): Promise<WindowCount> {
    const [count, resetInMs] = await this.redis.windowHit(this.prefix + key, windowMs);
    return { count, resetInMs };
  }

  async undo(key: string): Promise<void> {
    await this.redis.windowUndo(this.prefix + key);
  }
}
