// Fixed-window counters: the store behind every abuse budget. A key's window opens at its first
// hit and lasts `windowMs`; the count starts over after it. One interface, kept in this
// process's memory or in Redis (redis-counters.ts) so that every instance counts together.

export interface WindowCount {
  /** Hits in the current window, this one included. */
  count: number;
  /** Milliseconds until the window closes and the count starts over. */
  resetInMs: number;
}

export interface WindowCounters {
  /** Counts one more hit on `key`, opening a window of `windowMs` when none is open. */
  hit(key: string, windowMs: number): Promise<WindowCount>;
  /** Takes one hit back, in the same window; nothing when that window has closed. */
  undo(key: string): Promise<void>;
}

// Past this many windows the oldest goes first (closed ones are dropped when hit again), so a flood of new keys (spoofed addresses,
// made-up emails) cannot grow the process without bound.
const MAX_KEYS = 100_000;

export class MemoryCounters implements WindowCounters {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxKeys = MAX_KEYS,
  ) {}

  async hit(key: string, windowMs: number): Promise<WindowCount> {
    const now = this.now();
    let window = this.windows.get(key);
    if (window === undefined || window.resetAt <= now) {
      this.windows.delete(key);
      if (this.windows.size >= this.maxKeys) this.evictOldest();
      window = { count: 0, resetAt: now + windowMs };
      this.windows.set(key, window);
    }
    window.count += 1;
    return { count: window.count, resetInMs: window.resetAt - now };
  }

  async undo(key: string): Promise<void> {
    const window = this.windows.get(key);
    if (window !== undefined && window.resetAt > this.now() && window.count > 0) window.count -= 1;
  }

  /** The window opened longest ago (a Map iterates in insertion order). */
  private evictOldest(): void {
    const oldest = this.windows.keys().next();
    if (!oldest.done) this.windows.delete(oldest.value);
  }
}
