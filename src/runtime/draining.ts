// Shutting down without a reset connection: the server stops accepting connections, requests
// already in flight finish (Fastify's close waits for them), and a request that still arrives on
// a kept-alive connection gets a 503 problem with `Connection: close`, so the client (or its load
// balancer) retries elsewhere. Every answer given while closing closes its connection; idle
// kept-alive connections end with their keep-alive timeout.
import { Server } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { serviceUnavailable } from './problems.js';
import { sendProblem } from './replies.js';

/**
 * Add before any other onRequest hook; needs `return503OnClosing: false` on the instance.
 * `alwaysServed` are route patterns answered as usual until the end (liveness, the metrics
 * scrape: the process is alive until it exits; readiness should answer 503, so that a load
 * balancer stops sending traffic).
 */
export function drainOnClose(app: FastifyInstance, alwaysServed: readonly string[] = []): void {
  const served = new Set(alwaysServed);
  let closing = false;
  // Node's http.Server#close() also destroys idle kept-alive connections at once, and a request
  // a client sent on one at that moment is reset: what a load balancer reports as a 502. Closing
  // only the listening socket leaves them to end by their keep-alive timeout, or to carry one
  // more request, answered below.
  app.server.close = function close(callback) {
    return Server.prototype.close.call(this, callback) as typeof this;
  };
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async (request, reply) => {
    if (!closing || served.has(request.routeOptions.url ?? '')) return;
    await sendProblem(
      request,
      reply,
      serviceUnavailable('The server is shutting down; retry the request.'),
    );
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });
}
