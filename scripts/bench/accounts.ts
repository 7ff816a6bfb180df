// The tokens the requests carry: the reader's, and those of the writers, many accounts so that
// each favorite is a new row. Taken through the API (login or registration), as a client would.
import { SEED_PASSWORD } from '../seed/data.js';
import { mapLimit, type ConduitApi } from './api.js';
import type { SeededData } from './seed-api.js';

/** Logins and registrations hash a password each: a few at a time keeps the server usable. */
const CONCURRENCY = 4;

export interface Account {
  email: string;
  username: string;
}

export const logInAll = (api: ConduitApi, accounts: readonly Account[]): Promise<string[]> =>
  mapLimit(accounts, CONCURRENCY, (account) => api.logIn(account.email, SEED_PASSWORD));

/** `count` accounts made for writing, named after the run and the data set. */
export const registerWriters = (api: ConduitApi, count: number, tag: string): Promise<string[]> =>
  mapLimit(Array.from({ length: count }), CONCURRENCY, (_, index) =>
    api.register({
      username: `writer${index}${tag}`,
      email: `writer${index}.${tag}@example.com`,
      password: SEED_PASSWORD,
    }),
  );

/**
 * `count` writers: seeded users after the reader (`tokens` when already known, else logged
 * in), then accounts registered for the purpose when the data set has too few users.
 */
export async function writerTokens(
  api: ConduitApi,
  users: readonly Account[],
  count: number,
  tag: string,
  tokens?: readonly string[],
): Promise<string[]> {
  const seeded = users.slice(1, 1 + count);
  const known = tokens?.slice(1, 1 + count) ?? (await logInAll(api, seeded));
  return [...known, ...(await registerWriters(api, count - known.length, tag))];
}

/** The reader's token and the writers': on the yardstick (one author) every writer is new. */
export async function takeTokens(
  api: ConduitApi,
  seeded: SeededData,
  yardstick: boolean,
  writers: number,
  tag: string,
): Promise<{ reader: string; writers: string[] }> {
  const reader = seeded.tokens?.[0] ?? (await logInAll(api, seeded.users.slice(0, 1)))[0];
  if (reader === undefined) throw new Error('the data set has no reader');
  return {
    reader,
    writers: yardstick
      ? await registerWriters(api, writers, tag)
      : await writerTokens(api, seeded.users, writers, tag, seeded.tokens),
  };
}
