// Rate limits (@fastify/rate-limit): a budget per client for every request, and a stricter one
// per IP address for login and registration, where each attempt costs a password hash and a
// flood means password guessing or account spam. Counters live in Redis when a URL is given,
// so every instance draws on one budget; in this process's memory otherwise.
import fastifyRateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import { ConfigError } from '../config.js';
import { tooManyRequests } from './problems.js';
import { sendProblem } from './replies.js';
import { presentedToken, type TokenService } from './tokens.js';

export interface RateLimitSettings {
  /** Requests per client (its user when it sends a valid token, else its IP); 0: no limit. */
  max: number;
  /** Login and registration attempts per IP, whatever the token; 0: no limit. */
  authMax: number;
  windowSeconds: number;
  redisUrl?: string | undefined;
  redisPrefix: string;
  /** Checks tokens' signature and expiry (no database), to key a request by its user. */
  tokens: Pick<TokenService, 'verify'>;
}

// Probes and scrapes come from the platform, many per window, and must never be refused.
const EXEMPT_ROUTES = new Set(['/health', '/ready', '/metrics']);
const AUTH_OPERATIONS = new Set(['Login', 'CreateUser']);
// In-memory counters per limit; past this many clients in a window the least recent go first.
const MEMORY_KEYS = 100_000;

type Check = ReturnType<FastifyInstance['createRateLimit']>;

interface Limit {
  applies(request: FastifyRequest): boolean;
  check: Check;
}

export async function registerRateLimits(
  app: FastifyInstance,
  settings: RateLimitSettings,
): Promise<void> {
  if (settings.max === 0 && settings.authMax === 0) return;
  const redis = settings.redisUrl ? await connectRedis(app, settings.redisUrl) : undefined;
  // Not global: the plugin's own per-route hooks would run after authentication (route hooks
  // follow app hooks), so a flood of bad tokens or unknown paths would never be counted.
  await app.register(fastifyRateLimit, {
    global: false,
    ...(redis ? { redis, nameSpace: settings.redisPrefix } : {}),
  });
  const timeWindow = settings.windowSeconds * 1000;
  // Each limit is a child store of the plugin's; in Redis its keys read
  // `<prefix>undefinedundefined-<key>` (a child names itself after a route, and these have
  // none). The keys below differ by limit, so limits never share a counter.
  const limit = (max: number, keyGenerator: (request: FastifyRequest) => string) =>
    // `cache` (the in-memory store's size) is read from these options but not typed there.
    app.createRateLimit({ max, timeWindow, keyGenerator, cache: MEMORY_KEYS } as never);

  const limits: Limit[] = [];
  if (settings.max > 0) {
    limits.push({
      applies: () => true,
      check: limit(settings.max, (request) => {
        const user = userOf(request, settings.tokens);
        return user === undefined ? `ip:${normalizeIP(request.ip)}` : `user:${user}`;
      }),
    });
  }
  if (settings.authMax > 0) {
    limits.push({
      applies: (request) => AUTH_OPERATIONS.has(operationIdOf(request)),
      // By IP always: a token says nothing about who is guessing passwords.
      check: limit(settings.authMax, (request) => `auth-ip:${normalizeIP(request.ip)}`),
    });
  }

  const warnStoreFailure = throttled(10_000);
  // An app-level onRequest hook runs before every route's own hooks (authentication, body
  // parsing), and for unknown paths too, so a refused request costs almost nothing.
  app.addHook('onRequest', async (request, reply) => {
    if (EXEMPT_ROUTES.has(request.routeOptions.url ?? '')) return;
    for (const { applies, check } of limits) {
      if (!applies(request)) continue;
      let outcome: Awaited<ReturnType<Check>>;
      try {
        outcome = await check(request);
      } catch (error) {
        // The limits guard against abuse, they do not authorize: while the store is out of
        // reach, requests are served unlimited rather than all refused.
        if (warnStoreFailure()) request.log.warn({ err: error }, 'rate limit store failed');
        return;
      }
      if (!outcome.isAllowed && outcome.isExceeded) {
        await sendProblem(request, reply, tooManyRequests(Math.max(1, outcome.ttlInSeconds)));
        return;
      }
    }
  });
}

/**
 * The user named by the request's `Authorization: Token <jwt>` (or `Bearer`), when the token's
 * signature and expiry check out. Authentication proper (the account still exists, its role)
 * comes later, in the route's hook; a signature is enough to pick whose budget to draw on, and
 * costs no database query before the request is counted.
 */
function userOf(request: FastifyRequest, tokens: Pick<TokenService, 'verify'>): number | undefined {
  const presented = presentedToken(request, tokens);
  return 'verified' in presented && 'userId' in presented.verified
    ? presented.verified.userId
    : undefined;
}

function operationIdOf(request: FastifyRequest): string {
  const schema = request.routeOptions.schema as { operationId?: unknown } | undefined;
  return typeof schema?.operationId === 'string' ? schema.operationId : '';
}

async function connectRedis(app: FastifyInstance, url: string): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    // A command fails at once while disconnected, and soon when Redis is slow, instead of
    // holding every request until it answers (see the fallback above).
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    commandTimeout: 1_000,
    // disconnect() waits this long for a socket that may already be gone (after a failed
    // start it always is) before letting the process exit.
    disconnectTimeout: 200,
  });
  const warnConnection = throttled(10_000);
  let connectionError: Error | undefined;
  // ioredis reconnects by itself; without a listener each failure would also crash the process.
  redis.on('error', (error: Error) => {
    connectionError = error;
    if (warnConnection()) app.log.warn({ err: error }, 'rate limit redis connection failed');
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    // connect() only says the connection closed; the error event said why.
    const cause = connectionError ?? error;
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new ConfigError(`Cannot use Redis at ${redactUrl(url)} for rate limits: ${reason}`);
  }
  app.addHook('onClose', async () => {
    await redis.quit().catch(() => redis.disconnect());
  });
  return redis;
}

const redactUrl = (url: string) => url.replace(/\/\/[^@/]*@/, '//***@');

/** True at most once per `intervalMs`: a store outage must not write a log line per request. */
function throttled(intervalMs: number): () => boolean {
  let last = -Infinity;
  return () => {
    const now = Date.now();
    if (now - last < intervalMs) return false;
    last = now;
    return true;
  };
}
