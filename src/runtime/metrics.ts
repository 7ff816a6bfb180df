// Prometheus metrics (prom-client): requests and their durations per method, route pattern and
// status, plus the process's own metrics, rendered for GET /metrics.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface Metrics {
  /** The exposition format's media type (text/plain; version=0.0.4). */
  readonly contentType: string;
  render(): Promise<string>;
  /** Counts one answered request and how long it took. */
  observe(request: RequestLabels, seconds: number): void;
  /** Counts one request refused to shed load, by why (in-flight, event-loop-delay, heap). */
  shed(reason: string): void;
  /** Counts one response-cache lookup by its outcome (hit, miss, bypass, error). */
  cacheLookup(outcome: string): void;
  /** Reports what the response cache holds in this process, read at each scrape. */
  watchCache(held: () => { entries: number; bytes: number } | undefined): void;
}

export interface RequestLabels {
  method: string;
  /** The route pattern (`/api/articles/:slug`), never the URL: one series per route, not per slug. */
  route: string;
  status: number;
}

/** The route label of requests no route matched (unknown paths, wrong methods). */
export const UNMATCHED_ROUTE = 'unmatched';

const LABELS = ['method', 'route', 'status'] as const;

/** A registry per app: tests and tools build several apps in one process. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status.',
    labelNames: LABELS,
    registers: [registry],
  });
  const shed = new Counter({
    name: 'http_requests_shed_total',
    help: 'Requests answered 503 at once to shed load, by reason.',
    labelNames: ['reason'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from receiving a request to answering it, by method, route pattern and status.',
    labelNames: LABELS,
    registers: [registry],
  });
  const lookups = new Counter({
    name: 'response_cache_lookups_total',
    help: 'Response cache lookups, by outcome: hit, miss, bypass (writes not yet invalidated), error.',
    labelNames: ['outcome'],
    registers: [registry],
  });
  let held: () => { entries: number; bytes: number } | undefined = () => undefined;
  new Gauge({
    name: 'response_cache_entries',
    help: 'Answers the response cache holds in this process.',
    registers: [registry],
    collect() {
      this.set(held()?.entries ?? 0);
    },
  });
  new Gauge({
    name: 'response_cache_bytes',
    help: 'Characters of keys and answers the response cache holds in this process.',
    registers: [registry],
    collect() {
      this.set(held()?.bytes ?? 0);
    },
  });
  return {
    contentType: registry.contentType,
    async render() {
      const [own, process] = await Promise.all([registry.metrics(), processRegistry().metrics()]);
      return `${own}\n${process}`;
    },
    observe({ method, route, status }, seconds) {
      const labels = { method, route, status: String(status) };
      requests.inc(labels);
      duration.observe(labels, seconds);
    },
    shed(reason) {
      shed.inc({ reason });
    },
    cacheLookup(outcome) {
      lookups.inc({ outcome });
    },
    watchCache(source) {
      held = source;
    },
  };
}

/** Measures every request the app answers, matched or not. */
export function measureRequests(app: FastifyInstance, metrics: Metrics): void {
  app.addHook('onResponse', async (request, reply) => {
    metrics.observe(
      { method: request.method, route: routeOf(request), status: reply.statusCode },
      reply.elapsedTime / 1000,
    );
  });
}

function routeOf(request: FastifyRequest): string {
  const route = request.routeOptions.url;
  return request.is404 || route === undefined ? UNMATCHED_ROUTE : route;
}

// CPU, memory, event loop lag, GC: facts about the process, whatever app serves in it. Each
// collectDefaultMetrics call starts observers that are never stopped, so it runs once per
// process, on first use, not once per app.
let shared: Registry | undefined;

function processRegistry(): Registry {
  if (!shared) {
    shared = new Registry();
    collectDefaultMetrics({ register: shared });
  }
  return shared;
}
