// Request budgets, checked before anything else reads the request: every request spends its
// client's budget (its user when it sends a valid token, else its IP), and a registration also
// spends its IP's registration budget. Failed logins have budgets of their own, spent where
// the outcome is known (src/conduit/services/login-guard.ts).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AbuseLimits } from '../limits/abuse-limits.js';
import { addressKey } from '../limits/client-address.js';
import { tooManyRequests } from './problem-catalog.js';
import { sendProblem } from '../../runtime/replies.js';
import { presentedToken, type TokenService } from './tokens.js';

// Probes and scrapes come from the platform, many per window, and must never be refused.
const EXEMPT_ROUTES = new Set(['/health', '/ready', '/metrics']);
const REGISTRATION = 'CreateUser';

export function registerRateLimits(
  app: FastifyInstance,
  limits: Pick<AbuseLimits, 'requests' | 'registrations'>,
  tokens: Pick<TokenService, 'verify'>,
): void {
  const { requests, registrations } = limits;
  if (!requests.enabled && !registrations.enabled) return;
  // An app-level onRequest hook runs before every route's own hooks (authentication, body
  // parsing), and for unknown paths too, so a refused request costs almost nothing and a
  // flood of bad tokens or unknown paths is counted.
  app.addHook('onRequest', async (request, reply) => {
    if (EXEMPT_ROUTES.has(request.routeOptions.url ?? '')) return;
    const user = userOf(request, tokens);
    const address = addressKey(request.ip);
    let spent = await requests.spend(user === undefined ? `ip:${address}` : `user:${user}`);
    if (spent.allowed && operationIdOf(request) === REGISTRATION) {
      spent = await registrations.spend(address);
    }
    if (!spent.allowed) {
      await sendProblem(request, reply, tooManyRequests(spent.retryAfterSeconds));
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
