// Wires every operation of the spec to its typed handler through fastify-openapi-glue, adding
// what the glue layer leaves out: authentication before parsing, a media-type gate, and body
// validation that cannot be skipped.
import type { FastifyInstance, RouteOptions } from 'fastify';
import openapiGlue from 'fastify-openapi-glue';
import { cachingPolicy } from './http-caching.js';
import { answerOf, sendAnswer } from './replies.js';
import type { CachedAnswer } from './cache-store.js';
import type { ResponseCache } from './response-cache.js';
import { discardBody, mediaTypeGate } from './request-body.js';
import { securityHook, type SecurityPolicy } from './security.js';
import type { HandlerResult, OperationInfo, TypedRequest } from './types.js';

type TypedHandler = (request: TypedRequest) => Promise<HandlerResult>;

export interface RouteOptionsForSpec<P> {
  /** The bundled spec (generated/openapi.json). */
  specification: object;
  /** The generated operation table. */
  operations: Readonly<Record<string, OperationInfo>>;
  /** An implementation of the generated Handlers interface. */
  handlers: object;
  security: SecurityPolicy<P>;
  /** Keeps answers of reads with `x-cache-scopes`; every read is a database read without it. */
  cache?: ResponseCache | undefined;
}

export async function registerSpecRoutes<P>(
  app: FastifyInstance,
  options: RouteOptionsForSpec<P>,
): Promise<void> {
  const { operations, security, cache } = options;
  const handlers = options.handlers as Record<string, TypedHandler | undefined>;

  app.addHook('onRoute', (route) => unwrapBodySchema(route, operations));

  await app.register(openapiGlue, {
    specification: withoutResponseContent(options.specification),
    // The glue layer's typings ask for full RouteOptions, but it fills in method, url and schema
    // itself and only reads handler and hooks from what the resolver returns.
    operationResolver: (operationId: string) => {
      const info = operations[operationId];
      const implementation = handlers[operationId];
      if (!info || !implementation) {
        throw new Error(`No handler implements operation "${operationId}"`);
      }
      const onRequest = securityHook(info.security, security);
      const caching = cachingPolicy(info, options.specification);
      return {
        ...(onRequest ? { onRequest } : {}),
        preParsing:
          info.requestContentTypes.length > 0
            ? mediaTypeGate(info.requestContentTypes)
            : discardBody,
        handler: async (request, reply) => {
          const found = await cache?.find(info, request);
          if (found && 'answer' in found) {
            await sendAnswer(request, reply, { status: 200, ...found.answer }, caching);
            return reply;
          }
          const pending = found?.pending;
          const shared = pending && (await cache?.joinFlight(pending));
          if (shared) {
            await sendAnswer(request, reply, { status: 200, ...shared }, caching);
            return reply;
          }
          // A flight that failed or answered otherwise leaves its waiters to read for themselves.
          const land = pending && cache?.startFlight(pending);
          let kept: CachedAnswer | undefined;
          try {
            let result: HandlerResult;
            try {
              result = await implementation.call(handlers, {
                params: request.params,
                query: request.query,
                headers: request.headers,
                body: request.body,
                requestId: request.id,
                clientIp: request.ip,
                principal: (request as { principal?: unknown }).principal,
              });
            } catch (error) {
              // Answered already, when the request's deadline passed: this failure came too
              // late to change the answer, and the deadline's answer said what happened.
              if (reply.sent) return reply;
              throw error;
            }
            const answer = answerOf(request, result, info.responses);
            if (cache && answer.status >= 200 && answer.status < 300) {
              await cache.invalidate(info, request);
            }
            await sendAnswer(request, reply, answer, caching);
            // A 200 as it went out (its ETag set by sendAnswer), unless it carries headers of
            // its own that a kept copy would lose.
            if (pending && answer.status === 200 && answer.etag && !answer.headers) {
              const { etag, contentType = 'application/json', payload = '' } = answer;
              kept = { etag, contentType, payload };
              cache?.keep(pending, kept);
            }
            return reply;
          } finally {
            land?.(kept);
          }
        },
      } satisfies Partial<RouteOptions> as RouteOptions;
    },
  });
}

/**
 * The spec as the glue layer needs it: requests only. Replies are sent as handlers build them
 * (the contract tests, not a serializer, hold them to the spec), so response schemas would be
 * compiled for nothing; and the glue layer takes every media type it meets, responses' too, for
 * one it must parse, warning at each start that no parser handles `application/problem+json`.
 */
function withoutResponseContent(specification: object): object {
  const { paths = {}, ...rest } = specification as { paths?: Record<string, object> };
  const stripped = Object.entries(paths).map(([path, item]) => [
    path,
    Object.fromEntries(
      Object.entries(item).map(([key, value]) =>
        isOperation(key, value)
          ? [key, { ...value, responses: bareResponses(value.responses) }]
          : [key, value],
      ),
    ),
  ]);
  return { ...rest, paths: Object.fromEntries(stripped) };
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

function isOperation(key: string, value: unknown): value is { responses?: object } {
  return METHODS.has(key) && typeof value === 'object' && value !== null;
}

function bareResponses(responses: object = {}): Record<string, { description: string }> {
  return Object.fromEntries(Object.keys(responses).map((status) => [status, { description: '' }]));
}

/**
 * The glue layer keys body schemas by media type, and Fastify then skips validation for a
 * request whose media type has no entry (or that has no body at all). Every accepted media
 * type is JSON here, so one schema validates every body; an optional body may be absent.
 */
function unwrapBodySchema(
  route: RouteOptions,
  operations: Readonly<Record<string, OperationInfo>>,
): void {
  const schema = route.schema as
    { operationId?: string; body?: { content?: Record<string, { schema?: object }> } } | undefined;
  const content = schema?.body?.content;
  if (!schema || !content) return;
  const schemas = Object.values(content).map((media) => media.schema ?? {});
  const body = schemas.length === 1 ? schemas[0]! : { anyOf: schemas };
  const required = operations[schema.operationId ?? '']?.bodyRequired ?? true;
  schema.body = required ? body : { anyOf: [{ type: 'null' }, body] };
}
