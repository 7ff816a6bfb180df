// Turns a typed handler result `{ status, body?, headers? }` into the HTTP reply, with the media
// type the spec documents for that status.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, type ProblemResponse } from './problems.js';
import { type CachingPolicy, entityTag, mergedVary, noneMatchHits } from './http-caching.js';
import type { HandlerResult, ResponseMediaTypes } from './types.js';

/** A handler's result as it goes on the wire: the body serialised, its media type decided. */
export interface Answer {
  status: number;
  headers?: HandlerResult['headers'];
  contentType?: string;
  payload?: string;
  etag?: string;
}

export function answerOf(
  request: FastifyRequest,
  result: HandlerResult,
  responses: ResponseMediaTypes,
): Answer {
  const answer: Answer = { status: result.status };
  if (result.headers) answer.headers = result.headers;
  if (!('body' in result) || result.body === undefined) return answer;
  const documented = responses[result.status] ?? responses.default ?? [];
  const contentType = result.contentType ?? documented[0] ?? 'application/json';
  const body =
    contentType === PROBLEM_CONTENT_TYPE ? withInstance(result.body, request) : result.body;
  // Serialised as-is: the wire shows exactly what the handler produced, and the contract
  // tests, not a lenient serializer, keep it to the spec. Text media types go out verbatim.
  const json = /[/+]json$/i.test(contentType.split(';')[0]!.trim());
  answer.contentType = contentType;
  answer.payload = json || typeof body !== 'string' ? JSON.stringify(body) : String(body);
  return answer;
}

/**
 * Sends an answer with the caching headers its operation declares; a read whose
 * If-None-Match names the answer's ETag gets 304 and no body instead.
 */
export async function sendAnswer(
  request: FastifyRequest,
  reply: FastifyReply,
  answer: Answer,
  caching?: CachingPolicy,
): Promise<void> {
  // Answered already: the request's deadline passed first (request-deadline.ts).
  if (reply.sent) return;
  if (answer.headers) {
    for (const [name, value] of Object.entries(answer.headers)) {
      if (value !== undefined) reply.header(name, value);
    }
  }
  if (caching) {
    const authenticated = (request as { principal?: unknown }).principal !== undefined;
    for (const [name, value] of Object.entries(caching.headersFor(answer.status, authenticated))) {
      reply.header(name, name === 'vary' ? mergedVary(reply.getHeader('vary'), value) : value);
    }
    const etag = caching.tags(answer.status)
      ? (answer.etag ??= answer.payload === undefined ? undefined : entityTag(answer.payload))
      : undefined;
    if (etag !== undefined) reply.header('etag', etag);
    const read = request.method === 'GET' || request.method === 'HEAD';
    if (read && answer.status === 200 && etag !== undefined) {
      if (noneMatchHits(headerValue(request.headers['if-none-match']), etag)) {
        await reply.code(304).send();
        return;
      }
    }
  }
  reply.code(answer.status);
  if (answer.payload === undefined) {
    await reply.send();
    return;
  }
  await reply.type(answer.contentType ?? 'application/json').send(answer.payload);
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

export async function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  problem: ProblemResponse,
): Promise<void> {
  if (reply.sent) return;
  if (problem.headers) reply.headers(problem.headers);
  await reply
    .code(problem.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify(withInstance(problem.body, request)));
}

function withInstance(body: unknown, request: FastifyRequest): unknown {
  if (typeof body !== 'object' || body === null) return body;
  return { ...body, instance: (body as { instance?: string }).instance ?? pathOf(request) };
}

/**
 * The request path as a URI reference (`instance` is `format: uri-reference`): the HTTP parser
 * lets through characters a URI cannot hold raw (`|`, `\`, `{`, `"`, a `%` not followed by two
 * hex digits...), and those are percent-encoded. A well-formed path is returned unchanged.
 */
export function pathOf(request: FastifyRequest): string {
  const query = request.url.indexOf('?');
  const path = query === -1 ? request.url : request.url.slice(0, query);
  return path.replace(/%(?![0-9A-Fa-f]{2})|[^\w\-.~!$&'()*+,;=:@/%]/g, (char) =>
    [...Buffer.from(char, 'utf8')]
      .map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)
      .join(''),
  );
}
