// Shutting down: requests already in flight finish (Fastify's close waits for them); a request
// that still arrives, on a kept-alive connection, gets a 503 problem, so the client retries on
// another instance (Fastify's own `return503OnClosing` answer is not a problem). Every answer
// then closes its connection: server.close() waits for all connections, and a kept-alive one
// would hold it until the client dropped it (up to the 72 s keep-alive timeout).
import type { FastifyInstance } from 'fastify';
import { problem } from './problems.js';
import { sendProblem } from './replies.js';

/** Add before any other onRequest hook; needs `return503OnClosing: false` on the instance. */
export function drainOnClose(app: FastifyInstance): void {
  let closing = false;
  let sweeper: NodeJS.Timeout | undefined;
  app.addHook('preClose', async () => {
    closing = true;
    // An answer that was already being written when closing began still keeps its connection
    // alive: close such connections once idle, however late they become so.
    sweeper = setInterval(() => app.server.closeIdleConnections(), 100).unref();
  });
  app.addHook('onClose', async () => clearInterval(sweeper));
  app.addHook('onRequest', async (request, reply) => {
    if (!closing) return;
    await sendProblem(
      request,
      reply,
      problem('serviceUnavailable', 'The server is shutting down; retry the request.'),
    );
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });
}
