// Framework-level failures as problems: validation, unparseable or oversized bodies, unknown
// routes, wrong methods and unexpected exceptions. Nothing internal reaches the client.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorObject } from 'ajv';
import { genericProblem, problem, validationFailed, type ProblemResponse } from './problems.js';
import { sendProblem } from './replies.js';
import { toFieldErrors } from './validation.js';

export interface RouteShape {
  method: string;
  path: string;
}

export function configureErrors(app: FastifyInstance, routes: readonly RouteShape[]): void {
  const allowedMethods = methodLookup(routes);

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const known = problemFor(error);
    if (known) return sendProblem(request, reply, known);
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(
      request,
      reply,
      problem(
        'internalError',
        `The server could not complete the request. Quote request id ${request.id} when reporting it.`,
      ),
    );
  });

  app.setNotFoundHandler(async (request: FastifyRequest, reply: FastifyReply) => {
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
  });
}

function problemFor(error: FastifyError): ProblemResponse | undefined {
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
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return error.statusCode === 415
        ? problem(
            'unsupportedMediaType',
            'This Content-Type is not supported; send application/json.',
          )
        : genericProblem(400, error.message);
  }
  // Prototype-poisoned JSON and other client errors the framework detects.
  if (error instanceof SyntaxError || (error.statusCode === 400 && error.code === undefined)) {
    return problem('malformedRequest', 'The request body is not valid JSON.');
  }
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    return genericProblem(error.statusCode, error.message);
  }
  return undefined;
}

/** For a path no route matched with this method: the methods that do serve it. */
function methodLookup(routes: readonly RouteShape[]): (path: string) => string[] {
  const patterns = routes.map((route) => ({
    method: route.method.toUpperCase(),
    regex: new RegExp(
      '^' + route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+') + '/?$',
    ),
  }));
  return (path) => {
    const methods = new Set(patterns.filter((p) => p.regex.test(path)).map((p) => p.method));
    if (methods.has('GET')) methods.add('HEAD');
    return [...methods].sort();
  };
}
