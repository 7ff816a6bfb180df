import { describe, expect, it } from '@jest/globals';
import { ConfigError, DEFAULT_DATABASE_URL, loadConfig } from '../../src/conduit/config.js';

describe('loadConfig', () => {
  it('starts a fresh clone with defaults', () => {
    expect(loadConfig({})).toMatchObject({
      host: '127.0.0.1',
      port: 3000,
      databaseUrl: DEFAULT_DATABASE_URL,
      jwtTtlSeconds: 900,
      refreshTokenTtlSeconds: 30 * 86400,
      logLevel: 'info',
      production: false,
      abuseLimits: {
        requestsPerClient: 300,
        requestWindowSeconds: 60,
        registrationsPerIp: 60,
        loginFailuresPerAccount: 5,
        loginFailuresPerIp: 30,
        loginFailureWindowSeconds: 300,
        redisPrefix: 'conduit:rate-limit:',
      },
      redisUrl: undefined,
      responseCache: {
        store: 'memory',
        ttlSeconds: 300,
        maxBytes: 64 * 1024 * 1024,
        timeoutMs: 100,
        redisPrefix: 'conduit:cache:',
      },
      deprecations: [],
      corsOrigins: [],
      trustProxy: false,
      shutdownTimeoutSeconds: 15,
      databaseLimits: { poolSize: 10, poolWaitMs: 2000, statementTimeoutMs: 3000 },
      timeouts: { answerMs: 10_000, headersMs: 5_000, receiveMs: 10_000, keepAliveMs: 5_000 },
      shedding: {
        maxInFlight: 1000,
        maxEventLoopDelayMs: 500,
        maxHeapUsedBytes: 1024 * 1024 * 1024,
      },
      accessLogSampleEvery: 1,
    });
  });

  it('refuses to start in production without a strong JWT secret', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'short' })).toThrow(/32/);
    const secret = 's'.repeat(32);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: secret }).jwtSecret).toBe(secret);
  });

  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT must be an integer/);
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT/);
    expect(() => loadConfig({ JWT_TTL_SECONDS: '0' })).toThrow(/JWT_TTL_SECONDS/);
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL must be one of/);
  });

  it('bounds token lifetimes', () => {
    expect(loadConfig({ REFRESH_TOKEN_TTL_SECONDS: '3600' }).refreshTokenTtlSeconds).toBe(3600);
    expect(() => loadConfig({ REFRESH_TOKEN_TTL_SECONDS: '59' })).toThrow(
      /REFRESH_TOKEN_TTL_SECONDS must be an integer from 60 to 31536000/,
    );
    expect(() => loadConfig({ REFRESH_TOKEN_TTL_SECONDS: String(366 * 86400) })).toThrow(
      /REFRESH_TOKEN_TTL_SECONDS/,
    );
  });
});

