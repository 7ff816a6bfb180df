// The database failing under load, with the real service process: stopped (a crash) and
// started again, frozen (SIGSTOP: a hung host or a partition) and thawed, a table held locked.
// Every answer is a success or a fast 503 problem, never a 500, a hang or a dropped connection;
// the outage is logged a few times, not once per request; the service serves again by itself;
// and no write it acknowledged is lost. FAULT_BACKEND picks the embedded default (the service
// runs the server), PostgreSQL or MariaDB (the test runs it). `make test-faults` runs all three.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { newUserInput } from '../support/fixtures.js';
import { killServers, startServer, type Server } from '../support/server-process.js';
import { faultBackend, startFaultDatabase, type FaultDatabase } from './support/database.js';
import { eventually, send, sleep, startLoad, type Outcome, type Sent } from './support/load.js';

const backend = faultBackend();

// Short bounds, so that each case takes seconds; the defaults are a few seconds longer.
const ENV = {
  DATABASE_POOL_WAIT_MS: '1000',
  DATABASE_STATEMENT_TIMEOUT_MS: '1000',
  REQUEST_TIMEOUT_MS: '3000',
  RATE_LIMIT_MAX: '0',
  REGISTRATION_RATE_LIMIT_MAX: '0',
  LOGIN_FAILURES_PER_ACCOUNT: '0',
  LOGIN_FAILURES_PER_IP: '0',
  LOG_LEVEL: 'info',
};
// The longest an answer may take during an outage: the request deadline, and room for a busy
// machine.
const ANSWER_BOUND_MS = 5_000;

let database: FaultDatabase;
let server: Server;
let author: { username: string; email: string; password: string; token: string };

beforeEach(async () => {
  database = await startFaultDatabase(backend);
  server = await startServer({ ...ENV, DATABASE_URL: database.serviceUrl });
  const input = newUserInput();
  const registered = await send(server.url, {
    method: 'POST',
    path: '/api/users',
    body: { user: input },
  });
  expect(registered.status).toBe(201);
  author = { ...input, token: (registered.body as { user: { token: string } }).user.token };
});

afterEach(async () => {
  await killServers();
  await database.dispose();
});

/** Reads and writes, alternately; every write publishes an article with a title of its own. */
const mixed = (n: number): Sent =>
  n % 2 === 0
    ? { method: 'GET', path: '/api/articles?limit=5' }
    : {
        method: 'POST',
        path: '/api/articles',
        token: author.token,
        body: { article: { title: `Fault ${n}`, description: 'd', body: 'b' } },
      };

/** What must hold of every answer, whatever the fault. */
function expectGracefulAnswers(outcomes: Outcome[]): void {
  const unexpected = outcomes.filter((o) => ![200, 201, 503].includes(o.status as number));
  const errors = server.logs.filter((entry) => (entry.level as number) >= 50);
  expect({
    unexpected: unexpected.map((o) => `${o.sent.method} ${o.sent.path}: ${o.status}`),
    errors,
  }).toEqual({ unexpected: [], errors: [] });
  for (const outcome of outcomes.filter((o) => o.status === 503)) {
    expect(outcome.body).toMatchObject({ type: '/problems/service-unavailable', status: 503 });
    expect(outcome.ms).toBeLessThan(ANSWER_BOUND_MS);
  }
}

/** Every article the service answered 201 for is there, readable. */
async function expectAcknowledgedWritesKept(outcomes: Outcome[]): Promise<void> {
  const acknowledged = outcomes
    .filter((o) => o.status === 201)
    .map((o) => (o.body as { article: { slug: string } }).article.slug);
  expect(acknowledged.length).toBeGreaterThan(0);
  const stored = new Set<string>();
  let cursor: string | null = '';
  while (cursor !== null) {
    const page = await send(server.url, {
      method: 'GET',
      path: `/api/articles?author=${author.username}&limit=100${cursor ? `&cursor=${cursor}` : ''}`,
    });
    expect(page.status).toBe(200);
    const body = page.body as { articles: { slug: string }[]; nextCursor: string | null };
    for (const article of body.articles) stored.add(article.slug);
    cursor = body.nextCursor;
  }
  expect(acknowledged.filter((slug) => !stored.has(slug))).toEqual([]);
}

const serving = () =>
  eventually(
    async () => (await send(server.url, { method: 'GET', path: '/api/tags' })).status === 200,
    20_000,
  );

function expectOutageLoggedOnce(): void {
  const warnings = server.logs.filter((entry) => entry.msg === 'database unavailable');
  expect(warnings.length).toBeGreaterThan(0);
  // A burst is one line and a count, not a line (and a stack) per failed request.
  expect(warnings.length).toBeLessThan(10);
  expect(server.logs.filter((entry) => (entry.level as number) >= 50)).toEqual([]);
}

describe(`the database under load (${backend})`, () => {
  it('stopped and started again: fast 503s, then service by itself, no write lost', async () => {
    const load = startLoad(server.url, 4, mixed);
    await sleep(1_000);
    await database.stop();
    await sleep(3_000);
    await database.start();
    expect(await serving()).toBe(true);
    await sleep(500);
    const outcomes = await load.stop();
    expectGracefulAnswers(outcomes);
    expect(outcomes.some((o) => o.status === 503)).toBe(true);
    await expectAcknowledgedWritesKept(outcomes);
    expectOutageLoggedOnce();
  });

  it('frozen and thawed: answers within the deadline, /ready within a second', async () => {
    const load = startLoad(server.url, 4, mixed);
    await sleep(1_000);
    await database.freeze();
    await sleep(1_500);
    const ready = await send(server.url, { method: 'GET', path: '/ready' });
    expect(ready.status).toBe(503);
    expect(ready.ms).toBeLessThan(1_500);
    await sleep(3_000);
    await database.thaw();
    expect(await serving()).toBe(true);
    const outcomes = await load.stop();
    expectGracefulAnswers(outcomes);
    expect(outcomes.some((o) => o.status === 503)).toBe(true);
    await expectAcknowledgedWritesKept(outcomes);
  });

  it('a table held locked: its reads answer 503 in time, the rest of the service runs', async () => {
    const held = database.lockTable('articles', 5_000);
    await sleep(300);
    const list = await send(server.url, { method: 'GET', path: '/api/articles' });
    expect(list.status).toBe(503);
    expect(list.ms).toBeLessThan(ANSWER_BOUND_MS);
    const me = await send(server.url, { method: 'GET', path: '/api/user', token: author.token });
    expect(me.status).toBe(200);
    expect(me.ms).toBeLessThan(1_000);
    const login = await send(server.url, {
      method: 'POST',
      path: '/api/users/login',
      body: { user: { email: author.email, password: author.password } },
    });
    expect(login.status).toBe(200);
    const ready = await send(server.url, { method: 'GET', path: '/ready' });
    expect(ready.status).toBe(200);
    await held;
    expect((await send(server.url, { method: 'GET', path: '/api/articles' })).status).toBe(200);
  });
});
