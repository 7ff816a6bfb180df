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

// Test files register and log in many users quickly from one address, and fail logins on
// purpose. The limits stay on, so every request still goes through them, but no suite comes
// near them; the rate-limit tests pass their own.
const UNTHROTTLED = {
  RATE_LIMIT_MAX: '1000000',
  REGISTRATION_RATE_LIMIT_MAX: '1000000',
  LOGIN_FAILURES_PER_ACCOUNT: '1000000',
  LOGIN_FAILURES_PER_IP: '1000000',
};

/** Pass to startService for the limits a fresh `make start` has. */
export const DEFAULT_LIMITS: Record<keyof typeof UNTHROTTLED, undefined> = {
  RATE_LIMIT_MAX: undefined,
  REGISTRATION_RATE_LIMIT_MAX: undefined,
  LOGIN_FAILURES_PER_ACCOUNT: undefined,
  LOGIN_FAILURES_PER_IP: undefined,
};

/** `env` is added to the test settings; a variable given as undefined is left unset. */
export async function startService(
  env: Record<string, string | undefined> = {},
  dependencies: Omit<AppDependencies, 'database'> = {},
): Promise<TestService> {
  const settings = { LOG_LEVEL: 'silent', JWT_SECRET: TEST_JWT_SECRET, ...UNTHROTTLED, ...env };
  const config = loadConfig(
    Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined)),
  );
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
