// Structured JSON logs (pino through Fastify), one line per event, each request's lines tagged
// with its id (`reqId`). Nothing secret may reach them: requests are logged as method, URL and
// peer only, never headers or bodies (passwords, access and refresh tokens travel there).
import type { FastifyRequest, FastifyServerOptions } from 'fastify';

export interface LogStream {
  write(line: string): void;
}

export function loggerOptions(level: string, stream?: LogStream): FastifyServerOptions['logger'] {
  return {
    level,
    serializers: {
      // Fastify's default request serializer, written out so that a library upgrade cannot
      // start logging headers or a body.
      req: (request: FastifyRequest) => ({
        method: request.method,
        url: request.url,
        remoteAddress: request.ip,
      }),
    },
    // Defence in depth for anything a handler might log one day: these keys are masked at
    // any of the first levels of a log object.
    redact: {
      paths: SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
      censor: '[redacted]',
    },
    ...(stream ? { stream } : {}),
  };
}

const SECRET_KEYS = ['authorization', 'cookie', 'password', 'token', 'refreshToken', 'jwtSecret'];
