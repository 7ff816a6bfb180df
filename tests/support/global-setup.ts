// Before any test file: the coverage record, the build that server-process tests run, and the
// run's PostgreSQL server with a migrated template database that each file clones. Without
// TEST_DATABASE_URL the server is the embedded one, started on a throwaway folder (no fsync:
// its data is never kept); a MongoDB run gets one too, for the tests of the Prisma repositories.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startRun } from '../harness/coverage.ts';
import { preparePostgresTemplate } from './database-template.ts';
import { startTestServer } from './embedded-test-server.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export default async function globalSetup(): Promise<void> {
  startRun();
  execFileSync('tsx', ['scripts/build.ts'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  const backend = process.env.TEST_DATABASE_URL;
  const sqlUrl =
    backend !== undefined && /^postgres(ql)?:/.test(backend) ? backend : startTestServer();
  process.env.TEST_DATABASE_URL ??= sqlUrl;
  process.env.TEST_SQL_DATABASE_URL = sqlUrl;
  await preparePostgresTemplate(sqlUrl);
}
