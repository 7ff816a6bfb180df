// The repository suite on MySQL/MariaDB, through Prisma's MariaDB adapter as the app opens it,
// on the server TEST_MYSQL_URL names (`make test-mariadb` sets it, and TEST_DATABASE_URL
// too); skipped without one. It skips nothing.
import { describe, it } from '@jest/globals';
import { openBackendDatabase } from './repositories.js';
import { describeRepositorySuite } from './repository-suite.js';

const url = process.env.TEST_MYSQL_URL;

if (url) {
  describeRepositorySuite('MySQL', () => openBackendDatabase(url), {});
} else {
  describe('the repositories on MySQL', () => {
    it.skip('(skipped: set TEST_MYSQL_URL, e.g. to what scripts/db/mariadb.sh start prints)', () => {});
  });
}
