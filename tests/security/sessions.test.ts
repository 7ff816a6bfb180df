// Refresh tokens: proves that each refresh token works once (rotation), that presenting a used
// one revokes every token of its login (and only that login's), that logout revokes, that
// refresh and access tokens cannot stand in for each other, that unknown, forged, expired or
// concurrently reused tokens get nothing, and that the database keeps only sha256 hashes of
// refresh tokens. Refused requests answer a 4xx problem and leave accounts and content as they
// were.
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Response } from 'supertest';
import { startService, type TestService } from '../support/app.js';
import { registerUser, type TestUser } from '../support/fixtures.js';
import { subjectOf } from '../support/jwt.js';
import { describeBody, expectNothingStored, expectUnauthorized, sha256Hex } from './support.js';
import { expectProblem } from '../support/problems.js';

let service: TestService;
beforeAll(async () => {
  service = await startService();
});
afterAll(async () => {
  await service.close();
});

const INVALID_REFRESH_TOKEN = '/problems/invalid-refresh-token';

const refresh = (refreshToken: unknown) =>
  service.api.post('/api/users/refresh').send({ refreshToken });

const logout = (refreshToken: unknown) =>
  service.api.post('/api/users/logout').send({ refreshToken });

async function login(user: TestUser): Promise<{ token: string; refreshToken: string }> {
  const res = await service.api
    .post('/api/users/login')
    .send({ user: { email: user.email, password: user.password } })
    .expect(200);
  return res.body.user;
}

/** Refreshes successfully; returns the new pair after checking it belongs to `user`. */
async function rotate(refreshToken: string, user: TestUser) {
  const res = await refresh(refreshToken);
  if (res.status !== 200) throw new Error(`refresh answered ${res.status}: ${describeBody(res)}`);
  expect(res.body.user).toMatchObject({ username: user.username, role: 'user' });
  expect(res.body.user.refreshToken).toEqual(expect.any(String));
  expect(res.body.user.refreshToken).not.toBe(refreshToken);
  expect(subjectOf(res.body.user.token)).toBe(subjectOf(user.token));
  return res.body.user as { token: string; refreshToken: string };
}

function expectInvalidRefreshToken(res: Response) {
  expectProblem(res, 401, { type: INVALID_REFRESH_TOKEN });
  expect(res.body.errors).toEqual({ refreshToken: ['is invalid'] });
}

/** The refresh is refused with 401 and nothing stored about accounts or content changes. */
async function expectRefused(refreshToken: string) {
  await expectNothingStored(service.database, async () => {
    expectInvalidRefreshToken(await refresh(refreshToken));
  });
}

describe('rotation', () => {
  it('a refresh gives a new access token and a new refresh token; the one sent stops working', async () => {
    const user = await registerUser(service.api);
    const first = await rotate(user.refreshToken, user);
    await service.api
      .get('/api/user')
      .set('Authorization', `Token ${first.token}`)
      .expect(200)
      .then((res) => expect(res.body.user.username).toBe(user.username));
    const second = await rotate(first.refreshToken, user);
    expect(second.refreshToken).not.toBe(user.refreshToken);
    await expectRefused(user.refreshToken);
    await expectRefused(first.refreshToken);
  });
});

describe('reuse of a used refresh token', () => {
  it('revokes every token of that login, the newest included; another login keeps working', async () => {
    const user = await registerUser(service.api);
    const stolenSession = await login(user);
    const otherSession = await login(user);
    const rotated = await rotate(stolenSession.refreshToken, user);
    const newest = await rotate(rotated.refreshToken, user);

    await expectRefused(stolenSession.refreshToken); // the reuse
    await expectRefused(newest.refreshToken); // the family is gone
    await expectRefused(rotated.refreshToken);

    // The other login, and the registration's own session, are separate families.
    await rotate(otherSession.refreshToken, user);
    await rotate(user.refreshToken, user);

    const { events } = await service.database.audit.list({ limit: 100, offset: 0 });
    expect(events.map((event) => event.action)).toContain('session.reuse-detected');
  });

  it('revokes the family when the reused token is the very first one, after one rotation', async () => {
    const user = await registerUser(service.api);
    const next = await rotate(user.refreshToken, user);
    await expectRefused(user.refreshToken);
    await expectRefused(next.refreshToken);
  });
});

