/**
 * Fills a database with realistic sample data through the service layer:
 *
 *   tsx scripts/seed.ts [--users 25] [--articles 120] [--database-url embedded:.data/postgres]
 *
 * Deterministic (the same flags give the same data) and harmless to re-run: when the seed's
 * users already exist it says so and changes nothing. `--help` lists every flag.
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../src/conduit/config.js';
import { openDatabase, redactDatabaseUrl } from '../src/conduit/models/backends.js';
import { DEFAULT_RANDOM_SEED, DEFAULT_SIZES, SEED_PASSWORD, type SeedSizes } from './seed/data.js';
import { createSeedServices, describeCounts, existingSeedUser, seed } from './seed/write-seed.js';

const USAGE = `usage: tsx scripts/seed.ts [options]

  --users N                   accounts to create (default ${DEFAULT_SIZES.users})
  --articles N                articles to publish (default ${DEFAULT_SIZES.articles})
  --tags-per-article X        mean tags per article (default ${DEFAULT_SIZES.tagsPerArticle})
  --favorites-per-article X   mean favorites per article (default ${DEFAULT_SIZES.favoritesPerArticle})
  --comments-per-article X    mean comments per article (default ${DEFAULT_SIZES.commentsPerArticle})
  --follows-per-user X        mean users each user follows (default ${DEFAULT_SIZES.followsPerUser})
  --random-seed N             pseudo-random seed (default ${DEFAULT_RANDOM_SEED})
  --database-url URL          default: DATABASE_URL, else the app's default`;

class UsageError extends Error {}

function number(raw: string | undefined, name: string, fallback: number, integer: boolean): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (
    raw.trim() === '' ||
    !Number.isFinite(value) ||
    value < 0 ||
    (integer && !Number.isInteger(value))
  ) {
    throw new UsageError(
      `--${name} must be a non-negative ${integer ? 'integer' : 'number'}; got "${raw}".`,
    );
  }
  return value;
}

function parse(argv: string[]) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        help: { type: 'boolean', short: 'h' },
        users: { type: 'string' },
        articles: { type: 'string' },
        'tags-per-article': { type: 'string' },
        'favorites-per-article': { type: 'string' },
        'comments-per-article': { type: 'string' },
        'follows-per-user': { type: 'string' },
        'random-seed': { type: 'string' },
        'database-url': { type: 'string' },
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const mean = (flag: keyof typeof values, fallback: number) =>
    number(values[flag] as string | undefined, flag, fallback, false);
  const count = (flag: keyof typeof values, fallback: number) =>
    number(values[flag] as string | undefined, flag, fallback, true);
  const sizes: SeedSizes = {
    users: count('users', DEFAULT_SIZES.users),
    articles: count('articles', DEFAULT_SIZES.articles),
    tagsPerArticle: mean('tags-per-article', DEFAULT_SIZES.tagsPerArticle),
    favoritesPerArticle: mean('favorites-per-article', DEFAULT_SIZES.favoritesPerArticle),
    commentsPerArticle: mean('comments-per-article', DEFAULT_SIZES.commentsPerArticle),
    followsPerUser: mean('follows-per-user', DEFAULT_SIZES.followsPerUser),
  };
  if (sizes.users < 1) throw new UsageError('--users must be at least 1.');
  return {
    help: values.help === true,
    sizes,
    randomSeed: count('random-seed', DEFAULT_RANDOM_SEED),
    databaseUrl: values['database-url'] ?? loadConfig().databaseUrl,
  };
}

/** Progress on one rewritten line, only where someone watches a terminal. */
function progressPrinter() {
  if (!process.stderr.isTTY) return undefined;
  return (phase: string, done: number, total: number) => {
    process.stderr.write(`\r\x1b[K  ${phase} ${done}/${total}${done === total ? '\n' : ''}`);
  };
}

async function main(): Promise<void> {
  const options = parse(process.argv.slice(2));
  if (options.help) {
    console.log(USAGE);
    return;
  }
  console.log(`Database: ${redactDatabaseUrl(options.databaseUrl)}`);
  const database = await openDatabase(options.databaseUrl);
  try {
    await database.migrate();
    const services = createSeedServices(database);
    const existing = await existingSeedUser(services, options.randomSeed);
    if (existing !== undefined) {
      console.log(
        `Already seeded: user "${existing}" exists, nothing changed. ` +
          `Seeded accounts use the password "${SEED_PASSWORD}".`,
      );
      return;
    }
    const started = performance.now();
    const onProgress = progressPrinter();
    const result = await seed(services, options.sizes, {
      randomSeed: options.randomSeed,
      ...(onProgress && { onProgress }),
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`Seeded ${describeCounts(result.counts)} in ${seconds}s.`);
    const example = result.users[0];
    console.log(
      `Every seeded account's password is "${result.password}"` +
        (example ? `; e.g. log in as ${example.email} (follows ${example.follows} authors).` : '.'),
    );
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof UsageError || error instanceof ConfigError) {
    console.error(`${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
