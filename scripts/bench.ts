/**
 * The benchmark (`make bench`): holds the service against the floor and the data size.
 *
 *   tsx scripts/bench.ts [options]     (make bench BENCH_ARGS="..." [URL=http://127.0.0.1:PORT])
 *
 * For each backend (embedded default, Debian's PostgreSQL; MariaDB when asked) and data set
 * (yardstick, 1k, 100k):
 * a fresh database, seeded; our service started on it; each route loaded with autocannon and
 * compared with a bare Fastify server replaying the service's recorded answer (the floor). Or,
 * with --url, any Conduit server on this machine, seeded through its API. Prints the tables and
 * writes bench/results/latest.{json,md}; stops every server it started however it ends.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  embeddedDatabase,
  mariadbServer,
  postgresServer,
  redisServer,
  type DatabaseServer,
} from './bench/backends.js';
import { runCacheBench } from './bench/cache.js';
import { writeCacheReport } from './bench/cache-report.js';
import { Cleanup, stopOnSignalsAndTimeout } from './bench/cleanup.js';
import { estimateSeconds, minutes } from './bench/estimate.js';
import { describeMachine } from './bench/machine.js';
import { parseOptions, UsageError, USAGE, type BenchOptions } from './bench/options.js';
import { formatTerminal, writeReport, type BenchReport } from './bench/report.js';
import {
  runOnOurService,
  runOnUrl,
  type DataSetResult,
  type RunContext,
} from './bench/run-dataset.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const cleanup = new Cleanup();

/** The make command that repeats this run. */
function command(argv: string[], options: BenchOptions): string {
  const args = argv.filter((arg, index) => !arg.startsWith('--url') && argv[index - 1] !== '--url');
  return (
    'make bench' +
    (options.url ? ` URL=${options.url}` : '') +
    (args.length > 0 ? ` BENCH_ARGS="${args.join(' ')}"` : '')
  );
}

async function runAll(options: BenchOptions, context: RunContext): Promise<DataSetResult[]> {
  const results: DataSetResult[] = [];
  if (options.url) {
    for (const dataSet of options.dataSets) {
      console.log(`\n${options.url} × ${dataSet.name}`);
      results.push(await runOnUrl(options.url, dataSet, context));
    }
    return results;
  }
  const servers = new Map<string, DatabaseServer>();
  const serverFor = async (backend: 'postgres' | 'mariadb') => {
    let server = servers.get(backend);
    if (server === undefined) {
      server = await (backend === 'postgres' ? postgresServer : mariadbServer)(context.cleanup);
      servers.set(backend, server);
    }
    return server;
  };
  for (const backend of options.backends) {
    for (const dataSet of options.dataSets) {
      console.log(`\n${backend} × ${dataSet.name}`);
      const database =
        backend === 'embedded'
          ? await embeddedDatabase(context.cleanup)
          : await (
              await serverFor(backend)
            ).freshDatabase(`conduit_bench_${context.runId}_${dataSet.name}`);
      try {
        results.push(await runOnOurService(backend, database, dataSet, context));
      } finally {
        await database.dispose();
      }
    }
  }
  return results;
}

const loadSettings = (options: BenchOptions) => ({
  durationSeconds: options.durationSeconds,
  warmupSeconds: options.warmupSeconds,
  connections: options.connections,
  rounds: options.rounds,
});

async function measureRoutes(
  argv: string[],
  options: BenchOptions,
  context: RunContext,
  run: {
    date: string;
    machine: ReturnType<typeof describeMachine>;
    estimate: number;
    started: number;
  },
): Promise<void> {
  const { date, machine, estimate, started } = run;
  const dataSets = await runAll(options, context);
  const report: BenchReport = {
    date,
    smoke: options.quick,
    command: command(argv, options),
    settings: { ...loadSettings(options), writers: options.writers, pipelining: 1 },
    machine,
    databases: options.url ? [] : [...new Set(dataSets.map((set) => set.server))],
    estimateMinutes: minutes(estimate),
    elapsedMinutes: minutes((performance.now() - started) / 1000),
    dataSets,
  };
  console.log(`\n${formatTerminal(report)}\n`);
  const written = await writeReport(options.out, report);
  console.log(`Wrote ${written.map((file) => path.relative(process.cwd(), file)).join(' and ')}.`);
}

/** The response cache section, on a fresh embedded database (and Debian's Redis when asked). */
async function measureCache(
  argv: string[],
  options: BenchOptions,
  runId: string,
  machine: ReturnType<typeof describeMachine>,
): Promise<void> {
  console.log('\nresponse cache × yardstick (embedded)');
  const started = performance.now();
  const redisUrl = options.cacheStores.includes('redis') ? await redisServer(cleanup) : undefined;
  const database = await embeddedDatabase(cleanup);
  try {
    const result = await runCacheBench(database, options, { cleanup, runId, redisUrl });
    const written = await writeCacheReport(options.out, {
      date: new Date().toISOString(),
      command: command(argv, options),
      settings: loadSettings(options),
      machine,
      database: database.server,
      elapsedMinutes: minutes((performance.now() - started) / 1000),
      result,
    });
    console.log(
      `Wrote ${written.map((file) => path.relative(process.cwd(), file)).join(' and ')}.`,
    );
  } finally {
    await database.dispose();
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const options = parseOptions(argv, ROOT);
  if (options.help) return console.log(USAGE);
  // Before our own work loads the machine: the load average shows what else was running.
  const machine = describeMachine();
  const date = new Date().toISOString();
  const estimate = estimateSeconds(options);
  const limitMinutes = options.maxMinutes ?? Math.ceil(2 * minutes(estimate) + 10);
  console.log(
    `Estimated time: about ${minutes(estimate)} min (stops at ${limitMinutes} min whatever ` +
      `happens). ${options.routes.length} routes × ${options.rounds} round(s) × ` +
      `(${options.warmupSeconds} s + ${options.durationSeconds} s) × service and floor, ` +
      `${options.connections} connections; data sets ${options.dataSets.map((s) => s.name).join(', ')}` +
      (options.url ? ` on ${options.url}.` : `; backends ${options.backends.join(', ')}.`),
  );
  const release = stopOnSignalsAndTimeout(cleanup, limitMinutes * 60_000);
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'conduit-bench-run-'));
  cleanup.add(`folder ${workDir}`, () => rm(workDir, { recursive: true, force: true }));
  const runId = Date.now().toString(36).slice(-5);
  const started = performance.now();
  try {
    if (options.sections.includes('routes')) {
      await measureRoutes(
        argv,
        options,
        { options, cleanup, workDir, runId },
        { date, machine, estimate, started },
      );
    }
    if (options.sections.includes('cache')) {
      await measureCache(argv, options, runId, machine);
    }
  } finally {
    await cleanup.runAll();
    release();
  }
}

main().catch((error: unknown) => {
  // Stopped on purpose: what failed after that is the stop itself, and the stop exits.
  if (cleanup.stopping !== undefined) return;
  if (error instanceof UsageError) {
    console.error(`${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
