// Administration through HTTP against the spec: accounts, roles and the audit log, with the
// `admin` role the spec declares enforced before any handler runs.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startService, type TestService } from '../support/app.js';
import { auth, registerAdmin, registerUser, type TestUser } from '../support/fixtures.js';
import { expectAdminOnly, expectTokenRequired } from './content-fixtures.js';
import { expectProblem } from '../support/problems.js';

let service: TestService;
let admin: TestUser;
let user: TestUser;
beforeAll(async () => {
  service = await startService();
  admin = await registerAdmin(service.api, service.database);
  user = await registerUser(service.api);
});
afterAll(async () => {
  await service.close();
});

const roleUrl = (username: string) => `/api/admin/users/${encodeURIComponent(username)}/role`;

async function events(limit = 100) {
  const res = await service.api
    .get('/api/admin/audit-log')
    .query({ limit })
    .set(auth(admin))
    .expect(200);
  return res.body.events as Array<Record<string, unknown>>;
}

describe('GET /api/admin/users', () => {
  it('lists accounts with roles, oldest first, paged, with the total', async () => {
    const res = await service.api.get('/api/admin/users').set(auth(admin)).expect(200);
    expect(res.body.usersCount).toBeGreaterThanOrEqual(2);
    const names = (res.body.users as Array<{ username: string }>).map((u) => u.username);
    expect(names.indexOf(admin.username)).toBeLessThan(names.indexOf(user.username));
    expect(res.body.users).toContainEqual({
      username: user.username,
      email: user.email,
      role: 'user',
      bio: null,
      image: null,
      createdAt: expect.any(String),
    });
    expect(
      res.body.users.find((u: { username: string }) => u.username === admin.username).role,
    ).toBe('admin');
    const page = await service.api
      .get('/api/admin/users')
      .query({ limit: 1, offset: 1 })
      .set(auth(admin))
      .expect(200);
    expect(page.body.users).toHaveLength(1);
    expect(page.body.users[0].username).toBe(names[1]);
    expect(page.body.usersCount).toBe(res.body.usersCount);
  });

  it('is for admins only: 403 for a user, 401 without a valid token', async () => {
    expectAdminOnly(await service.api.get('/api/admin/users').set(auth(user)));
    await expectTokenRequired(() => service.api.get('/api/admin/users'));
  });

  it('answers 422 for a page out of range', async () => {
    const res = await service.api
      .get('/api/admin/users')
      .query({ limit: 0 })
      .set(auth(admin))
      .expect(422);
    expectProblem(res, 422, { errors: { limit: [expect.any(String)] } });
  });
});

describe('PUT /api/admin/users/{username}/role', () => {
  it('promotes and demotes, effective at the next request, and audits both', async () => {
    const target = await registerUser(service.api);
    expectAdminOnly(await service.api.get('/api/admin/users').set(auth(target)));
    const promoted = await service.api
      .put(roleUrl(target.username))
      .set(auth(admin))
      .send({ role: 'admin' })
      .expect(200);
    expect(promoted.body.user).toMatchObject({ username: target.username, role: 'admin' });
    // The same token, issued before the change, now carries the new role.
    await service.api.get('/api/admin/users').set(auth(target)).expect(200);
    const me = await service.api.get('/api/user').set(auth(target)).expect(200);
    expect(me.body.user.role).toBe('admin');

    const demoted = await service.api
      .put(roleUrl(target.username))
      .set(auth(admin))
      .send({ role: 'user' })
      .expect(200);
    const requestId = demoted.headers['x-request-id'];
    expectAdminOnly(await service.api.get('/api/admin/users').set(auth(target)));

    const changes = (await events()).filter(
      (event) => event.action === 'role.changed' && event.target === `user:${target.username}`,
    );
    expect(changes.map((event) => event.detail)).toEqual(['admin -> user', 'user -> admin']);
    expect(changes[0]).toMatchObject({ actor: admin.username, requestId });
  });

  it('is for admins only, whatever the body', async () => {
    const res = await service.api
      .put(roleUrl(user.username))
      .set(auth(user))
      .send({ role: 'admin' });
    expectAdminOnly(res);
    await expectTokenRequired(() =>
      service.api.put(roleUrl(user.username)).send({ role: 'admin' }),
    );
    const me = await service.api.get('/api/user').set(auth(user)).expect(200);
    expect(me.body.user.role).toBe('user');
  });

  it('answers 404 for an unknown account and 422 for an unknown role', async () => {
    const missing = await service.api
      .put(roleUrl('nobody-by-this-name'))
      .set(auth(admin))
      .send({ role: 'admin' })
      .expect(404);
    expectProblem(missing, 404, { errors: { user: ['not found'] } });
    const invalid = await service.api
      .put(roleUrl(user.username))
      .set(auth(admin))
      .send({ role: 'superuser' })
      .expect(422);
    expectProblem(invalid, 422, { errors: { role: [expect.any(String)] } });
  });
});

describe('GET /api/admin/audit-log', () => {
  it('records logins, successful and failed, newest first, with request ids', async () => {
    const ok = await service.api
      .post('/api/users/login')
      .send({ user: { email: user.email, password: user.password } })
      .expect(200);
    const failed = await service.api
      .post('/api/users/login')
      .send({ user: { email: user.email.toUpperCase(), password: 'wrong password' } })
      .expect(401);
    const [latest, previous] = await events(2);
    expect(latest).toEqual({
      id: expect.any(Number),
      action: 'login.failed',
      actor: null,
      target: `email:${user.email}`,
      detail: null,
      requestId: failed.headers['x-request-id'],
      createdAt: expect.any(String),
    });
    expect(previous).toMatchObject({
      action: 'login.succeeded',
      actor: user.username,
      target: `user:${user.username}`,
      requestId: ok.headers['x-request-id'],
    });
    expect(Number(latest!.id)).toBeGreaterThan(Number(previous!.id));
  });

  it('pages with limit and offset and counts every event', async () => {
    const all = await service.api.get('/api/admin/audit-log').set(auth(admin)).expect(200);
    const second = await service.api
      .get('/api/admin/audit-log')
      .query({ limit: 1, offset: 1 })
      .set(auth(admin))
      .expect(200);
    expect(second.body.events).toEqual([all.body.events[1]]);
    expect(second.body.eventsCount).toBe(all.body.eventsCount);
  });

  it('is for admins only', async () => {
    expectAdminOnly(await service.api.get('/api/admin/audit-log').set(auth(user)));
    await expectTokenRequired(() => service.api.get('/api/admin/audit-log'));
  });

  it('answers 422 for a page out of range', async () => {
    const res = await service.api
      .get('/api/admin/audit-log')
      .query({ offset: -1 })
      .set(auth(admin))
      .expect(422);
    expectProblem(res, 422, { errors: { offset: [expect.any(String)] } });
  });
});
