// Rate limits as clients see them: a 429 problem with Retry-After, a budget per user (else per
// IP), a stricter one per IP for login and registration, and probes that are never limited.
// Counters in memory, or in the Redis TEST_REDIS_URL names (`make test-redis`);
// tests/operations/rate-limits-redis.test.ts shares them across instances.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from '@jest/globals';
import type { Response } from 'supertest';
import { startService, type TestService } from '../support/app.js';
import { exampleRequests } from '../support/examples.js';
import { auth, newUserInput, registerUser } from '../support/fixtures.js';
import { loadSpec } from '../support/spec.js';

const redisUrl = process.env.TEST_REDIS_URL;

const started: TestService[] = [];
async function service(env: Record<string, string>): Promise<TestService> {
  const store: Record<string, string> = redisUrl
    ? { RATE_LIMIT_REDIS_URL: redisUrl, RATE_LIMIT_REDIS_PREFIX: `conduit-test:${randomUUID()}:` }
    : {};
  const running = await startService({ RATE_LIMIT_WINDOW_SECONDS: '60', ...store, ...env });
  started.push(running);
  return running;
}
afterEach(async () => {
  await Promise.all(started.splice(0).map((running) => running.close()));
});

function expectTooManyRequests(res: Response, instance: string): void {
  expect(res.status).toBe(429);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toEqual({
    type: '/problems/too-many-requests',
    title: 'Too many requests',
    status: 429,
    detail: expect.stringMatching(/retry in \d+ seconds/),
    instance,
  });
  // Whole seconds until the window resets, at most the window itself.
  expect(res.headers['retry-after']).toMatch(/^\d+$/);
  const seconds = Number(res.headers['retry-after']);
  expect(seconds).toBeGreaterThanOrEqual(1);
  expect(seconds).toBeLessThanOrEqual(60);
}

describe('the global limit', () => {
  it('answers 429 with a problem and Retry-After once the budget is spent', async () => {
    const { api } = await service({ RATE_LIMIT_MAX: '3' });
    for (let i = 0; i < 3; i += 1) await api.get('/api/tags').expect(200);
    expectTooManyRequests(await api.get('/api/tags'), '/api/tags');
    // Every path draws on the same budget, unknown ones included.
    expectTooManyRequests(await api.get('/api/articles'), '/api/articles');
    expectTooManyRequests(await api.get('/api/nothing-here'), '/api/nothing-here');
  });

  it('counts requests before authentication: a flood of bad tokens is limited by IP', async () => {
    const { api } = await service({ RATE_LIMIT_MAX: '2' });
    const bad = { Authorization: 'Token not-a-jwt' };
    await api.get('/api/user').set(bad).expect(401);
    await api.get('/api/user').set(bad).expect(401);
    expectTooManyRequests(await api.get('/api/user').set(bad), '/api/user');
  });

  it('gives each user its own budget, and anonymous clients of one IP a shared one', async () => {
    // Two registrations spend 2 of the address's 4 anonymous requests.
    const { api } = await service({ RATE_LIMIT_MAX: '4', AUTH_RATE_LIMIT_MAX: '100' });
    const alice = await registerUser(api);
    const bob = await registerUser(api);
    for (const user of [alice, bob]) {
      for (let i = 0; i < 4; i += 1) await api.get('/api/user').set(auth(user)).expect(200);
      expectTooManyRequests(await api.get('/api/user').set(auth(user)), '/api/user');
    }
    // Alice and Bob are spent; anonymous requests from the same address still have 2 left.
    await api.get('/api/tags').expect(200);
    await api.get('/api/articles').expect(200);
    expectTooManyRequests(await api.get('/api/tags'), '/api/tags');
  });

  it('never limits the probes and the metrics scrape', async () => {
    const { api } = await service({ RATE_LIMIT_MAX: '1' });
    await api.get('/api/tags').expect(200);
    expectTooManyRequests(await api.get('/api/tags'), '/api/tags');
    for (let i = 0; i < 5; i += 1) {
      await api.get('/health').expect(200);
      await api.get('/ready').expect(200);
      await api.get('/metrics').expect(200);
    }
  });

  it('is off with RATE_LIMIT_MAX=0', async () => {
    const { api } = await service({ RATE_LIMIT_MAX: '0', AUTH_RATE_LIMIT_MAX: '0' });
    for (let i = 0; i < 30; i += 1) await api.get('/api/tags').expect(200);
  });
});

describe('login and registration', () => {
  it('share a stricter budget per IP, whatever the token', async () => {
    const { api } = await service({ RATE_LIMIT_MAX: '100', AUTH_RATE_LIMIT_MAX: '3' });
    const user = await registerUser(api);
    const wrong = { user: { email: user.email, password: 'not the password' } };
    await api.post('/api/users/login').send(wrong).expect(401);
    await api
      .post('/api/users/login')
      .send({ user: { email: user.email, password: user.password } })
      .expect(200);
    // A valid token does not make a login attempt the user's own: guessing is per address.
    const login = api.post('/api/users/login').set(auth(user)).send(wrong);
    expectTooManyRequests(await login, '/api/users/login');
    const registration = api.post('/api/users').send({ user: newUserInput() });
    expectTooManyRequests(await registration, '/api/users');
    // The rest of the API is still open to this address and this user.
    await api.get('/api/tags').expect(200);
    await api.get('/api/user').set(auth(user)).expect(200);
  });
});

describe('every operation', () => {
  // Generic, from the spec: each operation that documents 429 answers it once the address has
  // spent its budget, before authentication or body parsing (so no token or valid body needed).
  it('answers 429 where the spec documents it', async () => {
    const { api } = await service({ RATE_LIMIT_MAX: '1', AUTH_RATE_LIMIT_MAX: '1' });
    await api.get('/api/tags').expect(200);
    const limited = exampleRequests(loadSpec()).filter(
      ({ operation }) => '429' in (operation.operation.responses as object),
    );
    expect(limited.length).toBeGreaterThan(0);
    for (const { method, url, body } of limited) {
      const request = api[method](url);
      const res = await (body === undefined ? request : request.send(body as object));
      expectTooManyRequests(res, url.split('?')[0]!);
    }
  });
});
