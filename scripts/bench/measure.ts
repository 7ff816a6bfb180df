// One data set's routes, in order: for each, the service's answer is recorded, a floor server
// replays it, and the rounds alternate service and floor with the same load, so drift on a
// shared machine touches both alike. The report keeps every round and their median.
import { mapLimit, type ConduitApi } from './api.js';
import type { Cleanup } from './cleanup.js';
import { record, startFloor } from './floor.js';
import { measureRun, type LoadSettings, type RunFigures, type Sequence } from './load.js';
import type { RouteSpec, Scenario } from './routes.js';

export interface Summary {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Totals over the rounds. */
  requests: number;
  errors: number;
  non2xx: number;
}

export interface RouteResult {
  route: string;
  /** The first request's path, e.g. /api/articles?limit=20. */
  path: string;
  response: { status: number; contentType: string; bytes: number };
  service: { median: Summary; rounds: RunFigures[] };
  floor: { median: Summary; rounds: RunFigures[] };
  /** The service's median req/s as a percentage of the floor's. */
  percentOfFloor: number;
  /** Favorites only: rows the requests created, of the requests sent (the rest were repeats). */
  newFavorites?: { created: number; requests: number };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const value =
    sorted.length % 2 === 1
      ? (sorted[middle] ?? 0)
      : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  return Number(value.toFixed(2));
}

function summarize(rounds: RunFigures[]): Summary {
  const sum = (pick: (run: RunFigures) => number) =>
    rounds.reduce((total, run) => total + pick(run), 0);
  return {
    requestsPerSecond: median(rounds.map((run) => run.requestsPerSecond)),
    p50Ms: median(rounds.map((run) => run.p50Ms)),
    p99Ms: median(rounds.map((run) => run.p99Ms)),
    requests: sum((run) => run.requests),
    errors: sum((run) => run.errors),
    non2xx: sum((run) => run.non2xx),
  };
}

const favoritesOf = async (api: ConduitApi, slugs: string[]) =>
  (await mapLimit(slugs, 8, (slug) => api.favoritesCount(slug))).reduce((a, b) => a + b, 0);

export interface MeasureContext {
  api: ConduitApi;
  scenario: Scenario;
  settings: LoadSettings;
  rounds: number;
  /** Where the floor servers' recorded bodies go. */
  workDir: string;
  cleanup: Cleanup;
}

export async function measureRoute(
  route: RouteSpec,
  context: MeasureContext,
): Promise<RouteResult> {
  const { api, settings, rounds, scenario } = context;
  const service: Sequence = { next: 0 };
  const floorSequence: Sequence = { next: 0 };
  const favorites = route.key === 'favorite';
  const before = favorites ? await favoritesOf(api, scenario.targetSlugs) : 0;
  const recorded = await record(api.baseUrl, route, service.next++);
  const floor = await startFloor(route, recorded, context.workDir, context.cleanup);
  const runs = { service: [] as RunFigures[], floor: [] as RunFigures[] };
  try {
    for (let round = 1; round <= rounds; round += 1) {
      runs.service.push(await measureRun(api.baseUrl, route, settings, service));
      runs.floor.push(await measureRun(floor.url, route, settings, floorSequence));
      const [ours, floors] = [runs.service.at(-1), runs.floor.at(-1)];
      console.log(
        `  ${route.name}: ${ours?.requestsPerSecond} req/s, floor ${floors?.requestsPerSecond}` +
          (rounds > 1 ? ` (round ${round}/${rounds})` : ''),
      );
    }
  } finally {
    await floor.stop();
  }
  const summary = { service: summarize(runs.service), floor: summarize(runs.floor) };
  return {
    route: route.name,
    path: route.request(0).path,
    response: {
      status: recorded.status,
      contentType: recorded.contentType,
      bytes: recorded.body.length,
    },
    service: { median: summary.service, rounds: runs.service },
    floor: { median: summary.floor, rounds: runs.floor },
    percentOfFloor: Number(
      ((100 * summary.service.requestsPerSecond) / summary.floor.requestsPerSecond || 0).toFixed(1),
    ),
    ...(favorites && {
      newFavorites: {
        created: (await favoritesOf(api, scenario.targetSlugs)) - before,
        requests: service.next,
      },
    }),
  };
}
