// The repository suite on PostgreSQL (the run's server: the embedded one, or TEST_DATABASE_URL's
// in `make test-postgres`), through Prisma as the app opens it. It skips one test, for a failure
// not yet explained.
import { sqlTestUrl } from '../../support/test-database.js';
import { openBackendDatabase } from './repositories.js';
import { describeRepositorySuite } from './repository-suite.js';

describeRepositorySuite('PostgreSQL', () => openBackendDatabase(sqlTestUrl()), {
  'are all stored and counted when articles sharing them, in any order, are written at once':
    "on Debian's PostgreSQL, one of 12 concurrent creates saw Prisma's article.create resolve to null; not yet explained",
});