describe('logout', () => {
  it('answers 204 and revokes the current refresh token', async () => {
    const user = await registerUser(service.api);
    const session = await login(user);
    await logout(session.refreshToken).expect(204);
    await expectRefused(session.refreshToken);
    await rotate(user.refreshToken, user); // the registration's session is another family
  });

  it('revokes the whole family, also when given an earlier (used) token of it', async () => {
    const user = await registerUser(service.api);
    const session = await login(user);
    const rotated = await rotate(session.refreshToken, user);
    await logout(session.refreshToken).expect(204);
    await expectRefused(rotated.refreshToken);
  });

  it('answers 204 to an unknown token and revokes nothing', async () => {
    const user = await registerUser(service.api);
    await logout(randomBytes(32).toString('base64url')).expect(204);
    await logout(sha256Hex(user.refreshToken)).expect(204);
    await rotate(user.refreshToken, user);
  });
});

describe('access and refresh tokens are not interchangeable', () => {
  it('a refresh token is not an access token: 401 and nothing written', async () => {
    const user = await registerUser(service.api);
    for (const header of [`Token ${user.refreshToken}`, `Bearer ${user.refreshToken}`]) {
      await expectNothingStored(service.database, async () => {
        const res = await service.api
          .put('/api/user')
          .set('Authorization', header)
          .send({ user: { bio: 'written with a refresh token' } });
        expectUnauthorized(res, 'is invalid');
        expectUnauthorized(await service.api.get('/api/user').set('Authorization', header));
      });
    }
    await rotate(user.refreshToken, user); // and it still works as what it is
  });

  it('an access token is not a refresh token: 422 (not a refresh token’s shape) or 401, never 200', async () => {
    const user = await registerUser(service.api);
    await expectNothingStored(service.database, async () => {
      expectProblem(await refresh(user.token), [401, 422]);
      // Without the dots it has a refresh token's shape, and is still unknown.
      expectInvalidRefreshToken(await refresh(user.token.replace(/\./g, '')));
      for (const segment of user.token.split('.')) {
        expectInvalidRefreshToken(await refresh(segment));
      }
    });
    // Logging out with the access token revokes nothing either.
    const logoutWithAccessToken = await logout(user.token);
    expect([204, 422]).toContain(logoutWithAccessToken.status);
    await rotate(user.refreshToken, user);
  });
});

describe('tokens the server never issued', () => {
  it('random, altered and hashed tokens: 401, and the real token still works afterwards', async () => {
    const user = await registerUser(service.api);
    const real = user.refreshToken;
    const middle = Math.floor(real.length / 2);
    const forged = [
      randomBytes(32).toString('base64url'),
      'A',
      'x'.repeat(200),
      real.slice(0, middle) + (real[middle] === 'A' ? 'B' : 'A') + real.slice(middle + 1),
      real.slice(0, -1),
      `${real}A`,
      real.toUpperCase() === real ? real.toLowerCase() : real.toUpperCase(),
      // What the database stores: a leaked hash must not work as the token.
      sha256Hex(real),
      Buffer.from(sha256Hex(real), 'hex').toString('base64url'),
    ];
    for (const token of forged) await expectRefused(token);
    await rotate(real, user);
  });

  it('an expired refresh token: 401', async () => {
    const user = await registerUser(service.api);
    const record = await service.database.users.findByUsername(user.username);
    const raw = randomBytes(32).toString('base64url');
    await service.database.sessions.create({
      userId: record!.id,
      familyId: randomUUID(),
      tokenHash: sha256Hex(raw),
      expiresAt: new Date(Date.now() - 60_000),
    });
    await expectRefused(raw);
  });

  it('a revoked refresh token: 401', async () => {
    const user = await registerUser(service.api);
    const record = await service.database.users.findByUsername(user.username);
    const raw = randomBytes(32).toString('base64url');
    const familyId = randomUUID();
    await service.database.sessions.create({
      userId: record!.id,
      familyId,
      tokenHash: sha256Hex(raw),
      expiresAt: new Date(Date.now() + 3_600_000),
    });
    await service.database.sessions.revokeFamily(familyId, new Date());
    await expectRefused(raw);
  });

  it('values that are not refresh tokens at all: 422, never 200', async () => {
    await expectNothingStored(service.database, async () => {
      for (const value of ['', 'has space', 'a.b.c', 'x'.repeat(201), 12345, null, ['a'], {}]) {
        expectProblem(await refresh(value), 422);
      }
      expectProblem(await service.api.post('/api/users/refresh').send({}), 422);
    });
  });
});

