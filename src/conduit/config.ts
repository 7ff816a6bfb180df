// Configuration comes from the environment only and is checked once, at start, with messages
// that name the variable to fix.
import { isIP } from 'node:net';
import type { SheddingSettings } from '../runtime/load-shedding.js';
import type { AbuseLimitSettings } from './limits/abuse-limits.js';
import type { DatabaseLimits } from './models/database-limits.js';

export interface Config {
  host: string;
  port: number;
  databaseUrl: string;
  /** Connections, and how long a query may wait for one, run and take on the server. */
  databaseLimits: DatabaseLimits;
  jwtSecret: string;
  /** Lifetime of an access token (a JWT). */
  jwtTtlSeconds: number;
  /** Lifetime of a refresh token. */
  refreshTokenTtlSeconds: number;
  /** How long the answer to a request with an Idempotency-Key is kept for its retries. */
  idempotencyKeyTtlSeconds: number;
  /** How long authentication reuses a role it read (a role change elsewhere shows within it). */
  roleCacheSeconds: number;
  logLevel: string;
  /** One access line per this many requests (1: every request). */
  accessLogSampleEvery: number;
  bodyLimitBytes: number;
  production: boolean;
  /** The service's Redis (REDIS_URL): rate-limit counters and the response cache go there. */
  redisUrl: string | undefined;
  /** Abuse budgets (0 turns one off), counted in memory or in the service's Redis. */
  abuseLimits: AbuseLimitSettings;
  /** Answers of hot reads, kept in this process or in the service's Redis. */
  responseCache: ResponseCacheSettings;
  /** Settings that still work but are going away, to be logged at start. */
  deprecations: string[];
  /** Origins allowed to call the API from a browser, exactly as browsers send them. */
  corsOrigins: string[];
  /** Which X-Forwarded-For hops to believe for the client IP (Fastify's `trustProxy`). */
  trustProxy: false | number | string[];
  /** How long a shutdown waits for in-flight requests before the process gives up. */
  shutdownTimeoutSeconds: number;
  /** When new requests are refused at once (503) to shed load. */
  shedding: SheddingSettings;
  /** Bounds on clients and on answers (all in milliseconds). */
  timeouts: {
    /** A request not answered by then gets a 503. */
    answerMs: number;
    /** The request line and headers must have arrived by then (408). */
    headersMs: number;
    /** The whole request, body included, must have arrived by then (408). */
    receiveMs: number;
    /** An idle kept-alive connection is closed after it. */
    keepAliveMs: number;
  };
}

export interface ResponseCacheSettings {
  /** `off`, or where answers are kept: `memory` (one instance) or `redis` (shared by all). */
  store: 'off' | 'memory' | 'redis';
  ttlSeconds: number;
  /** What the in-process store may hold, in characters of keys and answers. */
  maxBytes: number;
  /** A store operation slower than this reads the database instead. */
  timeoutMs: number;
  redisPrefix: string;
}

export const DEFAULT_DATABASE_URL = 'embedded:.data/postgres';

