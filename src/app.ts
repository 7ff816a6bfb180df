// buildApp: the whole service as a Fastify instance, wired from the bundled spec.
import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { operations } from '../generated/operations.js';
import specification from '../generated/openapi.json' with { type: 'json' };
import { ConfigError, type Config } from './config.js';
import { createHandlers } from './handlers/index.js';
import { conduitSecurity } from './http/authentication.js';
import { registerRateLimits } from './http/rate-limit.js';
import { registerTokens } from './http/tokens.js';
import { openAbuseLimits } from './limits/abuse-limits.js';
import { openDatabase, type Database } from './models/database.js';
import { redactDatabaseUrl } from './models/prisma/connect.js';
import { isDatabaseUnavailable } from './models/unavailable.js';
import { createServices } from './services/index.js';
import { withinDeadline } from './services/deadline.js';
import { registerDocs } from './runtime/docs.js';
import { drainOnClose } from './runtime/draining.js';
import {
  answerClientError,
  answerFrameworkError,
  configureErrors,
} from './runtime/error-handler.js';
import { registerIdempotency } from './runtime/idempotency.js';
import { registerLoadShedding } from './runtime/load-shedding.js';
import { logAccess, loggerOptions, type LogStream } from './runtime/logging.js';
import { createMetrics, measureRequests, type Metrics } from './runtime/metrics.js';
import { configureBodyParsing } from './runtime/request-body.js';
import { answerWithin } from './runtime/request-deadline.js';
import { validatorCompiler } from './runtime/request-validation.js';
import { registerSecurityHeaders } from './runtime/security-headers.js';
import { registerSpecRoutes } from './runtime/spec-routes.js';

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
  const app = Fastify({
    logger: loggerOptions(config.logLevel, dependencies.logStream),
    // One access line per request instead (logAccess).
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.bodyLimitBytes,
    // Slow clients: Node answers 408 (answerClientError) and drops the connection, and what it
    // had buffered with it. Timeouts are checked every half second, not Node's default 30 s.
    requestTimeout: config.timeouts.receiveMs,
    keepAliveTimeout: config.timeouts.keepAliveMs,
    http: { headersTimeout: config.timeouts.headersMs, connectionsCheckingInterval: 500 },
    // The client IP (rate limits, logs) comes from X-Forwarded-For only through trusted proxies.
    trustProxy: trustedProxies(config.trustProxy),
    // drainOnClose answers those requests with a problem instead.
    return503OnClosing: false,
    // Errors raised before routing (an undecodable path, an over-long path parameter) and
    // requests the HTTP parser refuses are answered as problems too.
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    },
    // Validation and problem messages must not depend on a lenient serializer: bodies go out
    // exactly as handlers build them, and the contract tests hold them to the spec.
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.decorateRequest('principal', undefined);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  // The order of the onRequest hooks these add is the order they run in, before any route's
  // own hooks: shutdown refusal, the answer's deadline, security headers and CORS (so a 503 or
  // a 429 still carries them), load shedding, then rate limits.
  drainOnClose(app, ['/health', '/metrics']);
  answerWithin(app, config.timeouts.answerMs);
  logAccess(app, config.accessLogSampleEvery);
  const metrics = dependencies.metrics ?? createMetrics();
  measureRequests(app, metrics);
  await registerSecurityHeaders(app, config.corsOrigins);
  registerLoadShedding(app, config.shedding, metrics, PLATFORM_ROUTES);
  const tokens = await registerTokens(app, config.jwtSecret, config.jwtTtlSeconds);
  // Before the database opens: an unreachable Redis stops the start with nothing to clean up.
  const limits = await openAbuseLimits(config.abuseLimits, app.log);
  app.addHook('onClose', () => limits.close());
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
  });
  configureBodyParsing(app);
  configureErrors(app, Object.values(operations), { isUnavailable: isDatabaseUnavailable });
  await registerDocs(app, specification);
  await registerSpecRoutes(app, {
    specification,
    operations,
    handlers: createHandlers(services),
    security: conduitSecurity(services.tokens, (id) => services.users.findRole(id)),
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

/** Fastify takes a hop count for `trustProxy` but its typings do not; a function says the same. */
function trustedProxies(trust: Config['trustProxy']) {
  return typeof trust === 'number' ? (_address: string, hop: number) => hop < trust : trust;
}
