// A real service for a test file: the app from buildApp over a freshly migrated in-memory
// database, reached over HTTP through the contract harness.
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppDependencies } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { Database } from '../../src/models/database.js';
import { contractClient, type ContractClient } from './contract.js';
import { openTestDatabase } from './test-database.js';

export interface TestService {
  app: FastifyInstance;
  api: ContractClient;
  database: Database;
  config: Config;
  close(): Promise<void>;
}

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-signing';

// Test files register and log in many users quickly from one address. The limits stay on, so
// every request still goes through them, but no suite comes near them; the rate-limit tests
// pass their own.
const UNTHROTTLED = { RATE_LIMIT_MAX: '1000000', AUTH_RATE_LIMIT_MAX: '1000000' };

export async function startService(
  env: Record<string, string> = {},
  dependencies: Omit<AppDependencies, 'database'> = {},
): Promise<TestService> {
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    JWT_SECRET: TEST_JWT_SECRET,
    ...UNTHROTTLED,
    ...env,
  });
  const { database, dispose } = await openTestDatabase();
  const app = await buildApp(config, { ...dependencies, database });
  await app.ready();
  return {
    app,
    api: contractClient(app.server),
    database,
    config,
    async close() {
      await app.close();
      await dispose();
    },
  };
}
