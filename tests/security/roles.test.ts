// Role escalation: proves that the role comes from the database alone. Registration, profile
// updates, login and refresh bodies carrying `role`/`isAdmin`/`admin`-like members (inside `user`
// or at the top level) leave the account a `user`: `user.role` says so, ListUsers (as an admin)
// says so, and every admin operation answers 403. A token carrying a role claim is refused (401)
// when forged, and confers nothing (403) even when signed with the right secret. Only an admin
// changes roles, and only to a role the spec lists.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startService, TEST_JWT_SECRET, type TestService } from '../support/app.js';
import {
  auth,
  newUserInput,
  registerAdmin,
  registerUser,
  type TestUser,
} from '../support/fixtures.js';
import { craftToken, nowSeconds, subjectOf } from '../support/jwt.js';
import { expectNothingStored, expectUnauthorized, roleOf } from './support.js';
import { expectProblem } from '../support/problems.js';

let service: TestService;
let admin: TestUser;
beforeAll(async () => {
  service = await startService();
  admin = await registerAdmin(service.api, service.database);
});
afterAll(async () => {
  await service.close();
});

const ESCALATIONS: [string, Record<string, unknown>][] = [
  ['role: "admin"', { role: 'admin' }],
  ['role: ["admin"]', { role: ['admin'] }],
  ['isAdmin: true', { isAdmin: true }],
  ['admin: true', { admin: true }],
  ['roles: ["admin"]', { roles: ['admin'] }],
  ['Role: "ADMIN"', { Role: 'ADMIN' }],
  ['scope: "admin"', { scope: 'admin' }],
];

const CASES = ESCALATIONS.flatMap(([name, members]) => [
  { name: `${name} inside user`, inside: members, outside: {} },
  { name: `${name} at the top level`, inside: {}, outside: members },
]);

/** What ListUsers, read by an admin, says the account's role is. */
async function listedRole(username: string): Promise<string | undefined> {
  for (let offset = 0; ; offset += 100) {
    const res = await service.api
      .get(`/api/admin/users?limit=100&offset=${offset}`)
      .set(auth(admin))
      .expect(200);
    const found = res.body.users.find((u: { username: string }) => u.username === username);
    if (found) return found.role;
    if (res.body.users.length < 100) return undefined;
  }
}

/** The account is a plain user by every account of it, and admin operations refuse it. */
async function expectPlainUser(user: { username: string; token: string }) {
  const me = await service.api.get('/api/user').set(auth(user)).expect(200);
  expect(me.body.user.role).toBe('user');
  expect(await roleOf(service.database, user.username)).toBe('user');
  expect(await listedRole(user.username)).toBe('user');
  await expectNothingStored(service.database, async () => {
    expectProblem(await service.api.get('/api/admin/users').set(auth(user)), 403);
    expectProblem(await service.api.get('/api/admin/audit-log').set(auth(user)), 403);
    const promote = await service.api
      .put(`/api/admin/users/${encodeURIComponent(user.username)}/role`)
      .set(auth(user))
      .send({ role: 'admin' });
    expectProblem(promote, 403, { type: '/problems/forbidden' });
  });
  expect(await roleOf(service.database, user.username)).toBe('user');
}

describe('registration with role members', () => {
  it.each(CASES)('$name: the new account is a user', async ({ inside, outside }) => {
    const input = newUserInput();
    const res = await service.api
      .post('/api/users')
      .send({ ...outside, user: { ...input, ...inside } });
    if (res.status === 422) {
      // Refusing the member is fine too; then nothing may have been stored.
      expectProblem(res, 422);
      expect(await service.database.users.findByUsername(input.username)).toBeUndefined();
      return;
    }
    expect(res.status).toBe(201);
    expect(res.body.user.role).toBe('user');
    await expectPlainUser(res.body.user);
  });
});

describe('profile updates with role members', () => {
  let user: TestUser;
  beforeAll(async () => {
    user = await registerUser(service.api);
  });

  it.each(CASES)('$name, with a real change: still a user', async ({ inside, outside }) => {
    const bio = `bio ${Date.now()}`;
    const res = await service.api
      .put('/api/user')
      .set(auth(user))
      .send({ ...outside, user: { bio, ...inside } });
    if (res.status === 422) {
      expectProblem(res, 422);
    } else {
      expect(res.status).toBe(200);
      expect(res.body.user).toMatchObject({ bio, role: 'user' });
    }
    await expectPlainUser(user);
  });

  it.each(ESCALATIONS)('%s alone: nothing changes, still a user', async (_name, members) => {
    await expectNothingStored(service.database, async () => {
      const res = await service.api
        .put('/api/user')
        .set(auth(user))
        .send({ user: { ...members } });
      if (res.status === 200) expect(res.body.user.role).toBe('user');
      else expectProblem(res, 422);
    });
    await expectPlainUser(user);
  });
});

