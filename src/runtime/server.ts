// What every API served by this runtime gets, in two steps around the API's own hooks:
// `createServer` builds the Fastify instance with the request lifecycle (request ids, drain,
// answer deadline, access log, metrics, security headers, load shedding) and `serveApi` mounts
// a generated API on it (body rules, problems for every error, docs, routes from the spec).
// Hooks run in the order they are added, so an API adds its own (rate limits, say) between.
import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { registerDocs } from './docs.js';
import { drainOnClose } from './draining.js';
import { answerClientError, answerFrameworkError, configureErrors } from './error-handler.js';
import { registerLoadShedding, type SheddingSettings } from './load-shedding.js';
import { logAccess, loggerOptions, type LogStream } from './logging.js';
import { createMetrics, measureRequests, type Metrics } from './metrics.js';
import { configureBodyParsing } from './request-body.js';
import { answerWithin } from './request-deadline.js';
import { validatorCompiler } from './request-validation.js';
import type { SecurityPolicy } from './security.js';
import { registerSecurityHeaders } from './security-headers.js';
import { registerSpecRoutes } from './spec-routes.js';
import type { ResponseCache } from './response-cache.js';
import type { OperationInfo } from './types.js';

export interface ServerSettings {
  logLevel: string;
  accessLogSampleEvery: number;
  bodyLimitBytes: number;
  corsOrigins: readonly string[];
  /** Which X-Forwarded-For hops to believe for the client IP (Fastify's `trustProxy`). */
  trustProxy: false | number | string[];
  shedding: SheddingSettings;
  timeouts: {
    /** Whole request received (Node answers 408 past it). */
    receiveMs: number;
    headersMs: number;
    keepAliveMs: number;
    /** The answer is sent by then, whatever the handler is waiting for. */
    answerMs: number;
  };
}

/** Settings for a server on a developer's machine or in tests: every request logged, nothing shed. */
export const DEFAULT_SETTINGS: ServerSettings = {
  logLevel: 'info',
  accessLogSampleEvery: 1,
  bodyLimitBytes: 1024 * 1024,
  corsOrigins: [],
  trustProxy: false,
  shedding: { maxInFlight: 0, maxEventLoopDelayMs: 0, maxHeapUsedBytes: 0 },
  timeouts: { answerMs: 10_000, headersMs: 10_000, receiveMs: 30_000, keepAliveMs: 5_000 },
};

export interface ServerDependencies {
  /** Where JSON logs go; standard output by default. */
  logStream?: LogStream | undefined;
  /** Where request metrics are counted; a fresh registry by default. */
  metrics?: Metrics | undefined;
  /** Served while draining (probes, the scrape) and, with `neverShed`, never refused for load. */
  alwaysServed?: readonly string[];
  neverShed?: readonly string[];
  /** Request headers browsers may send cross-origin besides the usual (requestHeadersOf). */
  corsRequestHeaders?: readonly string[];
}

export async function createServer(
  settings: ServerSettings,
  dependencies: ServerDependencies = {},
): Promise<{ app: FastifyInstance; metrics: Metrics }> {
  const app = Fastify({
    logger: loggerOptions(settings.logLevel, dependencies.logStream),
    // One access line per request instead (logAccess).
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: settings.bodyLimitBytes,
    // Slow clients: Node answers 408 (answerClientError) and drops the connection, and what it
    // had buffered with it. Timeouts are checked every half second, not Node's default 30 s.
    requestTimeout: settings.timeouts.receiveMs,
    keepAliveTimeout: settings.timeouts.keepAliveMs,
    http: { headersTimeout: settings.timeouts.headersMs, connectionsCheckingInterval: 500 },
    // The client IP (rate limits, logs) comes from X-Forwarded-For only through trusted proxies.
    trustProxy: trustedProxies(settings.trustProxy),
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
  });
  app.setValidatorCompiler(validatorCompiler);
  // Validation and problem messages must not depend on a lenient serializer: bodies go out
  // exactly as handlers build them, and the contract tests hold them to the spec.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.decorateRequest('principal', undefined);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  // The order of the onRequest hooks these add is the order they run in, before any route's
  // own hooks: shutdown refusal, the answer's deadline, security headers and CORS (so a 503 or
  // a 429 still carries them), then load shedding.
  drainOnClose(app, dependencies.alwaysServed ?? []);
  answerWithin(app, settings.timeouts.answerMs);
  logAccess(app, settings.accessLogSampleEvery);
  const metrics = dependencies.metrics ?? createMetrics();
  measureRequests(app, metrics);
  await registerSecurityHeaders(app, settings.corsOrigins, dependencies.corsRequestHeaders);
  registerLoadShedding(app, settings.shedding, metrics, dependencies.neverShed ?? []);
  return { app, metrics };
}

export interface ApiDefinition<P> {
  /** The bundled spec (the generator's openapi.json). */
  specification: object;
  /** The generated operation table. */
  operations: Readonly<Record<string, OperationInfo>>;
  /** An implementation of the generated Handlers interface. */
  handlers: object;
  security: SecurityPolicy<P>;
  /** Whether an error means a dependency could not do the work (a 503); never by default. */
  isUnavailable?: (error: unknown) => boolean;
  /** A response cache for the reads the spec marks with `x-cache-scopes`; none by default. */
  cache?: ResponseCache | undefined;
}

export async function serveApi<P>(app: FastifyInstance, api: ApiDefinition<P>): Promise<void> {
  configureBodyParsing(app);
  configureErrors(app, Object.values(api.operations), {
    isUnavailable: api.isUnavailable ?? (() => false),
  });
  await registerDocs(app, api.specification);
  await registerSpecRoutes(app, api);
}

/** Fastify takes a hop count for `trustProxy` but its typings do not; a function says the same. */
function trustedProxies(trust: ServerSettings['trustProxy']) {
  return typeof trust === 'number' ? (_address: string, hop: number) => hop < trust : trust;
}
