// A real service for a test file: the app from buildApp over a freshly migrated in-memory
// database, reached over HTTP through the contract harness.
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppDependencies } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { openDatabase, type Database } from '../../src/models/database.js';
import { contractClient, type ContractClient } from './contract.js';
import { loadSnapshot } from './database-snapshot.js';

export interface TestService {
  app: FastifyInstance;
  api: ContractClient;
  database: Database;
  config: Config;
  close(): Promise<void>;
}

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-signing';

export async function startService(
  env: Record<string, string> = {},
  dependencies: Omit<AppDependencies, 'database'> = {},
): Promise<TestService> {
  const config = loadConfig({ LOG_LEVEL: 'silent', JWT_SECRET: TEST_JWT_SECRET, ...env });
  const url = process.env.TEST_DATABASE_URL ?? 'pglite:memory';
  const database = await openDatabase(
    url,
    url === 'pglite:memory' ? { pgliteSnapshot: loadSnapshot() } : {},
  );
  await database.migrate();
  const app = await buildApp(config, { ...dependencies, database });
  await app.ready();
  return {
    app,
    api: contractClient(app.server),
    database,
    config,
    async close() {
      await app.close();
      await database.close();
    },
  };
}
