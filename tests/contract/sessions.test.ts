// Refresh-token sessions through HTTP against the spec: rotation, reuse detection, logout.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startService, type TestService } from '../support/app.js';
import { auth, newUserInput, registerUser, type TestUser } from '../support/fixtures.js';

import { expectProblem } from '../support/problems.js';

let service: TestService;
beforeAll(async () => {
  service = await startService();
});
afterAll(async () => {
  await service.close();
});

const refresh = (refreshToken: unknown) =>
  service.api.post('/api/users/refresh').send({ refreshToken });
const logout = (refreshToken: unknown) =>
  service.api.post('/api/users/logout').send({ refreshToken });

async function login(user: TestUser): Promise<TestUser> {
  const res = await service.api
    .post('/api/users/login')
    .send({ user: { email: user.email, password: user.password } })
    .expect(200);
  return { ...user, token: res.body.user.token, refreshToken: res.body.user.refreshToken };
}

async function expectRefused(refreshToken: string) {
  const res = await refresh(refreshToken).expect(401);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({
    type: '/problems/invalid-refresh-token',
    status: 401,
    errors: { refreshToken: ['is invalid'] },
  });
}

describe('registration and login start a session', () => {
  it('return an access token and a refresh token, and the role', async () => {
    const input = newUserInput();
    const registered = await service.api.post('/api/users').send({ user: input }).expect(201);
    expect(registered.body.user).toMatchObject({
      role: 'user',
      refreshToken: expect.stringMatching(/^[\w-]{43}$/),
    });
    const loggedIn = await service.api
      .post('/api/users/login')
      .send({ user: { email: input.email, password: input.password } })
      .expect(200);
    expect(loggedIn.body.user.refreshToken).toMatch(/^[\w-]{43}$/);
    expect(loggedIn.body.user.refreshToken).not.toBe(registered.body.user.refreshToken);
  });

  it('the current user has no refresh token in its answers', async () => {
    const user = await registerUser(service.api);
    const res = await service.api.get('/api/user').set(auth(user)).expect(200);
    expect(res.body.user).not.toHaveProperty('refreshToken');
    expect(res.body.user.role).toBe('user');
  });
});

describe('POST /api/users/refresh', () => {
  it('rotates: new access and refresh tokens; the old refresh token stops working', async () => {
    const user = await registerUser(service.api);
    const res = await refresh(user.refreshToken).expect(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.body.user).toMatchObject({
      username: user.username,
      email: user.email,
      role: 'user',
      token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      refreshToken: expect.stringMatching(/^[\w-]{43}$/),
    });
    expect(res.body.user.refreshToken).not.toBe(user.refreshToken);
    expect(res.body.user.token).not.toBe(user.token);
    await service.api.get('/api/user').set(auth(res.body.user)).expect(200);
    // The next one works once too.
    await refresh(res.body.user.refreshToken).expect(200);
  });

  it('treats a reused token as stolen: the whole session is revoked, other sessions live', async () => {
    const user = await registerUser(service.api);
    const otherSession = await login(user);
    const next = await refresh(user.refreshToken).expect(200);
    await expectRefused(user.refreshToken);
    // The legitimate holder's newer token is revoked too.
    await expectRefused(next.body.user.refreshToken);
    await refresh(otherSession.refreshToken).expect(200);
  });

  it('refuses unknown tokens and access tokens', async () => {
    const user = await registerUser(service.api);
    await expectRefused('A'.repeat(43));
    const accessToken = await refresh(user.token).expect(422);
    expect(accessToken.body.type).toBe('/problems/validation-failed');
    expect(accessToken.body.errors.refreshToken).toContain('is invalid');
  });

  it('answers 422 for a missing or malformed token', async () => {
    const missing = await service.api.post('/api/users/refresh').send({}).expect(422);
    expectProblem(missing, 422, { errors: { refreshToken: ["can't be blank"] } });
    await refresh('not a token!').expect(422);
    await refresh({ $ne: null }).expect(422);
  });
});

describe('POST /api/users/logout', () => {
  it('revokes the session: its refresh tokens stop working; other sessions live', async () => {
    const user = await registerUser(service.api);
    const otherSession = await login(user);
    const rotated = await refresh(user.refreshToken).expect(200);
    await logout(rotated.body.user.refreshToken).expect(204);
    await expectRefused(rotated.body.user.refreshToken);
    await refresh(otherSession.refreshToken).expect(200);
  });

  it('answers 204 for unknown or already revoked tokens', async () => {
    const user = await registerUser(service.api);
    await logout(user.refreshToken).expect(204);
    await logout(user.refreshToken).expect(204);
    await logout('B'.repeat(43)).expect(204);
  });

  it('answers 422 without a token', async () => {
    const res = await service.api.post('/api/users/logout').send({}).expect(422);
    expectProblem(res, 422, { errors: { refreshToken: ["can't be blank"] } });
  });
});
