// Load shedding: past a bound, a new request is answered 503 with Retry-After at once, so that
// a burst degrades into quick refusals instead of every client waiting on a saturated process.
// Bounds: requests in flight (checked on each request), the event loop's mean delay and the
// heap in use (sampled five times a second, from the moment the app is ready: start-up blocks
// the loop for longer than any bound, and must not count). Routes listed as never shed (the
// probes, the metrics scrape) keep answering: the platform must still see the process alive
// and measure it.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import v8 from 'node:v8';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { burstLog } from './bursts.js';
import type { Metrics } from './metrics.js';
import { serviceUnavailable } from './problems.js';
import { sendProblem } from './replies.js';

export interface SheddingSettings {
  /** Requests being served at once; 0: no bound. */
  maxInFlight: number;
  /** Mean event-loop delay, in ms, past which new requests are refused; 0: no bound. */
  maxEventLoopDelayMs: number;
  /** Heap in use, in bytes, past which new requests are refused; 0: no bound. */
  maxHeapUsedBytes: number;
}

export function registerLoadShedding(
  app: FastifyInstance,
  settings: SheddingSettings,
  metrics: Metrics,
  neverShed: readonly string[] = [],
): void {
  const exempted = new Set(neverShed);
  const log = burstLog(() => app.log, 'warn');
  const shed = async (request: FastifyRequest, reply: FastifyReply, reason: string) => {
    metrics.shed(reason);
    log.note(reason, { reason }, 'shedding load');
    await sendProblem(request, reply, serviceUnavailable('The server is overloaded; retry later.'));
  };
  const exempt = (request: FastifyRequest) => exempted.has(request.routeOptions.url ?? '');

  if (settings.maxInFlight > 0) {
    let inFlight = 0;
    const counted = new WeakSet<FastifyRequest>();
    app.addHook('onRequest', async (request, reply) => {
      if (exempt(request)) return;
      if (inFlight >= settings.maxInFlight) return shed(request, reply, 'in-flight');
      inFlight += 1;
      counted.add(request);
    });
    const done = async (request: FastifyRequest) => {
      if (counted.delete(request)) inFlight -= 1;
    };
    app.addHook('onResponse', done);
    app.addHook('onRequestAbort', done);
  }

  if (settings.maxEventLoopDelayMs > 0 || settings.maxHeapUsedBytes > 0) {
    let pressure: string | undefined;
    const delay = monitorEventLoopDelay({ resolution: 10 });
    let sampler: NodeJS.Timeout | undefined;
    app.addHook('onReady', async () => {
      delay.enable();
      sampler = setInterval(() => {
        const delayMs = delay.mean / 1e6;
        delay.reset();
        const heap = v8.getHeapStatistics().used_heap_size;
        pressure =
          settings.maxEventLoopDelayMs > 0 && delayMs > settings.maxEventLoopDelayMs
            ? 'event-loop-delay'
            : settings.maxHeapUsedBytes > 0 && heap > settings.maxHeapUsedBytes
              ? 'heap'
              : undefined;
      }, SAMPLE_MS);
      sampler.unref();
    });
    app.addHook('onClose', async () => {
      clearInterval(sampler);
      delay.disable();
    });
    app.addHook('onRequest', async (request, reply) => {
      if (pressure !== undefined && !exempt(request)) return shed(request, reply, pressure);
    });
  }
}

const SAMPLE_MS = 200;
