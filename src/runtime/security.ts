// Authentication and authorization declared by the spec and enforced before anything else
// reads the request: each route gets a hook built from its operation's `security` list, so an
// unauthenticated request answers 401 (and a caller without the scope it needs 403) even when
// its body is also invalid. What a scheme checks is the API's (an Authenticator per scheme);
// how requirements combine is OpenAPI's: alternatives (OR) of requirements whose schemes must
// all pass (AND), `{}` making authentication optional.
import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import type { ProblemResponse } from './problems.js';
import { sendProblem } from './replies.js';
import type { SecurityRequirement } from './types.js';

export type Failure = 'is missing' | 'is invalid' | 'has expired';
export type Outcome<P> = { principal: P } | { failure: Failure };

/** Checks one security scheme of the spec; returns who the request is from, or why not. */
export type Authenticator<P> = (request: FastifyRequest) => Promise<Outcome<P>>;

export type { SecurityRequirement };

export interface SecurityPolicy<P> {
  authenticators: Readonly<Record<string, Authenticator<P>>>;
  /** Whether the principal holds one of a requirement's scopes. */
  grants(principal: P, scopes: readonly string[]): boolean;
  /** The 401 for credentials missing or bad. */
  unauthorized(failure: Failure): ProblemResponse;
  /** The 403 for valid credentials without any of the scopes needed. */
  forbidden(scopes: readonly string[]): ProblemResponse;
}

type Checked<P> = Outcome<P> | { lacksScopes: readonly string[] };

/** The hook for one operation's security list; undefined when it has none. */
export function securityHook<P>(
  requirements: readonly SecurityRequirement[],
  policy: SecurityPolicy<P>,
): onRequestHookHandler | undefined {
  if (requirements.length === 0) return undefined;
  for (const requirement of requirements) {
    for (const scheme of Object.keys(requirement)) {
      if (!policy.authenticators[scheme]) {
        throw new Error(`No authenticator for security scheme "${scheme}"`);
      }
    }
  }
  const optional = requirements.some((requirement) => Object.keys(requirement).length === 0);
  const alternatives = requirements.filter((requirement) => Object.keys(requirement).length > 0);

  return async (request: FastifyRequest, reply: FastifyReply) => {
    let failure: Failure | undefined;
    let lacksScopes: readonly string[] | undefined;
    for (const requirement of alternatives) {
      const outcome = await satisfy(requirement, policy, request);
      if ('principal' in outcome) {
        (request as { principal?: unknown }).principal = outcome.principal;
        return;
      }
      if ('lacksScopes' in outcome) lacksScopes = [...(lacksScopes ?? []), ...outcome.lacksScopes];
      else failure = mostSpecific(failure, outcome.failure);
    }
    // Valid credentials without the scope: who the caller is is known, what they may do is not
    // this (403, not 401, so clients do not retry with the same credentials).
    if (lacksScopes)
      return sendProblem(request, reply, policy.forbidden([...new Set(lacksScopes)]));
    if (optional && (failure === undefined || failure === 'is missing')) return;
    await sendProblem(request, reply, policy.unauthorized(failure ?? 'is missing'));
  };
}

// When every alternative fails, the answer must not depend on their order in the spec: a
// credential that was sent but is bad says more than one that is absent.
const SPECIFICITY: Record<Failure, number> = { 'is missing': 0, 'is invalid': 1, 'has expired': 2 };

function mostSpecific(current: Failure | undefined, next: Failure): Failure {
  return current === undefined || SPECIFICITY[next] > SPECIFICITY[current] ? next : current;
}

async function satisfy<P>(
  requirement: SecurityRequirement,
  policy: SecurityPolicy<P>,
  request: FastifyRequest,
): Promise<Checked<P>> {
  let principal: P | undefined;
  for (const [scheme, scopes] of Object.entries(requirement)) {
    const outcome = await policy.authenticators[scheme]!(request);
    if (!('principal' in outcome)) return outcome;
    // No scopes admit every principal; otherwise it must hold one of them.
    if (scopes.length > 0 && !policy.grants(outcome.principal, scopes)) {
      return { lacksScopes: scopes };
    }
    principal ??= outcome.principal;
  }
  return principal ? { principal } : { failure: 'is missing' };
}
