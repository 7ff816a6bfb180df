// Turns a typed handler result `{ status, body?, headers? }` into the HTTP reply, with the media
// type the spec documents for that status.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, type ProblemResponse } from './problems.js';
import type { HandlerResult, ResponseMediaTypes } from './types.js';

export async function sendResult(
  request: FastifyRequest,
  reply: FastifyReply,
  result: HandlerResult,
  responses: ResponseMediaTypes,
): Promise<void> {
  // Answered already: the request's deadline passed first (request-deadline.ts).
  if (reply.sent) return;
  if (result.headers) {
    for (const [name, value] of Object.entries(result.headers)) {
      if (value !== undefined) reply.header(name, value);
    }
  }
  reply.code(result.status);
  if (!('body' in result) || result.body === undefined) {
    await reply.send();
    return;
  }
  const documented = responses[result.status] ?? responses.default ?? [];
  const contentType = result.contentType ?? documented[0] ?? 'application/json';
  const body =
    contentType === PROBLEM_CONTENT_TYPE ? withInstance(result.body, request) : result.body;
  // Serialised as-is: the wire shows exactly what the handler produced, and the contract
  // tests, not a lenient serializer, keep it to the spec. Text media types go out verbatim.
  const json = /[/+]json$/i.test(contentType.split(';')[0]!.trim());
  await reply
    .type(contentType)
    .send(json || typeof body !== 'string' ? JSON.stringify(body) : body);
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