// Used only outside production, so a fresh clone starts without setup; tokens signed with it
// are worthless anywhere else.
const DEVELOPMENT_JWT_SECRET = 'development-only-secret-do-not-use-in-production';
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env): Config {
  const production = env.NODE_ENV === 'production';
  const jwtSecret = env.JWT_SECRET ?? (production ? undefined : DEVELOPMENT_JWT_SECRET);
  if (!jwtSecret) {
    throw new ConfigError('JWT_SECRET must be set when NODE_ENV=production.');
  }
  if (production && jwtSecret.length < 32) {
    throw new ConfigError('JWT_SECRET must be at least 32 characters when NODE_ENV=production.');
  }
  const logLevel = env.LOG_LEVEL ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}; got "${logLevel}".`);
  }
  if (env.AUTH_RATE_LIMIT_MAX !== undefined) {
    // Its one budget was split in two; silently dropping a limit someone set would be worse.
    throw new ConfigError(
      'AUTH_RATE_LIMIT_MAX is no longer read: use REGISTRATION_RATE_LIMIT_MAX for registrations ' +
        'and LOGIN_FAILURES_PER_ACCOUNT / LOGIN_FAILURES_PER_IP for failed logins.',
    );
  }
  if (env.DATABASE_URL && env.MONGODB_URL) {
    throw new ConfigError('Set DATABASE_URL or MONGODB_URL, not both.');
  }
  const deprecations: string[] = [];
  const redis = redisSetting(env, deprecations);
  return {
    host: env.HOST ?? '127.0.0.1',
    port: integer(env, 'PORT', 3000, 0, 65535),
    databaseUrl: env.DATABASE_URL || env.MONGODB_URL || DEFAULT_DATABASE_URL,
    databaseLimits: databaseLimits(env),
    jwtSecret,
    // Short-lived: a leaked access token is useful for minutes; refresh tokens renew it.
    jwtTtlSeconds: integer(env, 'JWT_TTL_SECONDS', 15 * 60, 1, YEAR),
    refreshTokenTtlSeconds: integer(env, 'REFRESH_TOKEN_TTL_SECONDS', 30 * DAY, 60, YEAR),
    // No database read per authenticated request, yet a demotion made on another instance (or
    // by `make admin`) applies within seconds; one made here applies at once.
    roleCacheSeconds: integer(env, 'ROLE_CACHE_SECONDS', 5, 0, 300),
    idempotencyKeyTtlSeconds: integer(env, 'IDEMPOTENCY_KEY_TTL_SECONDS', DAY, 60, 30 * DAY),
    logLevel,
    accessLogSampleEvery: integer(env, 'ACCESS_LOG_SAMPLE_EVERY', 1, 1, 1_000_000),
    bodyLimitBytes: integer(env, 'BODY_LIMIT_BYTES', 1024 * 1024, 1, 100 * 1024 * 1024),
    production,
    redisUrl: redis,
    abuseLimits: abuseLimits(env),
    responseCache: responseCache(env, redis),
    deprecations,
    corsOrigins: origins(env.CORS_ORIGINS),
    trustProxy: trustProxy(env.TRUST_PROXY),
    // Longer than the answer and receive timeouts, so a drain has let every request end.
    shutdownTimeoutSeconds: integer(env, 'SHUTDOWN_TIMEOUT_SECONDS', 15, 1, 600),
    timeouts: timeouts(env),
    shedding: {
      maxInFlight: integer(env, 'SHED_MAX_IN_FLIGHT', 1000, 0, 1_000_000),
      maxEventLoopDelayMs: integer(env, 'SHED_EVENT_LOOP_DELAY_MS', 500, 0, 60_000),
      maxHeapUsedBytes: integer(env, 'SHED_HEAP_USED_MB', 1024, 0, 1_048_576) * 1024 * 1024,
    },
  };
}

// A database that does not answer must cost a client seconds, not minutes: every wait has a
// bound, and a query past it fails (503), so the pool's connections come back.
function databaseLimits(env: Env): DatabaseLimits {
  return {
    poolSize: integer(env, 'DATABASE_POOL_SIZE', 10, 1, 1000),
    poolWaitMs: integer(env, 'DATABASE_POOL_WAIT_MS', 2000, 1, 600_000),
    statementTimeoutMs: integer(env, 'DATABASE_STATEMENT_TIMEOUT_MS', 3000, 1, 600_000),
  };
}

// No client holds a connection, or its memory, longer than it needs: slow headers, a body
// trickling in byte by byte, and idle kept-alive connections all have an end.
function timeouts(env: Env): Config['timeouts'] {
  const receiveMs = integer(env, 'RECEIVE_TIMEOUT_MS', 10_000, 100, 3_600_000);
  const headersMs = integer(env, 'HEADERS_TIMEOUT_MS', Math.min(5_000, receiveMs), 100, receiveMs);
  return {
    answerMs: integer(env, 'REQUEST_TIMEOUT_MS', 10_000, 100, 3_600_000),
    headersMs,
    receiveMs,
    keepAliveMs: integer(env, 'KEEP_ALIVE_TIMEOUT_MS', 5_000, 100, 3_600_000),
  };
}

function abuseLimits(env: Env): AbuseLimitSettings {
  return {
    requestsPerClient: integer(env, 'RATE_LIMIT_MAX', 300, 0, 1_000_000),
    requestWindowSeconds: integer(env, 'RATE_LIMIT_WINDOW_SECONDS', 60, 1, DAY),
    // Enough for a client test suite or an office behind one NAT address; a flood is refused.
    registrationsPerIp: integer(env, 'REGISTRATION_RATE_LIMIT_MAX', 60, 0, 1_000_000),
    // A few guesses per account, then a short lock-out; more per address, which people share.
    loginFailuresPerAccount: integer(env, 'LOGIN_FAILURES_PER_ACCOUNT', 5, 0, 1_000_000),
    loginFailuresPerIp: integer(env, 'LOGIN_FAILURES_PER_IP', 30, 0, 1_000_000),
    loginFailureWindowSeconds: integer(env, 'LOGIN_FAILURE_WINDOW_SECONDS', 300, 1, DAY),
    redisPrefix: env.RATE_LIMIT_REDIS_PREFIX || 'conduit:rate-limit:',
  };
}

const DAY = 24 * 60 * 60;
const YEAR = 365 * DAY;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}; got "${raw}".`);
  }
  return value;
}

