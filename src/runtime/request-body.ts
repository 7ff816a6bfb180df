// How request bodies are read: JSON only, in UTF-8 only, an empty JSON body counts as no body, a
// media type the operation does not declare is refused before anything parses it, and
// operations that take no body ignore one. Text arrives exactly or not at all: bytes that are
// not UTF-8, and escapes of lone surrogates (`"\ud800"`), are refused with 400 rather than stored
// as U+FFFD, which would change what the client sent.
import type { FastifyInstance, preParsingHookHandler } from 'fastify';
import { problem } from './problems.js';
import { sendProblem } from './replies.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export class MalformedTextError extends Error {
  override name = 'MalformedTextError';
}

export function configureBodyParsing(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    let text: string;
    try {
      text = strictUtf8.decode(body as Buffer);
    } catch {
      done(new MalformedTextError('The request body is not valid UTF-8.'));
      return;
    }
    if (text === '') {
      done(null, undefined);
      return;
    }
    parseJson(request, text, (error, value) => {
      if (error) done(error);
      else if (!wellFormed(value)) {
        done(new MalformedTextError('The request body holds a lone surrogate (not Unicode text).'));
      } else done(null, value);
    });
  });
}

/** Every string in the parsed JSON, keys included, is well-formed UTF-16 (no lone surrogate). */
function wellFormed(value: unknown): boolean {
  if (typeof value === 'string') return value.isWellFormed();
  if (Array.isArray(value)) return value.every(wellFormed);
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).every(([key, item]) => key.isWellFormed() && wellFormed(item));
  }
  return true;
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

/** The charset parameter of a Content-Type, lower-cased; undefined when there is none. */
function charsetOf(header: string | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(header ?? '');
  return match?.[1]?.toLowerCase();
}

/**
 * Refuses a body whose media type is not among the operation's declared request media types,
 * or that says it is in another charset than UTF-8 (JSON's only one, RFC 8259): decoding it as
 * UTF-8 would store other characters than the client meant.
 */
export function mediaTypeGate(declared: readonly string[]): preParsingHookHandler {
  return async (request, reply) => {
    if (!hasBody(request.headers)) return;
    const header = request.headers['content-type'];
    const mediaType = mediaTypeOf(header);
    const charset = charsetOf(header);
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
      await sendProblem(
        request,
        reply,
        problem(
          'unsupportedMediaType',
          `The charset ${charset} is not supported here; send the body in UTF-8.`,
        ),
      );
      return;
    }
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
