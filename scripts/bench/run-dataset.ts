// One data set on one server, from an empty database to its measured routes: seeded (bulk SQL
// before our service starts, or through the API), the tokens taken, then every route measured.
import { describeCounts, type SeedCounts } from '../seed/write-seed.js';
import { takeTokens } from './accounts.js';
import { ConduitApi } from './api.js';
import type { FreshDatabase } from './backends.js';
import type { Cleanup } from './cleanup.js';
import type { DataSet } from './datasets.js';
import { measureRoute, type RouteResult } from './measure.js';
import type { BenchOptions } from './options.js';
import { freePort } from './processes.js';
import { routeSpecs } from './routes.js';
import { assembleScenario } from './scenario.js';
import { seedRealisticByApi, seedYardstick, type SeededData } from './seed-api.js';
import { migrate, seedWithSql } from './seed-sql.js';
import { startService } from './service.js';

export interface DataSetResult {
  /** "embedded", "postgres", or the URL benchmarked. */
  backend: string;
  /** The database server, or how a server given by URL was seeded. */
  server: string;
  dataSet: string;
  seededBy: 'bulk SQL' | 'the API';
  counts: SeedCounts;
  description: string;
  seedSeconds: number;
  writers: number;
  /** The service's resident memory after start, before any load (our service only). */
  idleRssMiB: number | null;
  routes: RouteResult[];
}

export interface RunContext {
  options: BenchOptions;
  cleanup: Cleanup;
  workDir: string;
  /** Short and alphanumeric: tags names and titles, so runs on a shared server do not collide. */
  runId: string;
}

type Seeding = Pick<DataSetResult, 'seededBy' | 'seedSeconds'> & { seeded: SeededData };

/** Tags account names and titles; short, as some implementations limit username lengths. */
const nameTag = (runId: string, dataSet: DataSet) =>
  `${runId}${dataSet.kind === 'yardstick' ? 'y' : dataSet.name}`;

const seconds = (since: number) => Number(((performance.now() - since) / 1000).toFixed(1));
const progress = (what: string) => console.log(`  seeded ${what}`);

/** Tokens, then each route in turn; the rest of the result comes from the caller. */
async function measureAll(
  api: ConduitApi,
  seeding: Seeding,
  dataSet: DataSet,
  context: RunContext,
) {
  const { options, runId } = context;
  const { seeded } = seeding;
  console.log(`  seeded ${describeCounts(seeded.counts)} in ${seeding.seedSeconds}s`);
  const tag = nameTag(runId, dataSet);
  const started = performance.now();
  const yardstick = dataSet.kind === 'yardstick';
  const tokens = await takeTokens(api, seeded, yardstick, options.writers, tag);
  console.log(
    `  tokens of the reader and ${tokens.writers.length} writers in ${seconds(started)}s`,
  );
  const scenario = assembleScenario(seeded.slugs, tokens.reader, tokens.writers, tag);
  const routes: RouteResult[] = [];
  for (const route of routeSpecs(scenario, options.routes)) {
    const measuring = { api, scenario, settings: options, rounds: options.rounds, ...context };
    routes.push(await measureRoute(route, measuring));
  }
  return {
    dataSet: dataSet.name,
    seededBy: seeding.seededBy,
    seedSeconds: seeding.seedSeconds,
    counts: seeded.counts,
    description: describeCounts(seeded.counts),
    writers: tokens.writers.length,
    routes,
  };
}

export async function runOnOurService(
  backend: string,
  database: FreshDatabase,
  dataSet: DataSet,
  context: RunContext,
): Promise<DataSetResult> {
  const started = performance.now();
  let bulk: SeededData | undefined;
  if (dataSet.kind === 'realistic' && database.bulkSql) {
    bulk = await seedWithSql(database.url, dataSet.articles, progress);
  } else {
    await migrate(database.url);
  }
  const bulkSeconds = seconds(started);
  const service = await startService(database.url, await freePort(), context.cleanup);
  try {
    console.log(`  service ${service.url} (pid ${service.pid}), ${service.idleRssMiB} MiB idle`);
    const api = new ConduitApi(service.url);
    const viaApi = performance.now();
    const seeding: Seeding = bulk
      ? { seeded: bulk, seededBy: 'bulk SQL', seedSeconds: bulkSeconds }
      : {
          seeded:
            dataSet.kind === 'yardstick'
              ? await seedYardstick(api, '')
              : await seedRealisticByApi(api, dataSet.articles, '', progress),
          seededBy: 'the API',
          seedSeconds: seconds(viaApi),
        };
    const measured = await measureAll(api, seeding, dataSet, context);
    return {
      backend,
      server: database.server,
      idleRssMiB: service.idleRssMiB ?? null,
      ...measured,
    };
  } finally {
    await service.stop();
  }
}

export async function runOnUrl(
  url: string,
  dataSet: DataSet,
  context: RunContext,
): Promise<DataSetResult> {
  const api = new ConduitApi(url);
  const existing = await api.articlesCount();
  if (dataSet.kind === 'yardstick' && existing > 0) {
    console.warn(
      `  ${url} already has ${existing} articles: the lists read them too, so this is not ` +
        'the yardstick condition (start that server on an empty database for it).',
    );
  }
  const started = performance.now();
  const tag = nameTag(context.runId, dataSet);
  const seeded =
    dataSet.kind === 'yardstick'
      ? await seedYardstick(api, tag)
      : await seedRealisticByApi(api, dataSet.articles, tag, progress);
  const seeding: Seeding = { seeded, seededBy: 'the API', seedSeconds: seconds(started) };
  return {
    backend: url,
    server: `${url}, seeded through its API (${existing} articles there before)`,
    idleRssMiB: null,
    ...(await measureAll(api, seeding, dataSet, context)),
  };
}
