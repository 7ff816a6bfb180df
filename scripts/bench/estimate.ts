// How long a run will take, printed before it starts (and, doubled, the default time limit).
// Seeding rates are rough figures from a 2-core machine; the load phases are exact.
import type { DataSet } from './datasets.js';
import type { BenchOptions } from './options.js';

/** Per registration or login: each hashes a password (scrypt) on the server. */
const ACCOUNT_SECONDS = 0.05;
/** Bulk SQL, per article with its tags, favorites and comments. */
const SQL_SECONDS_PER_ARTICLE = 0.0004;
/** Through the API, per article with its favorites and comments, plus a user per ten. */
const API_SECONDS_PER_ARTICLE = 0.03;
/** Starting the service (and the embedded server under it), recording, floor start-up. */
const SERVICE_START_SECONDS = 8;
const ROUTE_OVERHEAD_SECONDS = 2;

function seedSeconds(dataSet: DataSet, options: BenchOptions): number {
  const accounts = options.writers * ACCOUNT_SECONDS;
  if (dataSet.kind === 'yardstick') return 3 + accounts;
  return options.url
    ? dataSet.articles * (API_SECONDS_PER_ARTICLE + ACCOUNT_SECONDS / 10) + accounts
    : 2 + dataSet.articles * SQL_SECONDS_PER_ARTICLE + accounts;
}

/** The cache section: 3 reads x 4 modes x rounds per store, a service start per mode. */
function cacheSeconds(options: BenchOptions): number {
  if (!options.sections.includes('cache') || options.url) return 0;
  const run = options.warmupSeconds + options.durationSeconds + 1;
  const perStore = 4 * (3 * options.rounds * run + SERVICE_START_SECONDS);
  return 3 + options.cacheStores.length * perStore;
}

export function estimateSeconds(options: BenchOptions): number {
  const cache = cacheSeconds(options);
  if (!options.sections.includes('routes')) return cache;
  const load = options.rounds * 2 * (options.warmupSeconds + options.durationSeconds);
  const perDataSet = options.routes.length * (load + ROUTE_OVERHEAD_SECONDS);
  const servers = options.url ? 1 : options.backends.length;
  const seeding = options.dataSets.reduce((sum, set) => sum + seedSeconds(set, options), 0);
  const starts = options.url ? 0 : SERVICE_START_SECONDS * options.dataSets.length;
  return Math.round(servers * (options.dataSets.length * perDataSet + seeding + starts) + cache);
}

export const minutes = (seconds: number) => Number((seconds / 60).toFixed(1));
