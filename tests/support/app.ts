// A real service for a test file: the app from buildApp over a freshly migrated in-memory
// database, reached over HTTP through the contract harness.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppDependencies } from '../../src/conduit/app.js';
import { loadConfig, type Config } from '../../src/conduit/config.js';
import type { Database } from '../../src/conduit/models/database.js';
import { contractClient, type ContractClient } from '../harness/contract.js';
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

// A test process loads modules and compiles validators on the event loop the service shares,
// and a Jest worker's heap holds every test file it ran: its loop lags and its heap grows in
// ways a service process's never do. The shedding tests set their own bounds.
export const NOT_SHEDDING = { SHED_EVENT_LOOP_DELAY_MS: '0', SHED_HEAP_USED_MB: '0' };

/**
 * With TEST_REDIS_URL (`make test-redis`) every service uses that Redis, as a deployment with
 * REDIS_URL does: rate-limit counters and the response cache there, under prefixes of its own
 * so that services of other tests share nothing with it. Left to a test that names a Redis.
 */
function sharedRedis(env: Record<string, string | undefined>): Record<string, string> {
  const url = process.env.TEST_REDIS_URL;
  if (!url || 'REDIS_URL' in env || 'RATE_LIMIT_REDIS_URL' in env) return {};
  const prefix = `conduit-test:${randomUUID()}:`;
  return {
    REDIS_URL: url,
    RATE_LIMIT_REDIS_PREFIX: `${prefix}rate-limit:`,
    RESPONSE_CACHE_REDIS_PREFIX: `${prefix}cache:`,
  };
}

/** `env` is added to the test settings; a variable given as undefined is left unset. */
export async function startService(
  env: Record<string, string | undefined> = {},
  dependencies: Omit<AppDependencies, 'database'> & {
    /** What the app gets instead of the test database (e.g. a breakable one). */
    wrapDatabase?: (database: Database) => Database;
  } = {},
): Promise<TestService> {
  const settings = {
    LOG_LEVEL: 'silent',
    JWT_SECRET: TEST_JWT_SECRET,
    ...UNTHROTTLED,
    ...NOT_SHEDDING,
    ...sharedRedis(env),
    ...env,
  };
  const config = loadConfig(
    Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined)),
  );
  const { database, dispose } = await openTestDatabase();
  const { wrapDatabase, ...appDependencies } = dependencies;
  const app = await buildApp(config, {
    ...appDependencies,
    database: wrapDatabase ? wrapDatabase(database) : database,
  });
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