describe('rate limit settings', () => {
  it('reads limits, with 0 turning one off', () => {
    const config = loadConfig({
      RATE_LIMIT_MAX: '0',
      RATE_LIMIT_WINDOW_SECONDS: '30',
      REGISTRATION_RATE_LIMIT_MAX: '7',
      LOGIN_FAILURES_PER_ACCOUNT: '3',
      LOGIN_FAILURES_PER_IP: '0',
      LOGIN_FAILURE_WINDOW_SECONDS: '900',
      REDIS_URL: 'redis://:secret@127.0.0.1:63790/0',
      RATE_LIMIT_REDIS_PREFIX: 'staging:',
    });
    expect(config.redisUrl).toBe('redis://:secret@127.0.0.1:63790/0');
    expect(config.abuseLimits).toEqual({
      requestsPerClient: 0,
      requestWindowSeconds: 30,
      registrationsPerIp: 7,
      loginFailuresPerAccount: 3,
      loginFailuresPerIp: 0,
      loginFailureWindowSeconds: 900,
      redisPrefix: 'staging:',
    });
  });

  it('still reads RATE_LIMIT_REDIS_URL when REDIS_URL is unset, saying it is deprecated', () => {
    const old = loadConfig({ RATE_LIMIT_REDIS_URL: 'redis://127.0.0.1:63790' });
    expect(old.redisUrl).toBe('redis://127.0.0.1:63790');
    expect(old.deprecations).toEqual([expect.stringMatching(/RATE_LIMIT_REDIS_URL is deprecated/)]);
    const both = loadConfig({
      REDIS_URL: 'redis://127.0.0.1:1',
      RATE_LIMIT_REDIS_URL: 'redis://127.0.0.1:2',
    });
    expect(both.redisUrl).toBe('redis://127.0.0.1:1');
    expect(both.deprecations).toEqual([expect.stringMatching(/RATE_LIMIT_REDIS_URL is ignored/)]);
  });

  it('keeps the response cache in Redis when there is one, else in memory, or not at all', () => {
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:1' }).responseCache.store).toBe('redis');
    expect(loadConfig({}).responseCache.store).toBe('memory');
    expect(loadConfig({ RESPONSE_CACHE: 'off' }).responseCache.store).toBe('off');
    expect(() => loadConfig({ RESPONSE_CACHE: 'redis' })).toThrow(/RESPONSE_CACHE=redis needs/);
    expect(() => loadConfig({ RESPONSE_CACHE: 'disk' })).toThrow(/off, memory or redis/);
  });

  it('refuses the retired AUTH_RATE_LIMIT_MAX, naming what replaced it', () => {
    expect(() => loadConfig({ AUTH_RATE_LIMIT_MAX: '10' })).toThrow(
      /AUTH_RATE_LIMIT_MAX is no longer read: use REGISTRATION_RATE_LIMIT_MAX .* LOGIN_FAILURES_PER_ACCOUNT/,
    );
  });

  it('refuses what is not a count or a Redis URL, without echoing the URL', () => {
    expect(() => loadConfig({ RATE_LIMIT_MAX: '-1' })).toThrow(/RATE_LIMIT_MAX must be an integer/);
    expect(() => loadConfig({ RATE_LIMIT_MAX: '1.5' })).toThrow(/RATE_LIMIT_MAX/);
    expect(() => loadConfig({ LOGIN_FAILURES_PER_IP: 'ten' })).toThrow(/LOGIN_FAILURES_PER_IP/);
    expect(() => loadConfig({ LOGIN_FAILURE_WINDOW_SECONDS: '0' })).toThrow(
      /LOGIN_FAILURE_WINDOW_SECONDS must be an integer from 1/,
    );
    expect(() => loadConfig({ RATE_LIMIT_WINDOW_SECONDS: '0' })).toThrow(
      /RATE_LIMIT_WINDOW_SECONDS must be an integer from 1/,
    );
    for (const name of ['REDIS_URL', 'RATE_LIMIT_REDIS_URL']) {
      const bad = () => loadConfig({ [name]: 'http://user:hunter2@cache:6379' });
      expect(bad).toThrow(new RegExp(`^${name} must be a redis:// or rediss:// URL`));
      expect(bad).not.toThrow(/hunter2/);
    }
  });
});

describe('CORS_ORIGINS', () => {
  it('is an explicit list of exact origins, empty by default', () => {
    expect(
      loadConfig({ CORS_ORIGINS: ' https://app.example.com, http://localhost:5173 ,' }).corsOrigins,
    ).toEqual(['https://app.example.com', 'http://localhost:5173']);
  });

  it('refuses wildcards, paths and anything but an origin', () => {
    for (const origin of [
      '*',
      'https://app.example.com/',
      'https://app.example.com/path',
      'app.example.com',
      'ftp://files.example.com',
      'https://*.example.com',
    ]) {
      expect(() => loadConfig({ CORS_ORIGINS: origin })).toThrow(/CORS_ORIGINS must list exact/);
    }
  });
});

describe('TRUST_PROXY and SHUTDOWN_TIMEOUT_SECONDS', () => {
  it('trusts no proxy by default, else a hop count or the listed proxies', () => {
    expect(loadConfig({ TRUST_PROXY: '' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '0' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1, ::1' }).trustProxy).toEqual([
      '10.0.0.0/8',
      '127.0.0.1',
      '::1',
    ]);
    for (const value of ['true', '11', '10.0.0.0/33', 'proxy.internal', '10.0.0.1/8/2']) {
      expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(/TRUST_PROXY/);
    }
  });

  it('bounds the shutdown wait', () => {
    expect(loadConfig({ SHUTDOWN_TIMEOUT_SECONDS: '30' }).shutdownTimeoutSeconds).toBe(30);
    expect(() => loadConfig({ SHUTDOWN_TIMEOUT_SECONDS: '0' })).toThrow(/SHUTDOWN_TIMEOUT_SECONDS/);
  });
});