describe('login and refresh with role members', () => {
  it('login and refresh bodies with role members answer a user', async () => {
    const user = await registerUser(service.api);
    for (const [, members] of ESCALATIONS) {
      const login = await service.api
        .post('/api/users/login')
        .send({ ...members, user: { email: user.email, password: user.password, ...members } });
      expect([login.status, login.body.user?.role]).toEqual([200, 'user']);
      const refreshed = await service.api
        .post('/api/users/refresh')
        .send({ refreshToken: login.body.user.refreshToken, ...members });
      expect([refreshed.status, refreshed.body.user?.role]).toEqual([200, 'user']);
      await expectPlainUser(refreshed.body.user);
    }
  });
});

describe('role claims in the access token', () => {
  const ROLE_CLAIMS: Record<string, unknown>[] = [
    { role: 'admin' },
    { roles: ['admin'] },
    { scope: 'admin' },
    { scopes: ['admin'] },
    { isAdmin: true },
    { admin: true },
    { permissions: ['admin'], 'https://conduit/role': 'admin' },
  ];
  const claimsFor = (user: TestUser, extra: Record<string, unknown>) => ({
    sub: subjectOf(user.token),
    iat: nowSeconds(),
    exp: nowSeconds() + 600,
    ...extra,
  });

  const NAMED_CLAIMS = ROLE_CLAIMS.map((claim) => [JSON.stringify(claim), claim] as const);

  it.each(NAMED_CLAIMS)('signed with a wrong secret: 401 (%s)', async (_name, claim) => {
    const user = await registerUser(service.api);
    const token = craftToken({
      secret: 'not-the-server-secret-but-long-enough-anyway',
      claims: claimsFor(user, claim),
    });
    await expectNothingStored(service.database, async () => {
      expectUnauthorized(
        await service.api.get('/api/admin/users').set('Authorization', `Token ${token}`),
      );
      expectUnauthorized(
        await service.api
          .put(`/api/admin/users/${user.username}/role`)
          .set('Authorization', `Token ${token}`)
          .send({ role: 'admin' }),
      );
    });
    expect(await roleOf(service.database, user.username)).toBe('user');
  });

  it.each(NAMED_CLAIMS)(
    'signed with the right secret: confers nothing, 403 (%s)',
    async (_name, claim) => {
      const user = await registerUser(service.api);
      const token = craftToken({ secret: TEST_JWT_SECRET, claims: claimsFor(user, claim) });
      await expectPlainUser({ username: user.username, token });
    },
  );
});

describe('who may change roles, and to what', () => {
  it('a user cannot demote an admin: 403, the admin stays admin', async () => {
    const user = await registerUser(service.api);
    await expectNothingStored(service.database, async () => {
      const res = await service.api
        .put(`/api/admin/users/${admin.username}/role`)
        .set(auth(user))
        .send({ role: 'user' });
      expectProblem(res, 403, { type: '/problems/forbidden' });
    });
    expect(await roleOf(service.database, admin.username)).toBe('admin');
  });

  it('an admin cannot set a role the spec does not list: 422, the role is unchanged', async () => {
    const user = await registerUser(service.api);
    const url = `/api/admin/users/${user.username}/role`;
    await expectNothingStored(
      service.database,
      async () => {
        for (const role of [
          'superadmin',
          'ADMIN',
          'Admin',
          ' admin',
          'admin ',
          '',
          ['admin'],
          { $ne: null },
          { $in: ['admin'] },
          null,
          true,
          1,
        ]) {
          const res = await service.api.put(url).set(auth(admin)).send({ role });
          expectProblem(res, 422);
          expect(Object.keys(res.body.errors ?? {})).toContain('role');
        }
        expectProblem(await service.api.put(url).set(auth(admin)).send({}), 422);
        expectProblem(
          await service.api
            .put(url)
            .set(auth(admin))
            .send({ user: { role: 'admin' } }),
          422,
        );
      },
      { audit: true },
    );
    expect(await roleOf(service.database, user.username)).toBe('user');
  });

  it('an admin changing the role of nobody: 404, nothing changes', async () => {
    await expectNothingStored(
      service.database,
      async () => {
        const res = await service.api
          .put('/api/admin/users/no-such-user-anywhere/role')
          .set(auth(admin))
          .send({ role: 'admin' });
        expectProblem(res, 404, { type: '/problems/not-found' });
      },
      { audit: true },
    );
  });
});
