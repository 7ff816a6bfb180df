// The in-memory window counters, on a controlled clock. The Redis counters pass the same
// behaviour over HTTP in tests/operations/rate-limits-redis.test.ts.
import { describe, expect, it } from '@jest/globals';
import { MemoryCounters } from '../../../src/conduit/limits/window-counters.js';

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('MemoryCounters', () => {
  it('counts hits in a window opened by the first one, then starts over', async () => {
    const time = clock();
    const counters = new MemoryCounters(time.now);
    expect(await counters.hit('k', 1_000)).toEqual({ count: 1, resetInMs: 1_000 });
    time.advance(400);
    expect(await counters.hit('k', 1_000)).toEqual({ count: 2, resetInMs: 600 });
    time.advance(600);
    expect(await counters.hit('k', 1_000)).toEqual({ count: 1, resetInMs: 1_000 });
  });

  it('keeps keys apart', async () => {
    const counters = new MemoryCounters(clock().now);
    await counters.hit('a', 1_000);
    await counters.hit('a', 1_000);
    expect((await counters.hit('b', 1_000)).count).toBe(1);
  });

  it('takes a hit back within the window, never below zero, and not after it', async () => {
    const time = clock();
    const counters = new MemoryCounters(time.now);
    await counters.hit('k', 1_000);
    await counters.hit('k', 1_000);
    await counters.undo('k');
    await counters.undo('k');
    await counters.undo('k');
    expect((await counters.hit('k', 1_000)).count).toBe(1);
    time.advance(1_000);
    await counters.undo('k');
    expect((await counters.hit('k', 1_000)).count).toBe(1);
  });

  it('holds at most its bound of keys, dropping the oldest window first', async () => {
    const counters = new MemoryCounters(clock().now, 2);
    await counters.hit('first', 1_000);
    await counters.hit('first', 1_000);
    await counters.hit('second', 1_000);
    await counters.hit('third', 1_000);
    // "first" was dropped, so it starts over; "second" and "third" kept their counts... until
    // "first" came back and pushed out the oldest of them.
    expect((await counters.hit('first', 1_000)).count).toBe(1);
    expect((await counters.hit('third', 1_000)).count).toBe(2);
  });
});
