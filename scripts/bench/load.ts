// One route under load with autocannon: a warm-up whose figures are dropped, then the measured
// run, reduced to what the report shows. A route whose requests vary (the writes) continues its
// request sequence from run to run, so no warm-up or round repeats an earlier write.
import autocannon from 'autocannon';
import { wireRequest, type RouteSpec } from './routes.js';

export interface LoadSettings {
  durationSeconds: number;
  warmupSeconds: number;
  connections: number;
}

/** The next request number of a route on one server. */
export interface Sequence {
  next: number;
}

export interface RunFigures {
  /** Mean of the per-second request counts. */
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Responses received. */
  requests: number;
  /** Connection errors, timeouts included. */
  errors: number;
  non2xx: number;
  /** Responses per status code, e.g. { "200": 41234 }. */
  statusCodes: Record<string, number>;
}

/** Closed-loop load: `connections` clients, one request in flight each, for `seconds`. */
export function loadFor(
  baseUrl: string,
  seconds: number,
  connections: number,
  requests: autocannon.Request[],
) {
  return autocannon({
    url: baseUrl,
    connections,
    duration: seconds,
    pipelining: 1,
    timeout: 10,
    requests,
  });
}

function run(
  baseUrl: string,
  route: RouteSpec,
  seconds: number,
  connections: number,
  sequence: Sequence,
) {
  return loadFor(baseUrl, seconds, connections, [
    route.method === 'POST'
      ? { method: route.method, setupRequest: () => wireRequest(route, sequence.next++) }
      : wireRequest(route, 0),
  ]);
}

/** Request `k` of the route, sent once. */
export function sendOnce(baseUrl: string, route: RouteSpec, k: number, timeoutMs: number) {
  const { method, path, headers, body } = wireRequest(route, k);
  return fetch(`${baseUrl}${path}`, {
    method,
    headers,
    ...(body !== undefined && { body }),
    signal: AbortSignal.timeout(timeoutMs),
  });
}

/**
 * Waits for what a run left in flight: requests whose connections autocannon closed are still
 * being served (queued for a database connection, say). One more request queues behind them,
 * so once it is answered the server is idle again, and the next run does not pay for this one.
 * Resolves with that answer's status (0 when there was none).
 */
async function settle(baseUrl: string, route: RouteSpec, sequence: Sequence): Promise<number> {
  const status = await sendOnce(baseUrl, route, sequence.next++, 120_000)
    .then(async (response) => {
      await response.arrayBuffer();
      return response.status;
    })
    .catch(() => 0);
  await new Promise((resolve) => setTimeout(resolve, 250));
  return status;
}

const statusCounts = (result: autocannon.Result): Record<string, number> =>
  Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([code, stat]) => [code, stat.count ?? 0]),
  );

/** The warm-up and the measured run of one route on one server, each followed by settle(). */
export async function measureRun(
  baseUrl: string,
  route: RouteSpec,
  settings: LoadSettings,
  sequence: Sequence,
): Promise<RunFigures> {
  const { connections } = settings;
  if (settings.warmupSeconds > 0) {
    const warmup = await run(baseUrl, route, settings.warmupSeconds, connections, sequence);
    const status = await settle(baseUrl, route, sequence);
    // A route slower than the warm-up may answer nothing in it; one that only fails is broken.
    if (warmup['2xx'] === 0 && (status < 200 || status > 299)) {
      throw new Error(
        `${route.name} on ${baseUrl}: no successful response during the warm-up ` +
          `(statuses ${JSON.stringify(statusCounts(warmup))}, ${warmup.errors} errors, ` +
          `then ${status || 'no answer'})`,
      );
    }
  }
  const result = await run(baseUrl, route, settings.durationSeconds, connections, sequence);
  await settle(baseUrl, route, sequence);
  return {
    requestsPerSecond: Number(result.requests.mean.toFixed(1)),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors,
    non2xx: result.non2xx,
    statusCodes: statusCounts(result),
  };
}
