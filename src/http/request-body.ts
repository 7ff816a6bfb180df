// How request bodies are read: JSON only, an empty JSON body counts as no body (clients send
// `Content-Type: application/json` on bodiless POSTs), and a media type the operation does not
// declare is refused before anything parses it.
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

/**
 * Refuses a body whose media type is not among the operation's declared request media types.
 * Operations that take no body tolerate (and ignore) a JSON one, as Conduit clients send `{}`.
 */
export function mediaTypeGate(declared: readonly string[]): preParsingHookHandler {
  const accepted = declared.length > 0 ? declared : ['application/json'];
  return async (request, reply) => {
    if (!hasBody(request.headers)) return;
    const mediaType = mediaTypeOf(request.headers['content-type']);
    if (mediaType !== undefined && accepted.includes(mediaType)) return;
    await sendProblem(
      request,
      reply,
      problem(
        'unsupportedMediaType',
        `Content-Type ${mediaType ?? '(none)'} is not supported here; send ${accepted.join(' or ')}.`,
      ),
    );
  };
}
