// The one catalog of problem types (RFC 9457). Every error the service sends is built here, so
// a problem's type, title and status always agree with each other and with the spec.
import type { components } from '../../generated/types.js';

export type Problem = components['schemas']['Problem'];
export type FieldErrors = Record<string, string[]>;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export const problemTypes = {
  malformedRequest: {
    type: '/problems/malformed-request',
    title: 'Malformed request',
    status: 400,
  },
  unauthorized: { type: '/problems/unauthorized', title: 'Unauthorized', status: 401 },
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
  forbidden: { type: '/problems/forbidden', title: 'Forbidden', status: 403 },
  notFound: { type: '/problems/not-found', title: 'Not found', status: 404 },
  methodNotAllowed: {
    type: '/problems/method-not-allowed',
    title: 'Method not allowed',
    status: 405,
  },
  requestTimeout: { type: '/problems/request-timeout', title: 'Request timeout', status: 408 },
  conflict: { type: '/problems/conflict', title: 'Conflict', status: 409 },
  payloadTooLarge: { type: '/problems/payload-too-large', title: 'Payload too large', status: 413 },
  unsupportedMediaType: {
    type: '/problems/unsupported-media-type',
    title: 'Unsupported media type',
    status: 415,
  },
  headersTooLarge: {
    type: '/problems/request-header-fields-too-large',
    title: 'Request header fields too large',
    status: 431,
  },
  validationFailed: {
    type: '/problems/validation-failed',
    title: 'Validation failed',
    status: 422,
  },
  tooManyRequests: {
    type: '/problems/too-many-requests',
    title: 'Too many requests',
    status: 429,
  },
  internalError: { type: '/problems/internal-error', title: 'Internal server error', status: 500 },
  serviceUnavailable: {
    type: '/problems/service-unavailable',
    title: 'Service unavailable',
    status: 503,
  },
  // Only for operations `make scaffold` stubbed and nobody implemented yet (never documented).
  notImplemented: { type: '/problems/not-implemented', title: 'Not implemented', status: 501 },
} as const;

export type ProblemKind = keyof typeof problemTypes;
type StatusOf<K extends ProblemKind> = (typeof problemTypes)[K]['status'];

/** A problem response in the shape typed handlers return: `{ status, body }`. */
export interface ProblemResponse<S extends number = number> {
  status: S;
  body: Problem;
  headers?: Record<string, string | number>;
}

export function problem<K extends ProblemKind>(
  kind: K,
  detail: string,
  errors?: FieldErrors,
): ProblemResponse<StatusOf<K>> {
  const { type, title, status } = problemTypes[kind];
  const body: Problem = { type, title, status, detail };
  if (errors) body.errors = errors;
  return { status, body };
}

export const validationFailed = (errors: FieldErrors) =>
  problem(
    'validationFailed',
    `The request has invalid fields: ${Object.keys(errors).join(', ')}.`,
    errors,
  );

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

/** Seconds a client is told to wait after a 503: an outage, an overload or a restart. */
export const RETRY_AFTER_SECONDS = 5;

/** The service cannot do the work now (its database, load, shutdown); `Retry-After` says when to retry. */
export const serviceUnavailable = (detail: string) => ({
  ...problem('serviceUnavailable', detail),
  headers: { 'Retry-After': RETRY_AFTER_SECONDS },
});

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
