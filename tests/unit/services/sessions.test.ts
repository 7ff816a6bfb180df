// The session rules over a real database with a controlled clock: expiry, rotation, reuse,
// racing refreshes and logout, each leaving the audit trail it should.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Database } from '../../../src/conduit/models/database.js';
import { AuditService } from '../../../src/conduit/services/audit.js';
import { SessionService } from '../../../src/conduit/services/sessions.js';
import { openTestDatabase, type TestDatabase } from '../../support/test-database.js';

const TTL_SECONDS = 600;

let test: TestDatabase;
let database: Database;
let audit: AuditService;
let clock: Date;
let sessions: SessionService;
let counter = 0;

beforeAll(async () => {
  test = await openTestDatabase();
  database = test.database;
  audit = new AuditService(database.audit, database.users);
  clock = new Date('2026-01-01T00:00:00Z');
  sessions = new SessionService(database.sessions, audit, TTL_SECONDS, () => clock);
});
afterAll(async () => {
  await test.dispose();
});

async function newUser() {
  counter += 1;
  return database.users.create({
    username: `session-user-${counter}`,
    email: `session-user-${counter}@example.com`,
    passwordHash: 'not-a-real-hash',
  });
}

const actionsFor = async (username: string) =>
  (await audit.list({ limit: 100, offset: 0 })).events
    .filter((event) => event.actorUsername === username)
    .map((event) => event.action);

describe('SessionService', () => {
  it('stores only a hash of each refresh token', async () => {
    const user = await newUser();
    const token = await sessions.start(user.id);
    expect(await database.sessions.findByHash(token)).toBeUndefined();
  });

  it('honours a token until it expires, not after', async () => {
    const user = await newUser();
    const first = await sessions.start(user.id);
    const second = await sessions.start(user.id);
    clock = new Date(clock.getTime() + (TTL_SECONDS - 1) * 1000);
    expect(await sessions.refresh(first, 'r1')).toMatchObject({ userId: user.id });
    clock = new Date(clock.getTime() + 2000);
    expect(await sessions.refresh(second, 'r2')).toBeUndefined();
  });

  it('rotates, and revokes the family when a used token comes back', async () => {
    const user = await newUser();
    const first = await sessions.start(user.id);
    const rotated = await sessions.refresh(first, 'r3');
    expect(rotated?.refreshToken).toBeDefined();
    expect(await sessions.refresh(first, 'r4')).toBeUndefined();
    expect(await sessions.refresh(rotated!.refreshToken, 'r5')).toBeUndefined();
    expect(await actionsFor(user.username)).toEqual(['session.reuse-detected']);
  });

  it('lets exactly one of two racing refreshes win', async () => {
    const user = await newUser();
    const token = await sessions.start(user.id);
    const results = await Promise.all([
      sessions.refresh(token, 'a'),
      sessions.refresh(token, 'b'),
      sessions.refresh(token, 'c'),
    ]);
    expect(results.filter((result) => result !== undefined).length).toBeLessThanOrEqual(1);
  });

  it('logout revokes the family once and is audited once', async () => {
    const user = await newUser();
    const token = await sessions.start(user.id);
    const other = await sessions.start(user.id);
    const rotated = await sessions.refresh(token, 'r6');
    await sessions.end(rotated!.refreshToken, 'r7');
    await sessions.end(rotated!.refreshToken, 'r8');
    expect(await sessions.refresh(rotated!.refreshToken, 'r9')).toBeUndefined();
    expect(await sessions.refresh(other, 'r10')).toBeDefined();
    expect(await actionsFor(user.username)).toEqual(['session.revoked']);
  });
});
