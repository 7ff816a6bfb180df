// The benchmark's command line (BENCH_ARGS), checked before anything starts.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseDataSet, type DataSet } from './datasets.js';
import { ROUTE_KEYS, type RouteKey } from './routes.js';

/** Where the response cache section keeps answers (kept apart from cache.ts, which loads the
 * service's modules, so parsing options stays light). */
export const CACHE_STORES = ['memory', 'redis'] as const;
export type CacheStoreName = (typeof CACHE_STORES)[number];
export const SECTIONS = ['routes', 'cache'] as const;
export type Section = (typeof SECTIONS)[number];

export const BACKENDS = ['embedded', 'postgres', 'mariadb'] as const;
// MariaDB only when asked for: its data goes through the API (no bulk SQL for it), which is slow.
const DEFAULT_BACKENDS = ['embedded', 'postgres'];
export type Backend = (typeof BACKENDS)[number];

export interface BenchOptions {
  durationSeconds: number;
  warmupSeconds: number;
  connections: number;
  rounds: number;
  dataSets: DataSet[];
  backends: Backend[];
  /** Benchmark this server instead of our own (seeded through the API). */
  url: string | undefined;
  routes: RouteKey[];
  /** What the run measures: the routes against the floor, and the response cache. */
  sections: Section[];
  /** The response cache's stores the cache section measures. */
  cacheStores: CacheStoreName[];
  /** Accounts whose tokens make the writes, so favorites are new rows, not repeats. */
  writers: number;
  quick: boolean;
  out: string;
  /** Undefined: derived from the estimate. */
  maxMinutes: number | undefined;
}

export const USAGE = `usage: make bench [URL=http://127.0.0.1:PORT] [BENCH_ARGS="options"]

  --duration S       measured seconds per route, round and server (default 10)
  --warmup S         unmeasured seconds before each measured run (default 3)
  --connections N    concurrent connections (default 50)
  --rounds N         rounds per route; the report shows their median (default 2)
  --sizes LIST       data sets: yardstick, or article counts such as 1k, 100k
                     (default yardstick,1k,100k; with URL: yardstick, at most 10k)
  --backends LIST    embedded, postgres, mariadb (default embedded,postgres; ignored with
                     URL; mariadb is seeded through the API, at most 10k)
  --routes LIST      a subset of ${ROUTE_KEYS.join(', ')}
  --only LIST        sections: routes (each route against the floor, cache off) and cache
                     (hot reads uncached, cold, warm, warm with 10% writes; yardstick on the
                     embedded default) (default routes,cache; cache is skipped with URL)
  --cache-stores L   the cache section's stores: memory, redis (default memory,redis)
  --writers N        accounts whose tokens make the writes (default 500)
  --url URL          benchmark the Conduit server at URL (127.0.0.1 only), seeded through
                     its API, instead of servers of our own (make bench URL=...)
  --quick            smoke run: 1 s warm-up, 2 s, 1 round, yardstick, embedded, 50 writers
                     (options given as well win)
  --out DIR          where latest.* (routes) and cache.* (cache) go (default bench/results)
  --max-minutes M    give up, cleaning up, after M minutes (default: twice the estimate + 10)`;

export class UsageError extends Error {}

const list = <T extends string>(raw: string, allowed: readonly T[], flag: string): T[] => {
  const items = raw
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  const unknown = items.filter((item) => !allowed.includes(item as T));
  if (items.length === 0 || unknown.length > 0) {
    throw new UsageError(`--${flag}: expected some of ${allowed.join(', ')}; got "${raw}".`);
  }
  return [...new Set(items as T[])];
};

function integer(raw: string, flag: string, min: number, max: number): number {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(`--${flag} must be an integer from ${min} to ${max}; got "${raw}".`);
  }
  return value;
}

/** A loopback URL, normalized to 127.0.0.1: the benchmark loads no other machine. */
function loopbackUrl(raw: string): string {
  const url = URL.canParse(raw) ? new URL(raw) : undefined;
  if (!url || url.protocol !== 'http:' || url.pathname !== '/' || url.search !== '') {
    throw new UsageError(`--url: expected http://127.0.0.1:PORT; got "${raw}".`);
  }
  if (url.hostname === 'localhost') url.hostname = '127.0.0.1';
  if (url.hostname !== '127.0.0.1') {
    throw new UsageError(`--url: only 127.0.0.1 (or localhost) is benchmarked; got "${raw}".`);
  }
  return url.origin;
}

export function parseOptions(argv: string[], root: string): BenchOptions & { help: boolean } {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        help: { type: 'boolean', short: 'h' },
        quick: { type: 'boolean' },
        duration: { type: 'string' },
        warmup: { type: 'string' },
        connections: { type: 'string' },
        rounds: { type: 'string' },
        sizes: { type: 'string' },
        backends: { type: 'string' },
        routes: { type: 'string' },
        only: { type: 'string' },
        'cache-stores': { type: 'string' },
        writers: { type: 'string' },
        url: { type: 'string' },
        out: { type: 'string' },
        'max-minutes': { type: 'string' },
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const get = (name: Exclude<keyof typeof values, 'help' | 'quick'>) => values[name];
  const quick = values.quick === true;
  const rawUrl = get('url');
  const url = rawUrl === undefined || rawUrl === '' ? undefined : loopbackUrl(rawUrl);
  let dataSets: DataSet[];
  try {
    const sizes = get('sizes') ?? (quick || url ? 'yardstick' : 'yardstick,1k,100k');
    dataSets = sizes
      .split(',')
      .filter((size) => size.trim() !== '')
      .map(parseDataSet);
  } catch (error) {
    throw new UsageError(`--sizes: ${(error as Error).message}`);
  }
  if (dataSets.length === 0) throw new UsageError('--sizes: name at least one data set.');
  if (url && dataSets.some((set) => set.articles > 10_000)) {
    throw new UsageError('--sizes: with --url the data goes through the API; at most 10k.');
  }
  const maxMinutes = get('max-minutes');
  const backends = list(
    get('backends') ?? (quick ? 'embedded' : DEFAULT_BACKENDS.join(',')),
    BACKENDS,
    'backends',
  );
  if (!url && backends.includes('mariadb') && dataSets.some((set) => set.articles > 10_000)) {
    throw new UsageError('--sizes: on mariadb the data goes through the API; at most 10k.');
  }
  const sections = list(get('only') ?? (url ? 'routes' : SECTIONS.join(',')), SECTIONS, 'only');
  if (url && sections.includes('cache')) {
    throw new UsageError('--only cache: the cache section measures our own service, not a URL.');
  }
  return {
    help: values.help === true,
    quick,
    url,
    durationSeconds: integer(get('duration') ?? (quick ? '2' : '10'), 'duration', 1, 600),
    warmupSeconds: integer(get('warmup') ?? (quick ? '1' : '3'), 'warmup', 0, 600),
    connections: integer(get('connections') ?? '50', 'connections', 1, 1000),
    rounds: integer(get('rounds') ?? (quick ? '1' : '2'), 'rounds', 1, 20),
    writers: integer(get('writers') ?? (quick ? '50' : '500'), 'writers', 1, 5000),
    dataSets,
    backends,
    routes: list(get('routes') ?? ROUTE_KEYS.join(','), ROUTE_KEYS, 'routes'),
    sections,
    cacheStores: list(get('cache-stores') ?? CACHE_STORES.join(','), CACHE_STORES, 'cache-stores'),
    out: path.resolve(get('out') ?? path.join(root, 'bench', 'results')),
    maxMinutes:
      maxMinutes === undefined ? undefined : integer(maxMinutes, 'max-minutes', 1, 24 * 60),
  };
}
