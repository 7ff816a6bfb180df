// buildApp: the whole service as a Fastify instance, wired from the bundled spec.
import type { FastifyInstance } from 'fastify';
import { operations } from '../../generated/operations.js';
import specification from '../../generated/openapi.json' with { type: 'json' };
import { ConfigError, type Config } from './config.js';
import { createHandlers } from './handlers/index.js';
import { conduitSecurity } from './http/authentication.js';
import { registerRateLimits } from './http/rate-limit.js';
import { registerTokens } from './http/tokens.js';
import { openAbuseLimits } from './limits/abuse-limits.js';
import { responseCache } from './http/response-cache.js';
import { closeRedis, connectRedis } from './redis.js';
import { openDatabase, redactDatabaseUrl } from './models/backends.js';
import type { Database } from './models/database.js';
import { isDatabaseUnavailable } from './models/unavailable.js';
import { createServices } from './services/index.js';
import { withinDeadline } from './services/deadline.js';
import { answerHeaders } from '../runtime/http-caching.js';
import { registerIdempotency } from '../runtime/idempotency.js';
import type { LogStream } from '../runtime/logging.js';
import type { Metrics } from '../runtime/metrics.js';
import { requestHeadersOf } from '../runtime/security-headers.js';
import { createServer, serveApi } from '../runtime/server.js';

const READINESS_DEADLINE_MS = 900;

// Probes and the scrape come from the platform: never refused to shed load.
const PLATFORM_ROUTES = ['/health', '/ready', '/metrics'];

export interface AppDependencies {
  /** An already-open database; by default the app opens `config.databaseUrl` and closes it. */
  database?: Database;
  /** Where JSON logs go; standard output by default. */
  logStream?: LogStream;
  /** Where request metrics are counted; a fresh registry by default. */
  metrics?: Metrics;
}

export async function buildApp(
  config: Config,
  dependencies: AppDependencies = {},
): Promise<FastifyInstance> {
  const { app, metrics } = await createServer(config, {
    ...dependencies,
    alwaysServed: ['/health', '/metrics'],
    neverShed: PLATFORM_ROUTES,
    corsRequestHeaders: requestHeadersOf(specification),
  });
  // After the runtime's hooks (drain, deadline, headers, shedding): rate limits.
  const tokens = await registerTokens(app, config.jwtSecret, config.jwtTtlSeconds);
  for (const deprecation of config.deprecations) app.log.warn(deprecation);
  // Before the database opens: an unreachable Redis stops the start with nothing to clean up.
  const redis = config.redisUrl ? await connectRedis(config.redisUrl, app.log) : undefined;
  if (redis) app.addHook('onClose', () => closeRedis(redis));
  const limits = openAbuseLimits(config.abuseLimits, app.log, redis);
  registerRateLimits(app, limits, tokens);

  const database = dependencies.database ?? (await openConfiguredDatabase(config));
  if (!dependencies.database) app.addHook('onClose', () => database.close());

  const services = {
    ...createServices(database, {
      refreshTokenTtlSeconds: config.refreshTokenTtlSeconds,
      roleCacheSeconds: config.roleCacheSeconds,
      loginBudgets: {
        perAccount: limits.loginFailuresPerAccount,
        perIp: limits.loginFailuresPerIp,
      },
    }),
    tokens,
    // Within a second whatever the database does: a probe that hangs tells a load balancer
    // nothing, and it would mark the instance down for its own timeout instead.
    databaseAnswers: () => withinDeadline(database.ping(), READINESS_DEADLINE_MS),
    metrics,
    config,
  };

  registerIdempotency(app, () => database.idempotency, {
    ttlSeconds: config.idempotencyKeyTtlSeconds,
    // The longest its request can run, and room for its answer to be kept.
    leaseMs: config.timeouts.answerMs + 5_000,
    answerHeaders: answerHeaders(operations, specification),
  });
  await serveApi(app, {
    specification,
    operations,
    handlers: createHandlers(services),
    security: conduitSecurity(services.tokens, (id) => services.users.findRole(id)),
    isUnavailable: isDatabaseUnavailable,
    cache: responseCache(config.responseCache, redis, app.log, metrics),
  });
  return app;
}

/** Opens and checks the database, so a bad or unreachable URL stops the start with a clear message. */
async function openConfiguredDatabase(config: Config): Promise<Database> {
  const url = config.databaseUrl;
  let database: Database | undefined;
  try {
    database = await openDatabase(url, { limits: config.databaseLimits });
    await database.ping();
    // The embedded database belongs to the service, which keeps it at the latest migration.
    if (/^embedded:/i.test(url)) await database.migrate();
    return database;
  } catch (error) {
    await database?.close().catch(() => undefined);
    // Driver messages can span lines (Prisma's end with the cause); the last line says it.
    const message = error instanceof Error ? error.message : String(error);
    const reason = message.trim().split('\n').filter(Boolean).at(-1) ?? message;
    throw new ConfigError(`Cannot use the database at ${redactDatabaseUrl(url)}: ${reason}`);
  }
}
