/**
 * The embedded PostgreSQL from the command line (the service starts and stops it by itself):
 *
 *   tsx scripts/db/embedded.ts url [dir] [--throwaway]   start it if needed; print its URL
 *   tsx scripts/db/embedded.ts release [dir]             stop it unless a client is connected
 *   tsx scripts/db/embedded.ts stop [dir]                stop it, whoever is connected
 *
 * `dir` defaults to the folder of DATABASE_URL's embedded:<dir> (.data/postgres when unset).
 * `--throwaway` starts it without fsync, for data nobody keeps (test runs).
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../../src/conduit/config.js';
import { parseDatabaseUrl } from '../../src/conduit/models/prisma/connect.js';
import {
  acquireEmbeddedServer,
  stopEmbeddedServer,
} from '../../src/conduit/models/embedded-postgres/server.js';

const USAGE = 'usage: embedded.ts url|release|stop [dir] [--throwaway]';

function configuredDir(): string {
  const location = parseDatabaseUrl(loadConfig().databaseUrl);
  if (location.kind !== 'embedded') {
    throw new Error('DATABASE_URL names another database; give the embedded folder as [dir].');
  }
  return location.dir;
}

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { throwaway: { type: 'boolean', default: false } },
  });
  const [command, given] = positionals;
  const dir = given ?? configuredDir();
  switch (command) {
    case 'url': {
      const server = await acquireEmbeddedServer(dir, { durable: !values.throwaway });
      // Left running for whoever uses the URL; `release` or `stop` ends it.
      console.log(server.url);
      return 0;
    }
    case 'release': {
      const server = await acquireEmbeddedServer(dir, { durable: true });
      await server.release();
      return 0;
    }
    case 'stop':
      await stopEmbeddedServer(dir);
      return 0;
    default:
      console.error(USAGE);
      return 2;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
