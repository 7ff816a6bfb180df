// Conduit's catalog of problem types (RFC 9457): the runtime's own (src/runtime/problems.ts)
// and the service's, for authentication, ownership, uniqueness and abuse limits. Every error the
// service sends is built from it, so a problem's type, title and status always agree, and
// tests/unit/problem-catalog.test.ts holds it equal to the spec's Problem.type and the README.
import {
  frameworkProblems,
  problemOf,
  securityProblems,
  type FieldErrors,
  type ProblemType,
} from '../../runtime/problems.js';

export {
  PROBLEM_CONTENT_TYPE,
  RETRY_AFTER_SECONDS,
  serviceUnavailable,
  validationFailed,
  type FieldErrors,
  type Problem,
  type ProblemResponse,
} from '../../runtime/problems.js';

export const problemTypes = {
  ...frameworkProblems,
  ...securityProblems,
  invalidCredentials: {
    type: '/problems/invalid-credentials',
    title: 'Invalid credentials',
    status: 401,
  },
  invalidRefreshToken: {
    type: '/problems/invalid-refresh-token',
    title: 'Invalid refresh token',
    status: 401,
  },
  tooManyRequests: {
    type: '/problems/too-many-requests',
    title: 'Too many requests',
    status: 429,
  },
} as const satisfies Record<string, ProblemType>;

export type ProblemKind = keyof typeof problemTypes;

export const problem = <K extends ProblemKind>(kind: K, detail: string, errors?: FieldErrors) =>
  problemOf(problemTypes[kind], detail, errors);

export const conflict = (fields: readonly string[]) =>
  problem(
    'conflict',
    `Already taken: ${fields.join(', ')}.`,
    Object.fromEntries(fields.map((field) => [field, ['has already been taken']])),
  );

export const notFound = (resource: string) =>
  problem('notFound', `No ${resource} matches the request.`, { [resource]: ['not found'] });

export const forbidden = (resource: string) =>
  problem('forbidden', `Only the ${resource}'s owner may do this.`, { [resource]: ['forbidden'] });

/** The caller is authenticated but lacks every role the operation's security lists. */
export const roleRequired = (roles: readonly string[]) =>
  problem('forbidden', `This operation needs the ${roles.join(' or ')} role.`);

export const invalidRefreshToken = () =>
  problem(
    'invalidRefreshToken',
    'The refresh token is unknown, expired, used or revoked; log in again.',
    { refreshToken: ['is invalid'] },
  );

/** A rate limit is used up; `Retry-After` says in whole seconds when the window resets. */
export const tooManyRequests = (
  retryAfterSeconds: number,
  what = 'Too many requests from this client',
) => ({
  ...problem('tooManyRequests', `${what}; retry in ${retryAfterSeconds} seconds.`),
  headers: { 'Retry-After': retryAfterSeconds },
});

/** The account is locked out, or the address spent its failed-login budget. */
export const tooManyFailedLogins = (retryAfterSeconds: number) =>
  tooManyRequests(
    retryAfterSeconds,
    'Too many failed logins for this account or from this address',
  );

// The key and message current Conduit clients and test suites expect.
export const invalidCredentials = () =>
  problem('invalidCredentials', 'The email or password is wrong.', {
    credentials: ['invalid'],
  });

/** The challenge every 401 for a missing or bad token carries (RFC 9110 section 11.6.1). */
export const TOKEN_CHALLENGE = 'Token realm="conduit"';

export const unauthorized = (reason: 'is missing' | 'is invalid' | 'has expired') => ({
  ...problem(
    'unauthorized',
    `The token ${reason}. Send a valid token as "Authorization: Token <jwt>".`,
    { token: [reason] },
  ),
  headers: { 'WWW-Authenticate': TOKEN_CHALLENGE },
});

export const changed = (resource: string) =>
  problem(
    'preconditionFailed',
    `The ${resource} changed since it was read; read it again and retry with its ETag.`,
  );
