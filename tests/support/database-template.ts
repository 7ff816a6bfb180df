// For runs against a PostgreSQL server: a migrated template database that each test file clones
// (CREATE DATABASE ... TEMPLATE), rebuilt at the start of every run so it matches the
// migrations. Runs in Jest's global setup, so it shells out to the migrate command.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TEMPLATE = 'conduit_test_template';

function onDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

export async function preparePostgresTemplate(serverUrl: string): Promise<void> {
  const admin = new pg.Client({ connectionString: onDatabase(serverUrl, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${TEMPLATE}`);
  } finally {
    await admin.end();
  }
  execFileSync('tsx', ['scripts/db/migrate.ts', 'deploy'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: onDatabase(serverUrl, TEMPLATE) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
