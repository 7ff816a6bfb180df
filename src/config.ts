// Configuration comes from the environment only and is checked once, at start, with messages
// that name the variable to fix.

export interface Config {
  host: string;
  port: number;
  databaseUrl: string;
  jwtSecret: string;
  jwtTtlSeconds: number;
  logLevel: string;
  bodyLimitBytes: number;
  production: boolean;
}

export const DEFAULT_DATABASE_URL = 'pglite:.data/conduit';

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
  if (env.DATABASE_URL && env.MONGODB_URL) {
    throw new ConfigError('Set DATABASE_URL or MONGODB_URL, not both.');
  }
  return {
    host: env.HOST ?? '127.0.0.1',
    port: integer(env, 'PORT', 3000, 0, 65535),
    databaseUrl: env.DATABASE_URL || env.MONGODB_URL || DEFAULT_DATABASE_URL,
    jwtSecret,
    jwtTtlSeconds: integer(env, 'JWT_TTL_SECONDS', 24 * 60 * 60, 1, 365 * 24 * 60 * 60),
    logLevel,
    bodyLimitBytes: integer(env, 'BODY_LIMIT_BYTES', 1024 * 1024, 1, 100 * 1024 * 1024),
    production,
  };
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}; got "${raw}".`);
  }
  return value;
}
