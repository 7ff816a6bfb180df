// The runtime's problem vocabulary (RFC 9457): the problems it answers itself, for any API it
// serves (malformed or unroutable requests, invalid fields, timeouts, overload, failures), and
// the builder an API's own catalog uses for its problems, so that every problem's type, title
// and status agree. An API served by this runtime documents these types in its spec's Problem
// schema as well as its own.

export type FieldErrors = Record<string, string[]>;

/** An RFC 9457 problem document, with the `errors` member for field errors. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: FieldErrors;
}

export interface ProblemType {
  readonly type: string;
  readonly title: string;
  readonly status: number;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export const frameworkProblems = {
  malformedRequest: {
    type: '/problems/malformed-request',
    title: 'Malformed request',
    status: 400,
  },
  notFound: { type: '/problems/not-found', title: 'Not found', status: 404 },
  methodNotAllowed: {
    type: '/problems/method-not-allowed',
    title: 'Method not allowed',
    status: 405,
  },
  requestTimeout: { type: '/problems/request-timeout', title: 'Request timeout', status: 408 },
  conflict: { type: '/problems/conflict', title: 'Conflict', status: 409 },
  preconditionFailed: {
    type: '/problems/precondition-failed',
    title: 'Precondition failed',
    status: 412,
  },
  payloadTooLarge: { type: '/problems/payload-too-large', title: 'Payload too large', status: 413 },
  unsupportedMediaType: {
    type: '/problems/unsupported-media-type',
    title: 'Unsupported media type',
    status: 415,
  },
  validationFailed: {
    type: '/problems/validation-failed',
    title: 'Validation failed',
    status: 422,
  },
  headersTooLarge: {
    type: '/problems/request-header-fields-too-large',
    title: 'Request header fields too large',
    status: 431,
  },
  internalError: { type: '/problems/internal-error', title: 'Internal server error', status: 500 },
  // Only for operations `make scaffold` stubbed and nobody implemented yet (never documented).
  notImplemented: { type: '/problems/not-implemented', title: 'Not implemented', status: 501 },
  serviceUnavailable: {
    type: '/problems/service-unavailable',
    title: 'Service unavailable',
    status: 503,
  },
} as const satisfies Record<string, ProblemType>;

/** What the security hooks answer (security.ts): an API with security schemes documents them. */
export const securityProblems = {
  unauthorized: { type: '/problems/unauthorized', title: 'Unauthorized', status: 401 },
  forbidden: { type: '/problems/forbidden', title: 'Forbidden', status: 403 },
} as const satisfies Record<string, ProblemType>;

/** A problem response in the shape typed handlers return: `{ status, body }`. */
export interface ProblemResponse<S extends number = number> {
  status: S;
  body: Problem;
  headers?: Record<string, string | number>;
}

/** The problem of `entry` for this occurrence. */
export function problemOf<E extends ProblemType>(
  entry: E,
  detail: string,
  errors?: FieldErrors,
): ProblemResponse<E['status']> {
  const body: Problem = { type: entry.type, title: entry.title, status: entry.status, detail };
  if (errors) body.errors = errors;
  return { status: entry.status, body };
}

type Framework = typeof frameworkProblems;

export const problem = <K extends keyof Framework>(kind: K, detail: string, errors?: FieldErrors) =>
  problemOf(frameworkProblems[kind], detail, errors);

export const validationFailed = (errors: FieldErrors) =>
  problem(
    'validationFailed',
    `The request has invalid fields: ${Object.keys(errors).join(', ')}.`,
    errors,
  );

/** Seconds a client is told to wait after a 503: an outage, an overload or a restart. */
export const RETRY_AFTER_SECONDS = 5;

/** The service cannot do the work now (a dependency, load, shutdown); `Retry-After` says when. */
export const serviceUnavailable = (detail: string) => ({
  ...problem('serviceUnavailable', detail),
  headers: { 'Retry-After': RETRY_AFTER_SECONDS },
});
