// Rate limits across instances: two servers on their own ports, over one database and one
// Redis (what TEST_REDIS_URL names; `make test-redis` starts one), draw on one budget.
// Skipped without TEST_REDIS_URL.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/conduit/app.js';
import { startService, type TestService } from '../support/app.js';
import { contractClient, type ContractClient } from '../harness/contract.js';
import { auth, newUserInput, registerUser } from '../support/fixtures.js';
import { freePort, redisServer, stopProcess } from '../support/redis-server.js';

const redisUrl = process.env.TEST_REDIS_URL;

interface Pair {
  a: ContractClient;
  b: ContractClient;
  ports: [number, number];
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Two instances as in production: same database, same Redis, each listening on its port. */
async function twoInstances(env: Record<string, string>): Promise<Pair> {
  const shared = {
    REDIS_URL: redisUrl!,
    // Counters of other tests and earlier runs (still within their window) must not count.
    RATE_LIMIT_REDIS_PREFIX: `conduit-test:${randomUUID()}:`,
    RESPONSE_CACHE_REDIS_PREFIX: `conduit-test:${randomUUID()}:cache:`,
    RATE_LIMIT_WINDOW_SECONDS: '60',
    ...env,
  };
  const first: TestService = await startService(shared);
  cleanups.push(() => first.close());
  const second: FastifyInstance = await buildApp(first.config, { database: first.database });
  cleanups.push(() => second.close());
  const ports = await Promise.all([first.app, second].map(listen));
  return {
    a: contractClient(first.app.server),
    b: contractClient(second.server),
    ports: ports as [number, number],
  };
}

async function listen(app: FastifyInstance): Promise<number> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

const describeOnRedis = redisUrl === undefined ? describe.skip : describe;
const onRedis = (name: string) =>
  redisUrl === undefined
    ? `${name} (skipped: set TEST_REDIS_URL, e.g. to what scripts/db/redis.sh start prints)`
    : name;

describeOnRedis(onRedis('rate limits shared through Redis'), () => {
  it('hold one budget over both instances', async () => {
    const { a, b, ports } = await twoInstances({ RATE_LIMIT_MAX: '5' });
    expect(ports[0]).not.toBe(ports[1]);
    for (let i = 0; i < 3; i += 1) await a.get('/api/tags').expect(200);
    await b.get('/api/tags').expect(200);
    await b.get('/api/tags').expect(200);
    // The sixth request overall: instance B alone has seen only two.
    const refused = await b.get('/api/tags').expect(429);
    expect(refused.body.type).toBe('/problems/too-many-requests');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    await a.get('/api/tags').expect(429);
  });

  it('keep a user’s budget whichever instance serves it', async () => {
    const { a, b } = await twoInstances({ RATE_LIMIT_MAX: '4' });
    const user = await registerUser(a); // 1 of the address's 4 anonymous requests
    await a.get('/api/user').set(auth(user)).expect(200);
    await b.get('/api/user').set(auth(user)).expect(200);
    await a.get('/api/user').set(auth(user)).expect(200);
    await b.get('/api/user').set(auth(user)).expect(200);
    await a.get('/api/user').set(auth(user)).expect(429);
    await b.get('/api/user').set(auth(user)).expect(429);
    // The address's anonymous budget is its own: 3 left.
    await b.get('/api/tags').expect(200);
  });

  it('lock an account out on both instances', async () => {
    const { a, b } = await twoInstances({ LOGIN_FAILURES_PER_ACCOUNT: '2' });
    const user = await registerUser(a);
    const attempt = (password: string) => ({ user: { email: user.email, password } });
    await a.post('/api/users/login').send(attempt('wrong guess')).expect(401);
    await b.post('/api/users/login').send(attempt('wrong guess')).expect(401);
    await a.post('/api/users/login').send(attempt(user.password)).expect(429);
    await b.post('/api/users/login').send(attempt(user.password)).expect(429);
  });

  it('hold the registration budget over both instances', async () => {
    const { a, b } = await twoInstances({ REGISTRATION_RATE_LIMIT_MAX: '2' });
    await registerUser(a);
    await registerUser(b);
    await a.post('/api/users').send({ user: newUserInput() }).expect(429);
    await b.post('/api/users').send({ user: newUserInput() }).expect(429);
  });

  it('start a new window when the old one expires in Redis', async () => {
    const { a, b } = await twoInstances({ RATE_LIMIT_MAX: '1', RATE_LIMIT_WINDOW_SECONDS: '1' });
    await a.get('/api/tags').expect(200);
    const refused = await b.get('/api/tags').expect(429);
    expect(refused.headers['retry-after']).toBe('1');
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await b.get('/api/tags').expect(200);
  });

  it('serve unlimited while Redis is out of reach, and limit again once it is back', async () => {
    // A Redis of this test's own, to stop and start again.
    const port = await freePort();
    const own = await redisServer(port);
    cleanups.push(() => stopProcess(own));
    const lines: string[] = [];
    const service = await startService(
      {
        LOG_LEVEL: 'warn',
        RATE_LIMIT_REDIS_URL: `redis://127.0.0.1:${port}`,
        RATE_LIMIT_MAX: '2',
      },
      { logStream: { write: (line) => lines.push(line) } },
    );
    cleanups.push(() => service.close());
    await service.api.get('/api/tags').expect(200);
    await service.api.get('/api/tags').expect(200);
    await service.api.get('/api/tags').expect(429);

    await stopProcess(own);
    for (let i = 0; i < 5; i += 1) await service.api.get('/api/tags').expect(200);
    const warnings = lines.map((line) => JSON.parse(line) as { level: number; msg: string });
    expect(warnings).toContainEqual(
      expect.objectContaining({ level: 40, msg: 'rate limit store failed' }),
    );

    // A fresh, empty Redis on the same port: ioredis reconnects, counting starts over.
    const again = await redisServer(port);
    cleanups.push(() => stopProcess(again));
    const deadline = Date.now() + 10_000;
    let status = 200;
    while (status !== 429 && Date.now() < deadline) {
      status = (await service.api.get('/api/tags')).status;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(status).toBe(429);
  });
});
