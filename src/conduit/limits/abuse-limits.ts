// The service's abuse budgets over one counter store: in this process's memory, or in Redis
// when the service has one, so that every instance draws on the same budgets.
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import { Budget } from './budget.js';
import { RedisCounters } from './redis-counters.js';
import { throttled } from './throttled.js';
import { MemoryCounters, type WindowCounters } from './window-counters.js';

export interface AbuseLimitSettings {
  /** Requests per client (its user when it sends a valid token, else its IP) per window. */
  requestsPerClient: number;
  requestWindowSeconds: number;
  /** Registrations per IP, in the same window as requests. */
  registrationsPerIp: number;
  /** Failed logins per account (by email), from any IP, before the account is locked out. */
  loginFailuresPerAccount: number;
  /** Failed logins per IP, across accounts (password spraying). */
  loginFailuresPerIp: number;
  loginFailureWindowSeconds: number;
  /** Prefix of the counters' keys in the service's Redis. */
  redisPrefix: string;
}

export interface AbuseLimits {
  requests: Budget;
  registrations: Budget;
  loginFailuresPerAccount: Budget;
  loginFailuresPerIp: Budget;
}

export function openAbuseLimits(
  settings: AbuseLimitSettings,
  log: FastifyBaseLogger,
  redis?: Redis,
): AbuseLimits {
  const counters: WindowCounters = redis
    ? new RedisCounters(redis, settings.redisPrefix)
    : new MemoryCounters();
  const warn = throttled(10_000);
  const onStoreFailure = (error: unknown) => {
    if (warn()) log.warn({ err: error }, 'rate limit store failed');
  };
  const budget = (name: string, max: number, windowSeconds: number) =>
    new Budget(name, max, windowSeconds, counters, onStoreFailure);
  const { requestWindowSeconds: requestWindow, loginFailureWindowSeconds: failureWindow } =
    settings;
  return {
    requests: budget('requests', settings.requestsPerClient, requestWindow),
    registrations: budget('registrations', settings.registrationsPerIp, requestWindow),
    loginFailuresPerAccount: budget(
      'login-failures-account',
      settings.loginFailuresPerAccount,
      failureWindow,
    ),
    loginFailuresPerIp: budget('login-failures-ip', settings.loginFailuresPerIp, failureWindow),
  };
}
