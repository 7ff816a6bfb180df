// The idempotency-key store on the backend TEST_DATABASE_URL names: a key is claimed once (also
// when claims race), kept answers and claims in progress hold until they expire, a different
// fingerprint is told apart, and a released claim can be claimed again.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { IdempotencyRepository } from '../../../src/conduit/models/idempotency.js';
import { openBackendDatabase, type BackendDatabase } from './repositories.js';

let backend: BackendDatabase;
let keys: IdempotencyRepository;
beforeAll(async () => {
  backend = await openBackendDatabase();
  keys = backend.database.idempotency;
});
afterAll(async () => {
  await backend.close();
});

const later = (ms: number) => new Date(Date.now() + ms);
const claimOf = (key: string, fingerprint = 'f1', lease = 60_000, ttl = 60_000) =>
  keys.claim({ scope: 'Op:1', key, fingerprint, leaseUntil: later(lease), expiresAt: later(ttl) });
const answer = { status: 201, contentType: 'application/json', body: '{"ok":true}' };

describe('idempotency keys', () => {
  it('are claimed once, then in progress, then answered', async () => {
    const key = randomUUID();
    expect(await claimOf(key)).toEqual({ state: 'claimed' });
    expect(await claimOf(key)).toEqual({ state: 'in-progress' });
    await keys.complete('Op:1', key, answer);
    expect(await claimOf(key)).toEqual({ state: 'answered', answer });
    expect(await claimOf(key, 'f2')).toEqual({ state: 'mismatch' });
  });

  it('belong to their scope', async () => {
    const key = randomUUID();
    await claimOf(key);
    const other = await keys.claim({
      scope: 'Op:2',
      key,
      fingerprint: 'f1',
      leaseUntil: later(60_000),
      expiresAt: later(60_000),
    });
    expect(other).toEqual({ state: 'claimed' });
  });

  it('can be claimed again once released, once their lease ends, or once expired', async () => {
    const released = randomUUID();
    await claimOf(released);
    await keys.release('Op:1', released);
    expect(await claimOf(released)).toEqual({ state: 'claimed' });

    const abandoned = randomUUID();
    await claimOf(abandoned, 'f1', -1_000);
    expect(await claimOf(abandoned, 'f2')).toEqual({ state: 'claimed' });

    const expired = randomUUID();
    await claimOf(expired, 'f1', 60_000, -1_000);
    await keys.complete('Op:1', expired, answer);
    expect(await claimOf(expired)).toEqual({ state: 'claimed' });
  });

  it('let exactly one of concurrent claims win', async () => {
    const key = randomUUID();
    const claims = await Promise.all(Array.from({ length: 10 }, () => claimOf(key)));
    expect(claims.filter((claim) => claim.state === 'claimed')).toHaveLength(1);
    expect(claims.filter((claim) => claim.state === 'in-progress')).toHaveLength(9);
  });
});
