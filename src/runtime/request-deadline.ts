// A deadline on every answer: a request the service has not answered within `timeoutMs` (its
// database hung, a dependency slow) gets a 503 problem then, whatever its handler is still
// waiting for, so no client waits without bound. Late results of such handlers are dropped
// (replies.ts sends nothing on a reply already sent).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { serviceUnavailable } from './problems.js';
import { sendProblem } from './replies.js';

const timers = new WeakMap<FastifyRequest, NodeJS.Timeout>();

export function answerWithin(app: FastifyInstance, timeoutMs: number): void {
  app.addHook('onRequest', async (request, reply) => {
    const timer = setTimeout(() => {
      if (reply.sent || request.raw.destroyed) return;
      void sendProblem(
        request,
        reply,
        serviceUnavailable(`The request was not answered within ${timeoutMs} ms; retry later.`),
      );
    }, timeoutMs);
    timer.unref();
    timers.set(request, timer);
  });
  const clear = async (request: FastifyRequest) => clearTimeout(timers.get(request));
  app.addHook('onResponse', clear);
  app.addHook('onRequestAbort', clear);
}
