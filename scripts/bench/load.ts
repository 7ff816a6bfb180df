// One route under load with autocannon: a warm-up whose numbers are dropped, then the
// measured run, reduced to the figures the report shows.
import autocannon from 'autocannon';

export interface RouteSpec {
  /** How the report names it, e.g. "GET /api/articles/{slug}". */
  name: string;
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  /** A fresh body for each request (e.g. unique titles). */
  body?: () => string;
}

export interface LoadSettings {
  durationSeconds: number;
  warmupSeconds: number;
  connections: number;
}

export interface RouteResult {
  route: string;
  path: string;
  /** Mean of the per-second request counts. */
  requestsPerSecond: number;
  latencyMs: { mean: number; p50: number; p90: number; p99: number; max: number };
  /** Responses received in the measured run. */
  requests: number;
  /** Connection errors and timeouts. */
  errors: number;
  timeouts: number;
  non2xx: number;
  /** Responses per status code, e.g. { "200": 41234 }. */
  statusCodes: Record<string, number>;
  /** Mean bytes per second received. */
  throughputBytesPerSecond: number;
  durationSeconds: number;
}

function run(baseUrl: string, route: RouteSpec, seconds: number, connections: number) {
  const { body } = route;
  return autocannon({
    url: baseUrl,
    connections,
    duration: seconds,
    pipelining: 1,
    timeout: 10,
    requests: [
      {
        method: route.method,
        path: route.path,
        headers: {
          accept: 'application/json',
          ...(body && { 'content-type': 'application/json' }),
          ...route.headers,
        },
        ...(body && { setupRequest: (request) => ({ ...request, body: body() }) }),
      },
    ],
  });
}

const statusCounts = (result: autocannon.Result): Record<string, number> =>
  Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([code, stat]) => [code, stat.count ?? 0]),
  );

export async function measureRoute(
  baseUrl: string,
  route: RouteSpec,
  settings: LoadSettings,
): Promise<RouteResult> {
  if (settings.warmupSeconds > 0) {
    const warmup = await run(baseUrl, route, settings.warmupSeconds, settings.connections);
    if (warmup['2xx'] === 0) {
      throw new Error(
        `${route.name}: no successful response during warm-up ` +
          `(statuses ${JSON.stringify(statusCounts(warmup))}, ${warmup.errors} errors)`,
      );
    }
  }
  const result = await run(baseUrl, route, settings.durationSeconds, settings.connections);
  const round = (value: number, digits = 2) => Number(value.toFixed(digits));
  return {
    route: route.name,
    path: route.path,
    requestsPerSecond: round(result.requests.mean, 1),
    latencyMs: {
      mean: round(result.latency.mean),
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
    },
    requests: result.requests.total,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statusCodes: statusCounts(result),
    throughputBytesPerSecond: Math.round(result.throughput.mean),
    durationSeconds: result.duration,
  };
}
