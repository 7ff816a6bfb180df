// Refresh-token sessions, on the backend TEST_DATABASE_URL names (see openBackendDatabase).
import type { Database } from '../../../src/conduit/models/database.js';
import { ConflictError, NotFoundError } from '../../../src/conduit/models/domain-errors.js';
import type { UserRecord } from '../../../src/conduit/models/users.js';
import { createUser, openBackendDatabase, type BackendDatabase } from './repositories.js';

let opened: BackendDatabase;
let database: Database;
let user: UserRecord;
let tokens = 0;

beforeAll(async () => {
  opened = await openBackendDatabase();
  ({ database } = opened);
  user = await createUser(database, 'Sessions');
});

afterAll(async () => {
  await opened.close();
});

const EXPIRES = new Date('2030-01-01T00:00:00.000Z');

/** A new token of `familyId`, with a unique hash. */
async function issue(familyId: string) {
  tokens += 1;
  const tokenHash = `hash-${tokens}`;
  const token = await database.sessions.create({
    userId: user.id,
    familyId,
    tokenHash,
    expiresAt: EXPIRES,
  });
  return { token, tokenHash };
}

const stored = async (tokenHash: string) => (await database.sessions.findByHash(tokenHash))!;

describe('create and findByHash', () => {
  it('stores a token, found by its hash, without the hash in the record', async () => {
    const before = Date.now();
    const { token, tokenHash } = await issue('family-create');
    expect(token).toEqual({
      id: expect.any(Number),
      userId: user.id,
      familyId: 'family-create',
      expiresAt: EXPIRES,
      createdAt: expect.any(Date),
      usedAt: null,
      revokedAt: null,
    });
    expect(Number.isInteger(token.id)).toBe(true);
    // The database's clock may run a little apart from the test's.
    expect(Math.abs(token.createdAt.getTime() - before)).toBeLessThan(60_000);
    expect(await database.sessions.findByHash(tokenHash)).toEqual(token);
    expect(await database.sessions.findByHash('no-such-hash')).toBeUndefined();
  });

  it('refuses a taken hash with ConflictError(["tokenHash"])', async () => {
    const { tokenHash } = await issue('family-taken');
    await expect(
      database.sessions.create({
        userId: user.id,
        familyId: 'other',
        tokenHash,
        expiresAt: EXPIRES,
      }),
    ).rejects.toEqual(new ConflictError(['tokenHash']));
    expect((await stored(tokenHash)).familyId).toBe('family-taken');
  });

  it('refuses a missing user with NotFoundError("user")', async () => {
    await expect(
      database.sessions.create({
        userId: 999_999,
        familyId: 'f',
        tokenHash: 'orphan',
        expiresAt: EXPIRES,
      }),
    ).rejects.toEqual(new NotFoundError('user'));
    expect(await database.sessions.findByHash('orphan')).toBeUndefined();
  });
});

describe('markUsed', () => {
  it('marks a token once: the second call is false and keeps the first time', async () => {
    const { token, tokenHash } = await issue('family-rotate');
    const first = new Date('2026-05-01T10:00:00.000Z');
    expect(await database.sessions.markUsed(token.id, first)).toBe(true);
    expect(await stored(tokenHash)).toEqual({ ...token, usedAt: first });
    expect(await database.sessions.markUsed(token.id, new Date())).toBe(false);
    expect((await stored(tokenHash)).usedAt).toEqual(first);
  });

  it('refuses a revoked token, and a missing one', async () => {
    const { token, tokenHash } = await issue('family-revoked-first');
    await database.sessions.revokeFamily('family-revoked-first', new Date());
    expect(await database.sessions.markUsed(token.id, new Date())).toBe(false);
    expect((await stored(tokenHash)).usedAt).toBeNull();
    expect(await database.sessions.markUsed(999_999, new Date())).toBe(false);
  });

  it('lets exactly one of 10 concurrent calls through', async () => {
    const { token } = await issue('family-race');
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        database.sessions.markUsed(token.id, new Date(Date.UTC(2026, 0, 1, 0, 0, i))),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});

describe('revokeFamily', () => {
  it('revokes the tokens of that family not revoked yet, used or not, and counts them', async () => {
    const a1 = await issue('family-a');
    const a2 = await issue('family-a');
    const b1 = await issue('family-b');
    await database.sessions.markUsed(a1.token.id, new Date('2026-05-01T00:00:00.000Z'));

    const first = new Date('2026-05-02T00:00:00.000Z');
    expect(await database.sessions.revokeFamily('family-a', first)).toBe(2);
    expect((await stored(a1.tokenHash)).revokedAt).toEqual(first);
    expect((await stored(a1.tokenHash)).usedAt).toEqual(new Date('2026-05-01T00:00:00.000Z'));
    expect((await stored(a2.tokenHash)).revokedAt).toEqual(first);
    expect(await stored(b1.tokenHash)).toEqual(b1.token);

    // A token issued later in the family is revoked by the next call; the others keep their time.
    const a3 = await issue('family-a');
    const second = new Date('2026-05-03T00:00:00.000Z');
    expect(await database.sessions.revokeFamily('family-a', second)).toBe(1);
    expect((await stored(a1.tokenHash)).revokedAt).toEqual(first);
    expect((await stored(a3.tokenHash)).revokedAt).toEqual(second);
    expect(await database.sessions.revokeFamily('family-a', new Date())).toBe(0);
    expect(await database.sessions.revokeFamily('no-such-family', new Date())).toBe(0);
    expect((await stored(b1.tokenHash)).revokedAt).toBeNull();
  });
});
