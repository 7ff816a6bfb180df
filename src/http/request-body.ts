// How request bodies are read: JSON only, an empty JSON body counts as no body, a media type
// the operation does not declare is refused before anything parses it, and operations that
// take no body ignore one.
import type { FastifyInstance, preParsingHookHandler } from 'fastify';
import { problem } from './problems.js';
import { sendProblem } from './replies.js';

export function configureBodyParsing(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body.toString();
    if (text === '') {
      done(null, undefined);
      return;
    }
    parseJson(request, text, done);
  });
}

/** The media type without parameters, lower-cased: `application/json; charset=utf-8` -> `application/json`. */
export function mediaTypeOf(header: string | undefined): string | undefined {
  const essence = header?.split(';')[0]?.trim().toLowerCase();
  return essence === '' ? undefined : essence;
}

function hasBody(headers: Record<string, string | string[] | undefined>): boolean {
  const length = headers['content-length'];
  if (length !== undefined) return Number(length) > 0;
  return headers['transfer-encoding'] !== undefined;
}

/** Refuses a body whose media type is not among the operation's declared request media types. */
export function mediaTypeGate(declared: readonly string[]): preParsingHookHandler {
  return async (request, reply) => {
    if (!hasBody(request.headers)) return;
    const mediaType = mediaTypeOf(request.headers['content-type']);
    if (mediaType !== undefined && declared.includes(mediaType)) return;
    await sendProblem(
      request,
      reply,
      problem(
        'unsupportedMediaType',
        `Content-Type ${mediaType ?? '(none)'} is not supported here; send ${declared.join(' or ')}.`,
      ),
    );
  };
}

/**
 * For operations that take no body: whatever was sent (Conduit clients send `{}` or an empty
 * JSON body on POST .../favorite) is drained unread, so no body can make such a request fail.
 */
export const discardBody: preParsingHookHandler = async (request, _reply, payload) => {
  if (!hasBody(request.headers)) return;
  payload.resume();
  delete request.headers['content-type'];
  delete request.headers['transfer-encoding'];
  request.headers['content-length'] = '0';
};
