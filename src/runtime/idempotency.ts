// Retries without duplicates (IETF httpapi "The Idempotency-Key HTTP Header Field"): on every
// operation whose spec declares the `Idempotency-Key` request header, the first request with a
// key claims it and its answer is kept; a retry with the same key and the same request gets
// that answer again, with the work done once. The same key for a different request is a 422, a
// retry while the first is still being worked on a 409. Answers of 500 and more are not kept:
// a retry after them does the work. Keys belong to the caller (the user, or anonymous) and the
// operation, and are kept for `ttlSeconds`.
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { IdempotencyStore } from './idempotency-store.js';
import { problem, validationFailed } from './problems.js';
import { sendProblem } from './replies.js';

export const IDEMPOTENCY_HEADER = 'idempotency-key';

export interface IdempotencySettings {
  ttlSeconds: number;
  /** How long a claim holds while its request is being worked on (after which it is free). */
  leaseMs: number;
  /** The headers the runtime adds to an answer (http-caching.ts), for a replayed one too. */
  answerHeaders?: (
    operationId: string,
    request: FastifyRequest,
    status: number,
    payload: string,
  ) => Record<string, string>;
}

const claimed = new WeakMap<FastifyRequest, { scope: string; key: string }>();

/** Whose keys: the operation's, for this caller (a user's id, or anyone's when anonymous). */
export const scopeOf = (operationId: string | undefined, userId: number | undefined) =>
  `${operationId}:${userId ?? 'anonymous'}`;

/** What makes two requests the same one: method, URL and the parsed body. */
export const fingerprintOf = (method: string, url: string, body: unknown) =>
  createHash('sha256')
    .update(JSON.stringify([method, url, body ?? null]))
    .digest('base64url');

/** Register before the routes: it finds the operations that declare the header as they come. */
export function registerIdempotency(
  app: FastifyInstance,
  store: () => IdempotencyStore,
  settings: IdempotencySettings,
): void {
  const claim = async (request: FastifyRequest, reply: FastifyReply) => {
    const key = request.headers[IDEMPOTENCY_HEADER];
    if (typeof key !== 'string') return;
    const operation = (request.routeOptions.schema as { operationId?: string }).operationId;
    const principal = request.principal as { userId?: number } | undefined;
    const scope = scopeOf(operation, principal?.userId);
    const fingerprint = fingerprintOf(request.method, request.url, request.body);
    const now = Date.now();
    const outcome = await store().claim({
      scope,
      key,
      fingerprint,
      leaseUntil: new Date(now + settings.leaseMs),
      expiresAt: new Date(now + settings.ttlSeconds * 1000),
    });
    switch (outcome.state) {
      case 'claimed':
        claimed.set(request, { scope, key });
        return;
      case 'answered':
        if (settings.answerHeaders && operation) {
          const { status, body } = outcome.answer;
          reply.headers(settings.answerHeaders(operation, request, status, body));
        }
        await reply
          .code(outcome.answer.status)
          .type(outcome.answer.contentType)
          .send(outcome.answer.body);
        return;
      case 'in-progress':
        await sendProblem(
          request,
          reply,
          problem(
            'conflict',
            'A request with this Idempotency-Key is still being worked on; retry later.',
            { 'Idempotency-Key': ['is in use by a request in progress'] },
          ),
        );
        return;
      case 'mismatch':
        await sendProblem(
          request,
          reply,
          validationFailed({ 'Idempotency-Key': ['was used for a different request'] }),
        );
    }
  };

  const keep = async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const held = claimed.get(request);
    if (held === undefined) return payload;
    claimed.delete(request);
    try {
      if (reply.statusCode >= 500) await store().release(held.scope, held.key);
      else {
        await store().complete(held.scope, held.key, {
          status: reply.statusCode,
          contentType: String(reply.getHeader('content-type') ?? ''),
          body: typeof payload === 'string' ? payload : '',
        });
      }
    } catch (error) {
      // The work is done and its answer goes out; only a retry's replay is lost, and the claim
      // ends with its lease.
      request.log.warn({ err: error }, 'idempotency key not stored');
    }
    return payload;
  };

  app.addHook('onRoute', (route: RouteOptions) => {
    const headers = (route.schema as { headers?: { properties?: object } } | undefined)?.headers;
    const declared = Object.keys(headers?.properties ?? {}).some(
      (name) => name.toLowerCase() === IDEMPOTENCY_HEADER,
    );
    if (!declared) return;
    route.preHandler = [...asArray(route.preHandler), claim];
    route.onSend = [...asArray(route.onSend), keep];
  });
}

function asArray<T>(hooks: T | T[] | undefined): T[] {
  return hooks === undefined ? [] : Array.isArray(hooks) ? hooks : [hooks];
}
