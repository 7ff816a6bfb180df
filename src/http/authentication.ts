// Authentication and authorization declared by the spec and enforced before anything else
// reads the request: each route gets a hook built from its operation's `security` list, so an
// unauthenticated request answers 401 (and a user without the role it needs 403) even when
// its body is also invalid. The scopes of a requirement are role names.
import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import type { Role } from '../models/users.js';
import { presentedToken, type TokenService } from './tokens.js';
import { roleRequired, unauthorized } from './problems.js';
import { sendProblem } from './replies.js';

export interface Principal {
  userId: number;
  /** The user's role, as read for this request (at most ROLE_CACHE_SECONDS old). */
  role: Role;
  /** The token the request was authenticated with, echoed by operations that return it. */
  token: string;
}

type Failure = 'is missing' | 'is invalid' | 'has expired';
type Outcome = { principal: Principal } | { failure: Failure } | { lacksRole: readonly string[] };

/** Checks one security scheme of the spec; returns what it found in the request. */
export type Authenticator = (request: FastifyRequest) => Promise<Outcome>;

export type SecurityRequirement = Readonly<Record<string, readonly string[]>>;

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | undefined;
  }
}

/** The `Token` scheme: `Authorization: Token <jwt>` or `Bearer <jwt>`. */
export function tokenAuthenticator(
  tokens: TokenService,
  findRole: (id: number) => Promise<Role | undefined>,
): Authenticator {
  return async (request) => {
    const presented = presentedToken(request, tokens);
    if ('failure' in presented) return presented;
    const { token, verified } = presented;
    if ('failure' in verified) return verified;
    // A valid signature for a deleted account must not act as that account.
    const role = await findRole(verified.userId);
    if (role === undefined) return { failure: 'is invalid' };
    return { principal: { userId: verified.userId, role, token } };
  };
}

/**
 * Builds the hook for one operation. `requirements` is the spec's security list: alternatives
 * (OR) of requirements whose schemes must all pass (AND); an empty requirement `{}` makes
 * authentication optional, but credentials that are sent must still be valid.
 */
export function securityHook(
  requirements: readonly SecurityRequirement[],
  authenticators: Readonly<Record<string, Authenticator>>,
): onRequestHookHandler | undefined {
  if (requirements.length === 0) return undefined;
  for (const requirement of requirements) {
    for (const scheme of Object.keys(requirement)) {
      if (!authenticators[scheme])
        throw new Error(`No authenticator for security scheme "${scheme}"`);
    }
  }
  const optional = requirements.some((requirement) => Object.keys(requirement).length === 0);
  const alternatives = requirements.filter((requirement) => Object.keys(requirement).length > 0);

  return async (request: FastifyRequest, reply: FastifyReply) => {
    let failure: Failure | undefined;
    let lacksRole: readonly string[] | undefined;
    for (const requirement of alternatives) {
      const outcome = await satisfy(requirement, authenticators, request);
      if ('principal' in outcome) {
        request.principal = outcome.principal;
        return;
      }
      if ('lacksRole' in outcome) lacksRole = [...(lacksRole ?? []), ...outcome.lacksRole];
      else failure = mostSpecific(failure, outcome.failure);
    }
    // Valid credentials without the role: who the caller is is known, what they may do is not
    // this (403, not 401, so clients do not retry with the same token).
    if (lacksRole) return sendProblem(request, reply, roleRequired([...new Set(lacksRole)]));
    if (optional && (failure === undefined || failure === 'is missing')) return;
    await sendProblem(request, reply, unauthorized(failure ?? 'is missing'));
  };
}

// When every alternative fails, the answer must not depend on their order in the spec: a
// credential that was sent but is bad says more than one that is absent.
const SPECIFICITY: Record<Failure, number> = { 'is missing': 0, 'is invalid': 1, 'has expired': 2 };

function mostSpecific(current: Failure | undefined, next: Failure): Failure {
  return current === undefined || SPECIFICITY[next] > SPECIFICITY[current] ? next : current;
}

async function satisfy(
  requirement: SecurityRequirement,
  authenticators: Readonly<Record<string, Authenticator>>,
  request: FastifyRequest,
): Promise<Outcome> {
  let principal: Principal | undefined;
  for (const [scheme, roles] of Object.entries(requirement)) {
    const outcome = await authenticators[scheme]!(request);
    if (!('principal' in outcome)) return outcome;
    // No scopes admit every role; otherwise the user's role must be one of them.
    if (roles.length > 0 && !roles.includes(outcome.principal.role)) return { lacksRole: roles };
    principal ??= outcome.principal;
  }
  return principal ? { principal } : { failure: 'is missing' };
}
