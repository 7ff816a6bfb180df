// The response cache's parts that HTTP tests cannot pin down: reads in flight are shared only
// at the same versions, and a store that fails or hangs never fails a read.
import { describe, expect, it } from '@jest/globals';
import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import { MemoryStore } from '../../../src/runtime/cache-memory-store.js';
import type { CacheStore } from '../../../src/runtime/cache-store.js';
import { ResponseCache } from '../../../src/runtime/response-cache.js';
import type { OperationInfo } from '../../../src/runtime/types.js';

const warnings: string[] = [];
const log = {
  warn: (_: unknown, message: string) => warnings.push(message),
  info: () => undefined,
} as unknown as FastifyBaseLogger;

const cacheOver = (store: CacheStore, timeoutMs = 50) =>
  new ResponseCache({ store, ttlSeconds: 60, timeoutMs, viewer: () => '', log });

const read: OperationInfo = {
  operationId: 'GetThing',
  method: 'GET',
  path: '/things/{id}',
  security: [],
  requestContentTypes: [],
  bodyRequired: false,
  responses: { 200: ['application/json'] },
  responseHeaders: { 200: ['etag'] },
  cacheScopes: ['thing:{id}'],
};
const write: OperationInfo = {
  ...read,
  operationId: 'PutThing',
  method: 'PUT',
  invalidates: ['thing:{id}'],
};
delete (write as { cacheScopes?: unknown }).cacheScopes;
const request = (id: string) => ({ params: { id }, query: {} }) as unknown as FastifyRequest;
const answer = { etag: '"a"', contentType: 'application/json', payload: '{"id":1}' };

describe('reads in flight', () => {
  it('are shared by requests at the same versions, and only until the answer lands', async () => {
    const cache = cacheOver(new MemoryStore(1024 * 1024));
    const found = await cache.find(read, request('1'));
    if (!found || !('pending' in found)) throw new Error('expected a miss');
    expect(cache.joinFlight(found.pending)).toBeUndefined();
    const land = cache.startFlight(found.pending);
    const waiting = cache.joinFlight(found.pending);
    land(answer);
    await expect(waiting).resolves.toEqual(answer);
    expect(cache.joinFlight(found.pending)).toBeUndefined();
  });

  it('are never shared with a read that began after a write', async () => {
    const cache = cacheOver(new MemoryStore(1024 * 1024));
    const before = await cache.find(read, request('1'));
    if (!before || !('pending' in before)) throw new Error('expected a miss');
    cache.startFlight(before.pending);
    await cache.invalidate(write, request('1'));
    const after = await cache.find(read, request('1'));
    if (!after || !('pending' in after)) throw new Error('expected a miss');
    expect(after.pending.versions).not.toBe(before.pending.versions);
    expect(cache.joinFlight(after.pending)).toBeUndefined();
    // Nor is what the earlier read keeps found by the later one.
    cache.keep(before.pending, answer);
    await new Promise((resolve) => setImmediate(resolve));
    const again = await cache.find(read, request('1'));
    expect(again && 'answer' in again).toBe(false);
  });
});

describe('a failing store', () => {
  const hanging: CacheStore = {
    lookup: () => new Promise(() => undefined),
    keep: () => new Promise(() => undefined),
    bump: () => new Promise(() => undefined),
    held: () => undefined,
  };
  const failing: CacheStore = {
    lookup: () => Promise.reject(new Error('down')),
    keep: () => Promise.reject(new Error('down')),
    bump: () => Promise.reject(new Error('down')),
    held: () => undefined,
  };

  const late = (): Promise<never> =>
    new Promise((_, reject) => setTimeout(() => reject(new Error('late')), 60));
  // Fails only after the timeout, when the read has gone to the database already.
  const slowFailing: CacheStore = { lookup: late, keep: late, bump: late, held: () => undefined };

  it.each([
    ['hangs', hanging],
    ['fails', failing],
    ['fails after the timeout', slowFailing],
  ])('that %s sends reads to the database within the timeout, warning once', async (_, store) => {
    warnings.length = 0;
    const unhandled: unknown[] = [];
    const note = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', note);
    const cache = cacheOver(store, 20);
    const started = Date.now();
    for (let i = 0; i < 3; i += 1) {
      await expect(cache.find(read, request('1'))).resolves.toBeUndefined();
      await expect(cache.invalidate(write, request('1'))).resolves.toBeUndefined();
    }
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(warnings).toEqual(['response cache unavailable: reading the database']);
    // Long enough for every late rejection to have come.
    await new Promise((resolve) => setTimeout(resolve, 100));
    process.off('unhandledRejection', note);
    expect(unhandled).toEqual([]);
  });

  it('keeps this instance off the cache until a failed invalidation has been made', async () => {
    let down = true;
    const memory = new MemoryStore(1024 * 1024);
    const flaky: CacheStore = {
      lookup: (scopes, key) => memory.lookup(scopes, key),
      keep: (key, versions, value, ttl) => memory.keep(key, versions, value, ttl),
      bump: (scopes) => (down ? Promise.reject(new Error('down')) : memory.bump(scopes)),
      held: () => memory.held(),
    };
    const cache = cacheOver(flaky);
    const found = await cache.find(read, request('1'));
    if (!found || !('pending' in found)) throw new Error('expected a miss');
    cache.keep(found.pending, answer);
    await new Promise((resolve) => setImmediate(resolve));
    await cache.invalidate(write, request('1'));
    // The kept answer is stale now: it must not be served, while the bump cannot be made...
    expect(await cache.find(read, request('1'))).toBeUndefined();
    down = false;
    // ...nor after it has been: the next lookup makes it first.
    const after = await cache.find(read, request('1'));
    expect(after && 'answer' in after).toBe(false);
  });
});
