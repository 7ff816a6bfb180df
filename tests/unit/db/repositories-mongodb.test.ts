// The repository suite on MongoDB, through Mongoose as the app opens it, on the server
// TEST_MONGODB_URL names (`make test-mongodb` sets it); skipped without one.
import { describe, it } from '@jest/globals';
import { openBackendDatabase } from './repositories.js';
import { describeRepositorySuite } from './repository-suite.js';

const url = process.env.TEST_MONGODB_URL;

if (url) {
  describeRepositorySuite('MongoDB', () => openBackendDatabase(url), {});
} else {
  describe('the repositories on MongoDB', () => {
    it.skip('(skipped: set TEST_MONGODB_URL, e.g. to what scripts/db/mongo-server.sh start prints)', () => {});
  });
}
