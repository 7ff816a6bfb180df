/**
 * Load benchmark of the real server on loopback:
 *
 *   tsx scripts/bench.ts [--duration 10] [--connections 10] [--warmup 2]
 *
 * Seeds a throwaway PGlite database (scripts/seed), starts src/server.ts on it as a child
 * process, logs in a seeded user, runs autocannon against each route in turn, prints a table
 * and writes bench/results/latest.{json,md}. The server and the database are removed at the
 * end, whatever happens. A benchmark, not a test: it fails only when it cannot measure.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_RANDOM_SEED, type SeedSizes } from './seed/data.js';
import { describeCounts } from './seed/seed.js';
import { measureRoute, type LoadSettings, type RouteResult } from './bench/load.js';
import {
  describeMachine,
  formatSummary,
  formatTable,
  writeReport,
  type BenchReport,
} from './bench/report.js';
import { BENCH_SIZES, benchRoutes, logIn, seedDatabase } from './bench/scenario.js';
import { freePort, startServer, type ServerProcess } from './bench/server.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const USAGE = `usage: tsx scripts/bench.ts [options]

  --duration S        measured seconds per route (default 10)
  --warmup S          unmeasured seconds per route before it (default 2)
  --connections N     concurrent connections (default 10)
  --users N           seeded users (default ${BENCH_SIZES.users})
  --articles N        seeded articles (default ${BENCH_SIZES.articles})
  --out DIR           where latest.json and latest.md go (default bench/results)`;

class UsageError extends Error {}

function parse(argv: string[]) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        help: { type: 'boolean', short: 'h' },
        duration: { type: 'string', default: '10' },
        warmup: { type: 'string', default: '2' },
        connections: { type: 'string', default: '10' },
        users: { type: 'string', default: String(BENCH_SIZES.users) },
        articles: { type: 'string', default: String(BENCH_SIZES.articles) },
        out: { type: 'string', default: path.join(ROOT, 'bench', 'results') },
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const integer = (
    name: 'duration' | 'warmup' | 'connections' | 'users' | 'articles',
    min: number,
  ) => {
    const value = Number(values[name]);
    if (!Number.isInteger(value) || value < min || value > 100_000) {
      throw new UsageError(
        `--${name} must be an integer of at least ${min}; got "${values[name]}".`,
      );
    }
    return value;
  };
  const settings: LoadSettings = {
    durationSeconds: integer('duration', 1),
    warmupSeconds: integer('warmup', 0),
    connections: integer('connections', 1),
  };
  const sizes: SeedSizes = {
    ...BENCH_SIZES,
    users: integer('users', 2),
    articles: integer('articles', 1),
  };
  return { help: values.help === true, settings, sizes, out: path.resolve(values.out) };
}

async function main(): Promise<void> {
  const options = parse(process.argv.slice(2));
  if (options.help) {
    console.log(USAGE);
    return;
  }
  const { settings, sizes } = options;
  // Before our own work loads the machine: the load average shows what else was running.
  const machine = describeMachine();
  const date = new Date().toISOString();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'conduit-bench-'));
  // Reachable by the embedded server's own account when run as root (mkdtemp makes it private).
  await chmod(dataDir, 0o755);
  const databaseUrl = `embedded:${dataDir}`;
  let server: ServerProcess | undefined;
  let cleaning: Promise<void> | undefined;
  const cleanUp = () =>
    (cleaning ??= (async () => {
      await server?.stop();
      await rm(dataDir, { recursive: true, force: true });
    })());
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: stopping the server and removing ${dataDir}`);
      void cleanUp().finally(() => process.exit(code));
    });
  }

  try {
    console.log(`Seeding ${dataDir} ...`);
    const seedStarted = performance.now();
    const seeded = await seedDatabase(databaseUrl, sizes, DEFAULT_RANDOM_SEED, (phase, done) =>
      console.log(`  ${phase}: ${done}`),
    );
    const seedSeconds = Number(((performance.now() - seedStarted) / 1000).toFixed(1));
    const description = describeCounts(seeded.counts);
    console.log(`Seeded ${description} in ${seedSeconds}s.`);

    server = await startServer({ databaseUrl, port: await freePort() });
    console.log(`Server ${server.url} (pid ${server.pid}).`);
    const reader = seeded.users[0];
    const slug = seeded.slugs[Math.floor(seeded.slugs.length / 2)];
    if (!reader || slug === undefined) throw new Error('the seed created no user or article');
    const token = await logIn(server.url, reader.email, seeded.password);
    console.log(`Logged in as ${reader.username}, who follows ${reader.follows} users.`);

    const results: RouteResult[] = [];
    for (const route of benchRoutes(slug, token)) {
      process.stdout.write(
        `${route.name}: ${settings.warmupSeconds}s warm-up + ${settings.durationSeconds}s ... `,
      );
      const result = await measureRoute(server.url, route, settings);
      results.push(result);
      console.log(`${result.requestsPerSecond} req/s`);
    }

    const report: BenchReport = {
      date,
      machine,
      settings: {
        ...settings,
        pipelining: 1,
        server:
          `src/server.ts in a child process (node --import tsx), HOST=127.0.0.1, ` +
          `LOG_LEVEL=warn, DATABASE_URL=embedded:<temp dir> (embedded PostgreSQL server, fsync on)`,
        client: 'autocannon in the benchmark process, same machine, over loopback',
        scenario:
          `anonymous GET /api/articles (default page of 20) and /api/articles/${slug}; ` +
          `feed and POST as ${reader.username}, who follows ${reader.follows} users; ` +
          `POST bodies have 3 tags and a unique title each`,
      },
      data: { description, counts: seeded.counts, randomSeed: DEFAULT_RANDOM_SEED, seedSeconds },
      routes: results,
    };
    console.log(`\n${formatTable(results)}\n\n${formatSummary(report)}`);
    const written = await writeReport(options.out, report);
    console.log(
      `Wrote ${written.map((file) => path.relative(process.cwd(), file)).join(' and ')}.`,
    );
  } finally {
    await cleanUp();
  }
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(`${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
