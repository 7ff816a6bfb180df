// Rate limits as clients see them: a 429 problem with Retry-After, a budget per user (else per
// IP), registrations per IP, failed logins per account (a lock-out, from any address) and per
// IP, and probes that are never limited.
// Counters in memory, or in the Redis TEST_REDIS_URL names (`make test-redis`);
// tests/operations/rate-limits-redis.test.ts shares them across instances.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from '@jest/globals';
import type { Response } from 'supertest';
import { DEFAULT_LIMITS, startService, type TestService } from '../support/app.js';
import { exampleRequests } from '../harness/examples.js';
import { auth, newUserInput, registerUser } from '../support/fixtures.js';
import { loadSpec } from '../harness/spec.js';

const redisUrl = process.env.TEST_REDIS_URL;

const started: TestService[] = [];
async function service(env: Record<string, string | undefined>): Promise<TestService> {
  const store: Record<string, string> = redisUrl
    ? {
        REDIS_URL: redisUrl,
        RATE_LIMIT_REDIS_PREFIX: `conduit-test:${randomUUID()}:`,
        RESPONSE_CACHE_REDIS_PREFIX: `conduit-test:${randomUUID()}:cache:`,
      }
    : {};
  const running = await startService({ RATE_LIMIT_WINDOW_SECONDS: '60', ...store, ...env });
  started.push(running);
  return running;
}
afterEach(async () => {
  await Promise.all(started.splice(0).map((running) => running.close()));
});

function expectTooManyRequests(res: Response, instance: string, windowSeconds = 60): void {
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
  expect(seconds).toBeLessThanOrEqual(windowSeconds);
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
    const { api } = await service({ RATE_LIMIT_MAX: '4' });
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
    const { api } = await service({
      RATE_LIMIT_MAX: '0',
      REGISTRATION_RATE_LIMIT_MAX: '0',
      LOGIN_FAILURES_PER_ACCOUNT: '0',
      LOGIN_FAILURES_PER_IP: '0',
    });
    for (let i = 0; i < 30; i += 1) await api.get('/api/tags').expect(200);
    const user = await registerUser(api);
    const wrong = { user: { email: user.email, password: 'not the password' } };
    for (let i = 0; i < 10; i += 1) await api.post('/api/users/login').send(wrong).expect(401);
  });
});

const login = (api: TestService['api'], email: string, password: string, ip?: string) => {
  const request = api.post('/api/users/login');
  // TRUST_PROXY=1 below: the one proxy in front (the test client) names the client's address.
  if (ip) request.set('X-Forwarded-For', ip);
  return request.send({ user: { email, password } });
};

describe('a Conduit client suite', () => {
  it('registers and logs in 30 users from one address on the default settings', async () => {
    const { api, config } = await service(DEFAULT_LIMITS);
    const started = Date.now();
    const users = [];
    for (let i = 0; i < 30; i += 1) users.push(await registerUser(api));
    for (const user of users) await login(api, user.email, user.password).expect(200);
    // All within one window of every budget, or the test would prove less than it says.
    const window = Math.min(
      config.abuseLimits.requestWindowSeconds,
      config.abuseLimits.loginFailureWindowSeconds,
    );
    expect(Date.now() - started).toBeLessThan(window * 1000);
  });
});

describe('registrations', () => {
  it('have a budget per address, apart from the rest of the API', async () => {
    const { api } = await service({ TRUST_PROXY: '1', REGISTRATION_RATE_LIMIT_MAX: '3' });
    const register = (ip: string) =>
      api.post('/api/users').set('X-Forwarded-For', ip).send({ user: newUserInput() });
    for (let i = 0; i < 3; i += 1) await register('203.0.113.1').expect(201);
    expectTooManyRequests(await register('203.0.113.1'), '/api/users');
    // Another address has its own budget; the refused one can still use the rest of the API.
    await register('203.0.113.2').expect(201);
    await api.get('/api/tags').set('X-Forwarded-For', '203.0.113.1').expect(200);
  });
});

