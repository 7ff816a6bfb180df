// A database whose repositories can be made to fail the way a bug does (a plain Error from any
// method), to test how the service answers an unexpected failure. Not an outage: those come
// from real drivers, through the TCP proxy (tcp-proxy.ts).
import type { Database } from '../../src/conduit/models/database.js';

export interface Breakable {
  database: Database;
  /** From now on, every repository method rejects with an Error. */
  breakNow(): void;
}

const REPOSITORIES = ['users', 'profiles', 'articles', 'comments', 'tags', 'sessions', 'audit'];

export function breakable(real: Database): Breakable {
  let broken = false;
  const failing = <T extends object>(repository: T): T =>
    new Proxy(repository, {
      get(target, key) {
        const value: unknown = Reflect.get(target, key, target);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) =>
          broken
            ? Promise.reject(new Error(`simulated failure in ${String(key)}`))
            : (value as (...a: unknown[]) => unknown).apply(target, args);
      },
    });
  const database = Object.fromEntries(
    Object.entries(real).map(([name, member]) => [
      name,
      REPOSITORIES.includes(name) ? failing(member as object) : member,
    ]),
  ) as unknown as Database;
  return {
    database,
    breakNow: () => {
      broken = true;
    },
  };
}
