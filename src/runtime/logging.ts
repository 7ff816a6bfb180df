// Structured JSON logs (pino through Fastify), one line per event, each request's lines tagged
// with its id (`reqId`). Nothing secret may reach them: requests are logged as method, URL and
// peer only, never headers or bodies (passwords, access and refresh tokens travel there).
import type { FastifyInstance, FastifyRequest, FastifyServerOptions } from 'fastify';

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

/**
 * One access line per answered request (Fastify's own request logging, two lines each, is off):
 * method, URL, route, status and time, tagged with the request id. With `sampleEvery` N above 1
 * one request in N is logged, so a busy instance's log stays affordable; failures are logged on
 * their own (per burst) whatever the sampling.
 */
export function logAccess(app: FastifyInstance, sampleEvery: number): void {
  let seen = 0;
  // At debug level, arrivals too: what is in flight when something hangs.
  app.addHook('onRequest', async (request) => {
    request.log.debug({ req: request }, 'incoming request');
  });
  app.addHook('onResponse', async (request, reply) => {
    seen = (seen + 1) % sampleEvery;
    if (seen !== 0) return;
    request.log.info(
      {
        req: request,
        route: request.routeOptions.url,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request',
    );
  });
}
