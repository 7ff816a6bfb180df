// What an authenticated request costs the database, and how stale a role can be. The role is
// read once per ROLE_CACHE_SECONDS per account, not on every request; a role change made through
// the API applies at once on the instance that made it, and one made elsewhere (another instance,
// or `make admin` writing to the database) within ROLE_CACHE_SECONDS.
import { afterEach, describe, expect, it } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/conduit/app.js';
import { loadConfig } from '../../src/conduit/config.js';
import { openDatabase } from '../../src/conduit/models/backends.js';
import type { Database } from '../../src/conduit/models/database.js';
import { NOT_SHEDDING, TEST_JWT_SECRET } from '../support/app.js';
import { contractClient, type ContractClient } from '../harness/contract.js';
import { auth, registerAdmin } from '../support/fixtures.js';
import { createPostgresDatabase, sqlTestUrl } from '../support/test-database.js';

interface Observed {
  api: ContractClient;
  database: Database;
  /** Every SQL statement the service sent since the last `reset()`. */
  statements: string[];
  reset(): void;
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function observedService(env: Record<string, string>): Promise<Observed> {
  const { url, drop } = await createPostgresDatabase(sqlTestUrl());
  const statements: string[] = [];
  const database = await openDatabase(url, { onQuery: (sql) => statements.push(sql) });
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    JWT_SECRET: TEST_JWT_SECRET,
    ...NOT_SHEDDING,
    ...env,
  });
  const app: FastifyInstance = await buildApp(config, { database });
  await app.ready();
  cleanups.push(
    drop,
    () => database.close(),
    () => app.close(),
  );
  return {
    api: contractClient(app.server),
    database,
    statements,
    reset: () => (statements.length = 0),
  };
}

/** Authentication's read: the role alone, by id. */
const roleReads = (statements: string[]) =>
  statements.filter((sql) =>
    /^SELECT "public"\."users"\."id", "public"\."users"\."role" FROM /.test(sql),
  );

describe('authentication', () => {
  it('reads an account’s role once for many requests, not once per request', async () => {
    const service = await observedService({});
    const admin = await registerAdmin(service.api, service.database);
    service.reset();
    for (let i = 0; i < 10; i += 1) {
      await service.api.get('/api/admin/users').set(auth(admin)).expect(200);
    }
    expect(roleReads(service.statements)).toHaveLength(1);
  });

  it('reads it on every request with ROLE_CACHE_SECONDS=0', async () => {
    const service = await observedService({ ROLE_CACHE_SECONDS: '0' });
    const admin = await registerAdmin(service.api, service.database);
    service.reset();
    for (let i = 0; i < 3; i += 1) {
      await service.api.get('/api/admin/users').set(auth(admin)).expect(200);
    }
    expect(roleReads(service.statements)).toHaveLength(3);
  });

  it('applies a role change made elsewhere within ROLE_CACHE_SECONDS', async () => {
    const service = await observedService({ ROLE_CACHE_SECONDS: '1' });
    const admin = await registerAdmin(service.api, service.database);
    await service.api.get('/api/admin/users').set(auth(admin)).expect(200);
    // As `make admin` or another instance would: straight to the database.
    const record = await service.database.users.findByUsername(admin.username);
    await service.database.users.setRole(record!.id, 'user');
    const changedAt = Date.now();
    let status = 200;
    while (status === 200 && Date.now() - changedAt < 5_000) {
      status = (await service.api.get('/api/admin/users').set(auth(admin))).status;
      if (status === 200) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(status).toBe(403);
    // The bound, with room for a busy machine's scheduling.
    expect(Date.now() - changedAt).toBeLessThan(2_000);
  });
});
