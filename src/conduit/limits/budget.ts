// A budget: at most `max` hits per key in each window. Every abuse limit is one (requests per
// client, registrations per address, failed logins per account and per address). The limits
// guard against abuse, they do not authorize: while the counter store is out of reach, a
// budget lets everything through rather than refusing everyone.
import type { WindowCounters } from './window-counters.js';

export interface Spent {
  allowed: boolean;
  /** Hits in the window, this one included; 0 when the budget is off or the store failed. */
  count: number;
  /** Whole seconds until the window closes (the `Retry-After` of a refusal). */
  retryAfterSeconds: number;
}

const UNLIMITED: Spent = { allowed: true, count: 0, retryAfterSeconds: 0 };

export class Budget {
  constructor(
    /** Names the budget in its counters' keys, so budgets never share a count. */
    readonly name: string,
    /** Hits allowed per key and window; 0 turns the budget off. */
    readonly max: number,
    readonly windowSeconds: number,
    private readonly counters: WindowCounters,
    private readonly onStoreFailure: (error: unknown) => void,
  ) {}

  get enabled(): boolean {
    return this.max > 0;
  }

  async spend(key: string): Promise<Spent> {
    if (!this.enabled) return UNLIMITED;
    try {
      const { count, resetInMs } = await this.counters.hit(
        this.keyOf(key),
        this.windowSeconds * 1000,
      );
      const retryAfterSeconds = Math.max(1, Math.ceil(resetInMs / 1000));
      return { allowed: count <= this.max, count, retryAfterSeconds };
    } catch (error) {
      this.onStoreFailure(error);
      return UNLIMITED;
    }
  }

  /** Gives one hit back, for an attempt that turned out not to be what the budget counts. */
  async refund(key: string): Promise<void> {
    if (!this.enabled) return;
    try {
      await this.counters.undo(this.keyOf(key));
    } catch (error) {
      this.onStoreFailure(error);
    }
  }

  private keyOf(key: string): string {
    return `${this.name}:${key}`;
  }
}
