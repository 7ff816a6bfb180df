// The repository suite on PostgreSQL (the run's server: the embedded one, or TEST_DATABASE_URL's
// in `make test-postgres`), through Prisma as the app opens it. It skips nothing.
import { sqlTestUrl } from '../../support/test-database.js';
import { openBackendDatabase } from './repositories.js';
import { describeRepositorySuite } from './repository-suite.js';

describeRepositorySuite('PostgreSQL', () => openBackendDatabase(sqlTestUrl()), {});