describe('failed logins', () => {
  it('lock the account out after a few, from any address, and audit the lock-out', async () => {
    const { api, database } = await service({ ...DEFAULT_LIMITS, TRUST_PROXY: '1' });
    const user = await registerUser(api);
    const other = await registerUser(api);
    // The default budget: five failures, each from an address of its own.
    for (let i = 1; i <= 5; i += 1) {
      await login(api, user.email, 'wrong guess', `198.51.100.${i}`).expect(401);
    }
    const refused = await login(api, user.email, 'wrong guess', '198.51.100.6');
    expectTooManyRequests(refused, '/api/users/login', 300);
    expect(refused.body.detail).toMatch(/failed logins/);
    // Even the right password, from a fresh address, while the lock-out lasts.
    expectTooManyRequests(
      await login(api, user.email.toUpperCase(), user.password, '198.51.100.7'),
      '/api/users/login',
      300,
    );
    // Other accounts are not affected, from the same addresses.
    await login(api, other.email, other.password, '198.51.100.6').expect(200);

    const { events } = await database.audit.list({ limit: 100, offset: 0 });
    const lockOuts = events.filter((event) => event.action === 'login.locked-out');
    expect(lockOuts).toEqual([
      expect.objectContaining({ actorId: null, target: `email:${user.email}` }),
    ]);
  });

  it('let the owner log in again once the window has passed', async () => {
    const { api } = await service({
      LOGIN_FAILURES_PER_ACCOUNT: '2',
      LOGIN_FAILURE_WINDOW_SECONDS: '1',
    });
    const user = await registerUser(api);
    await login(api, user.email, 'wrong guess').expect(401);
    await login(api, user.email, 'wrong guess').expect(401);
    const refused = await login(api, user.email, user.password);
    expectTooManyRequests(refused, '/api/users/login', 1);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await login(api, user.email, user.password).expect(200);
  });

  it('are the only logins counted: successes spend nothing', async () => {
    const { api } = await service({ LOGIN_FAILURES_PER_ACCOUNT: '2', LOGIN_FAILURES_PER_IP: '2' });
    const user = await registerUser(api);
    await login(api, user.email, 'wrong guess').expect(401);
    for (let i = 0; i < 10; i += 1) await login(api, user.email, user.password).expect(200);
    await login(api, user.email, 'wrong guess').expect(401);
    expectTooManyRequests(await login(api, user.email, user.password), '/api/users/login', 300);
  });

  it('cannot overrun the budget with guesses in parallel', async () => {
    const { api } = await service({ LOGIN_FAILURES_PER_ACCOUNT: '3' });
    const user = await registerUser(api);
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => login(api, user.email, 'wrong guess')),
    );
    const statuses = answers.map((res) => res.status).sort();
    expect(statuses).toEqual([...Array<number>(3).fill(401), ...Array<number>(9).fill(429)]);
  });

  it('from one address across many accounts are refused (password spraying)', async () => {
    const { api } = await service({ ...DEFAULT_LIMITS, TRUST_PROXY: '1' });
    const user = await registerUser(api);
    const sprayer = '192.0.2.66';
    // The default budget per address: 30 failures, one per made-up account.
    for (let i = 0; i < 30; i += 1) {
      await login(api, `victim-${i}@example.com`, 'Summer2026!', sprayer).expect(401);
    }
    const refused = await login(api, 'victim-30@example.com', 'Summer2026!', sprayer);
    expectTooManyRequests(refused, '/api/users/login', 300);
    // The sprayed accounts are not locked for their owners elsewhere, nor is this address for
    // the rest of the API.
    await login(api, user.email, user.password, '192.0.2.67').expect(200);
    await api.get('/api/tags').set('X-Forwarded-For', sprayer).expect(200);
  });
});

describe('every operation', () => {
  // Generic, from the spec: each operation that documents 429 answers it once the address has
  // spent its budget, before authentication or body parsing (so no token or valid body needed).
  it('answers 429 where the spec documents it', async () => {
    const { api } = await service({ RATE_LIMIT_MAX: '1' });
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