describe('concurrent use of one refresh token', () => {
  it('two refreshes at once: at most one succeeds (five rounds)', async () => {
    const user = await registerUser(service.api);
    for (let round = 0; round < 5; round += 1) {
      const { refreshToken } = await login(user);
      const answers = await Promise.all([refresh(refreshToken), refresh(refreshToken)]);
      const statuses = answers.map((res) => res.status);
      expect(statuses.filter((status) => status === 200).length).toBeLessThanOrEqual(1);
      for (const res of answers.filter((r) => r.status !== 200)) expectInvalidRefreshToken(res);
    }
  });

  it('eight refreshes at once: at most one succeeds', async () => {
    const user = await registerUser(service.api);
    const { refreshToken } = await login(user);
    const answers = await Promise.all(Array.from({ length: 8 }, () => refresh(refreshToken)));
    expect(answers.filter((res) => res.status === 200).length).toBeLessThanOrEqual(1);
    for (const res of answers.filter((r) => r.status !== 200)) expectInvalidRefreshToken(res);
    // The race counts as reuse: once it is over, the token is spent.
    await expectRefused(refreshToken);
  });
});

describe('login', () => {
  it('answers a wrong email and a wrong password alike (no account enumeration)', async () => {
    const user = await registerUser(service.api);
    await expectNothingStored(service.database, async () => {
      const wrongEmail = await service.api
        .post('/api/users/login')
        .send({ user: { email: `nobody-${user.email}`, password: user.password } });
      const wrongPassword = await service.api
        .post('/api/users/login')
        .send({ user: { email: user.email, password: `${user.password}!` } });
      expectProblem(wrongEmail, 401, { type: '/problems/invalid-credentials' });
      expectProblem(wrongPassword, 401, { type: '/problems/invalid-credentials' });
      expect(wrongEmail.body).toEqual(wrongPassword.body);
      expect(wrongEmail.body.refreshToken).toBeUndefined();
    });
  });
});

describe('storage', () => {
  it('keeps the sha256 hash of a refresh token, never the token itself', async () => {
    const user = await registerUser(service.api);
    const rotated = await rotate(user.refreshToken, user);
    const record = await service.database.users.findByUsername(user.username);
    for (const raw of [user.refreshToken, rotated.refreshToken]) {
      expect(await service.database.sessions.findByHash(raw)).toBeUndefined();
      const stored = await service.database.sessions.findByHash(sha256Hex(raw));
      expect(stored).toMatchObject({ userId: record!.id });
    }
    const first = await service.database.sessions.findByHash(sha256Hex(user.refreshToken));
    const second = await service.database.sessions.findByHash(sha256Hex(rotated.refreshToken));
    expect(first?.usedAt).not.toBeNull();
    expect(second?.usedAt).toBeNull();
    expect(second?.familyId).toBe(first?.familyId);
  });
});