// RATE_LIMIT_REDIS_URL named the rate limiter's Redis before it became the service's; it is
// read for one more release when REDIS_URL is unset.
function redisSetting(env: Env, deprecations: string[]): string | undefined {
  const name = env.REDIS_URL?.trim() ? 'REDIS_URL' : 'RATE_LIMIT_REDIS_URL';
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  if (!/^rediss?:\/\/[^/]/.test(raw)) {
    // The value is not echoed: it may hold a password.
    throw new ConfigError(`${name} must be a redis:// or rediss:// URL.`);
  }
  if (name === 'RATE_LIMIT_REDIS_URL') {
    deprecations.push(
      'RATE_LIMIT_REDIS_URL is deprecated and will stop being read: set REDIS_URL.',
    );
  } else if (env.RATE_LIMIT_REDIS_URL?.trim()) {
    deprecations.push('RATE_LIMIT_REDIS_URL is ignored when REDIS_URL is set: remove it.');
  }
  return raw;
}

function responseCache(env: Env, redis: string | undefined): ResponseCacheSettings {
  const stores = ['off', 'memory', 'redis'] as const;
  const raw = env.RESPONSE_CACHE || (redis ? 'redis' : 'memory');
  const store = stores.find((name) => name === raw);
  if (!store) throw new ConfigError(`RESPONSE_CACHE must be off, memory or redis; got "${raw}".`);
  if (store === 'redis' && !redis) {
    throw new ConfigError('RESPONSE_CACHE=redis needs REDIS_URL.');
  }
  return {
    store,
    ttlSeconds: integer(env, 'RESPONSE_CACHE_TTL_SECONDS', 300, 1, DAY),
    maxBytes: integer(env, 'RESPONSE_CACHE_MAX_MB', 64, 1, 65_536) * 1024 * 1024,
    timeoutMs: integer(env, 'RESPONSE_CACHE_TIMEOUT_MS', 100, 1, 10_000),
    redisPrefix: env.RESPONSE_CACHE_REDIS_PREFIX || 'conduit:cache:',
  };
}

/** Comma-separated exact origins (`https://app.example.com`); a wildcard would defeat the list. */
function origins(raw: string | undefined): string[] {
  const list = (raw ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  for (const origin of list) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    const exact = parsed && /^https?:$/.test(parsed.protocol) && parsed.origin === origin;
    if (!exact || origin.includes('*')) {
      throw new ConfigError(
        `CORS_ORIGINS must list exact origins such as https://app.example.com (scheme, host, ` +
          `optional port; no path, no trailing slash, no wildcard); got "${origin}".`,
      );
    }
  }
  return list;
}

/**
 * Empty: the client IP is the socket's peer (no proxy, or X-Forwarded-For is not believed). A
 * number: that many proxies in front append to X-Forwarded-For. Otherwise the addresses or
 * CIDR ranges of the proxies whose X-Forwarded-For entries are believed.
 */
function trustProxy(raw: string | undefined): false | number | string[] {
  const value = raw?.trim() ?? '';
  if (value === '' || value === '0') return false;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > 10) throw new ConfigError(`TRUST_PROXY must be from 0 to 10 hops; got "${raw}".`);
    return hops;
  }
  const addresses = value.split(',').map((entry) => entry.trim());
  for (const entry of addresses) {
    const [address = '', bits, extra] = entry.split('/');
    const version = isIP(address);
    const maxBits = version === 6 ? 128 : 32;
    const badBits = bits !== undefined && !(/^\d+$/.test(bits) && Number(bits) <= maxBits);
    if (version === 0 || badBits || extra !== undefined) {
      throw new ConfigError(
        `TRUST_PROXY must be a hop count or comma-separated proxy addresses or CIDR ranges; got "${entry}".`,
      );
    }
  }
  return addresses;
}
