// Framework-level failures as problems: validation, unparseable or oversized bodies, unknown
// routes, wrong methods and unexpected exceptions. Nothing internal reaches the client.
import type { Socket } from 'node:net';
import type {
  ConnectionError,
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
} from 'fastify';
import type { ErrorObject } from 'ajv';
import { burstLog } from './bursts.js';
import {
  PROBLEM_CONTENT_TYPE,
  problem,
  serviceUnavailable,
  validationFailed,
  type ProblemResponse,
} from './problems.js';
import { pathOf, sendProblem } from './replies.js';
import { MalformedTextError } from './request-body.js';
import { toFieldErrors } from './request-validation.js';

/** Thrown by the stubs `make scaffold` writes (src/conduit/handlers/pending/); answered with a 501. */
export class NotImplementedError extends Error {
  override name = 'NotImplementedError';
  readonly operationId: string;

  constructor(operationId: string) {
    super(`${operationId} is not implemented yet.`);
    this.operationId = operationId;
  }
}

export interface RouteShape {
  method: string;
  path: string;
}

export interface ErrorOptions {
  /** Whether an error means a dependency (the database) could not do the work: a 503. */
  isUnavailable(error: unknown): boolean;
}

export function configureErrors(
  app: FastifyInstance,
  routes: readonly RouteShape[],
  options: ErrorOptions,
): void {
  const allowedMethods = methodLookup(routes);
  const outages = burstLog(() => app.log, 'warn');
  const failures = burstLog(() => app.log, 'error');

  const unrouted = async (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0] ?? '/';
    const allowed = allowedMethods(path);
    if (allowed.length === 0) {
      return sendProblem(request, reply, problem('notFound', `Nothing is served at ${path}.`));
    }
    reply.header('allow', allowed.join(', '));
    return sendProblem(
      request,
      reply,
      problem(
        'methodNotAllowed',
        `${request.method} is not supported on ${path}; use ${allowed.join(', ')}.`,
      ),
    );
  };

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    // No route matched, so the request is answered 404/405 whatever its body or headers: the
    // framework still reads bodies for unmatched routes, and fails some (malformed JSON, QUERY
    // without a Content-Type) before the not-found handler runs.
    if (request.is404) return unrouted(request, reply);
    const known = problemFor(error, request);
    if (known) return sendProblem(request, reply, known);
    if (options.isUnavailable(error)) {
      // The cause's message is enough to tell an outage from another; its stack says nothing.
      const reason = error instanceof Error ? error.message.trim().split('\n').at(-1) : '';
      outages.note('database', { reason, reqId: request.id }, 'database unavailable');
      return sendProblem(
        request,
        reply,
        serviceUnavailable('The database is not available right now; retry later.'),
      );
    }
    failures.note(
      `${error.name}: ${error.message}`,
      { err: error, reqId: request.id },
      'unhandled error',
    );
    return sendProblem(
      request,
      reply,
      problem(
        'internalError',
        `The server could not complete the request. Quote request id ${request.id} when reporting it.`,
      ),
    );
  });

  app.setNotFoundHandler(unrouted);
}

/**
 * Fastify's `frameworkErrors` option: requests the router refuses before any route or hook runs,
 * a path that does not percent-decode (FST_ERR_BAD_URL) or a path parameter longer than the
 * router takes (FST_ERR_MAX_PARAM_LENGTH; no slug or username is that long). Nothing is served at
 * such a path, so they get the same 404 problem as any other unknown path.
 */
export function answerFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const answer =
    error.code === 'FST_ERR_BAD_URL' || error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? problem('notFound', `Nothing is served at ${pathOf(request)}.`)
      : problem(
          'internalError',
          `The server could not complete the request. Quote request id ${request.id} when reporting it.`,
        );
  if (answer.status === 500) request.log.error({ err: error }, 'framework error');
  void sendProblem(request, reply, answer);
}

/**
 * Fastify's `clientErrorHandler` option: a request the HTTP parser cannot read (raw non-ASCII or
 * control bytes in the request line or a header, a malformed header, headers over the size
 * limit) is answered with a problem too, written straight to the socket as no request exists.
 */
export function answerClientError(error: ConnectionError, socket: Socket): void {
  // A reset connection has no one left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const { body: answer } =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? problem('requestTimeout', 'The request did not arrive in time.')
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? problem('headersTooLarge', 'The request headers are larger than the server accepts.')
        : problem('malformedRequest', 'The request is not valid HTTP.');
  const body = JSON.stringify(answer);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${answer.status} ${answer.title}\r\n` +
        `Content-Type: ${PROBLEM_CONTENT_TYPE}; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

function problemFor(error: FastifyError, request: FastifyRequest): ProblemResponse | undefined {
  if (error instanceof NotImplementedError) {
    return problem('notImplemented', `The operation ${error.operationId} is not implemented yet.`);
  }
  if (error instanceof MalformedTextError) return problem('malformedRequest', error.message);
  if (error.validation) {
    const context = error.validationContext ?? 'body';
    return validationFailed(toFieldErrors(error.validation as ErrorObject[], context));
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return problem('malformedRequest', 'The request body is not valid JSON.');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problem('payloadTooLarge', 'The request body is larger than the server accepts.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return problem(
        'unsupportedMediaType',
        'This Content-Type is not supported; send application/json.',
      );
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return problem('malformedRequest', 'The Content-Length does not match the body.');
  }
  // Prototype-poisoned JSON and other client errors the framework detects.
  if (error instanceof SyntaxError || (error.statusCode === 400 && error.code === undefined)) {
    return problem('malformedRequest', 'The request body is not valid JSON.');
  }
  const status = error.statusCode ?? 500;
  // The docs' file server refuses paths that climb out of its folder (`..`) with 403, and
  // answers 404 for files it lacks: either way nothing is served at that path.
  if (status === 403 || status === 404) {
    return problem('notFound', `Nothing is served at ${pathOf(request)}.`);
  }
  // Any other client error the framework or a plugin raises is a request it cannot read.
  if (status >= 400 && status < 500) return problem('malformedRequest', error.message);
  return undefined;
}

/**
 * For a path no route matched with this method: the methods that do serve it. As in OpenAPI path
 * matching, a concrete path beats a templated one (`/api/articles/feed` is the feed, not an
 * article), and a trailing slash makes another path (the router does not route it either).
 */
function methodLookup(routes: readonly RouteShape[]): (path: string) => string[] {
  const patterns = routes.map((route) => ({
    method: route.method.toUpperCase(),
    parameters: route.path.match(/\{[^}]+\}/g)?.length ?? 0,
    regex: new RegExp(
      '^' + route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+') + '$',
    ),
  }));
  return (path) => {
    const matching = patterns.filter((p) => p.regex.test(path));
    const fewest = Math.min(...matching.map((p) => p.parameters));
    const methods = new Set(matching.filter((p) => p.parameters === fewest).map((p) => p.method));
    if (methods.has('GET')) methods.add('HEAD');
    return [...methods].sort();
  };
}
