// The database failing, as clients see it: every operation that documents 503 answers it at
// once when the database cannot be reached (a 503 problem with Retry-After, never a 500 or a
// hang), and the service serves again by itself once the database is back. The database is
// reached through a TCP proxy that the test cuts and restores, on every backend.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/conduit/app.js';
import { loadConfig } from '../../src/conduit/config.js';
import { openDatabase } from '../../src/conduit/models/backends.js';
import type { Database } from '../../src/conduit/models/database.js';
import { NOT_SHEDDING, TEST_JWT_SECRET } from '../support/app.js';
import { contractClient, type ContractClient } from '../harness/contract.js';
import { exampleRequests } from '../harness/examples.js';
import { auth, registerAdmin, registerUser, type TestUser } from '../support/fixtures.js';
import { loadSpec } from '../harness/spec.js';
import { startTcpProxy, type TcpProxy } from '../harness/tcp-proxy.js';
import { createBackendDatabase } from '../support/test-database.js';

let proxy: TcpProxy;
let database: Database;
let app: FastifyInstance;
let api: ContractClient;
let drop: () => Promise<void>;
let user: TestUser;
let admin: TestUser;

// Short bounds, so that the test does not wait on them; the defaults are seconds.
const LIMITS = { poolSize: 4, poolWaitMs: 500, statementTimeoutMs: 1000 };

beforeAll(async () => {
  const created = await createBackendDatabase();
  drop = created.drop;
  const target = new URL(created.url);
  proxy = await startTcpProxy(target.hostname, Number(target.port));
  database = await openDatabase(proxy.through(created.url), { limits: LIMITS });
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    JWT_SECRET: TEST_JWT_SECRET,
    RATE_LIMIT_MAX: '0',
    ROLE_CACHE_SECONDS: '0',
    ...NOT_SHEDDING,
  });
  app = await buildApp(config, { database });
  await app.ready();
  api = contractClient(app.server);
  user = await registerUser(api);
  admin = await registerAdmin(api, database);
});

afterAll(async () => {
  await app.close();
  await database.close().catch(() => undefined);
  await proxy.close();
  await drop();
});

describe('the database out of reach', () => {
  it('answers 503 with Retry-After on every operation that documents it, at once', async () => {
    proxy.cut();
    const requests = exampleRequests(loadSpec()).filter(
      ({ operation }) => '503' in (operation.operation.responses as object),
    );
    expect(requests.length).toBeGreaterThan(25);
    for (const { method, url, body, roles } of requests) {
      const started = Date.now();
      let request = api[method](url).set(auth(roles.includes('admin') ? admin : user));
      if (body !== undefined) request = request.send(body as object);
      const res = await request;
      expect({ url, status: res.status }).toEqual({ url, status: 503 });
      expect(res.body).toMatchObject({ type: '/problems/service-unavailable', status: 503 });
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      // Within the pool's wait, with room for a busy machine: no hang.
      expect(Date.now() - started).toBeLessThan(3_000);
    }
  });

  it('serves again by itself once the database is back', async () => {
    proxy.cut();
    await api.get('/api/tags').expect(503);
    proxy.restore();
    const deadline = Date.now() + 15_000;
    let status = 503;
    while (status !== 200 && Date.now() < deadline) {
      status = (await api.get('/api/tags')).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toBe(200);
    await api.get('/api/user').set(auth(user)).expect(200);
  });
});
