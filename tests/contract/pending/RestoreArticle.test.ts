// Scaffolded by `make scaffold`: RestoreArticle, POST /api/admin/articles/{slug}/restore (Restore a removed article).
// The operation has no contract tests yet: one pending case per documented status, and the
// coverage gate fails on the same (operation, status) pairs until they are exercised. Write
// the tests in the contract test file of the operation's tag, then delete this file.
import { describe, it } from '@jest/globals';

describe('RestoreArticle: POST /api/admin/articles/{slug}/restore (Restore a removed article)', () => {
  it.todo('answers 200: The article.');
  it.todo(
    'answers 401: The request needs a valid token: the `Authorization` header is missing, malformed, or holds a token that is expired, tampered with, signed with another algorithm, or whose user no longer exists.',
  );
  it.todo(
    "answers 403: The caller is authenticated, but the operation needs a role the caller does not have (listed in the operation's security requirement, for example `admin`).",
  );
  it.todo('answers 404: The resource does not exist.');
  it.todo(
    'answers 429: Too many requests from this client (the user when a valid token is sent, else the IP address) in the current window.',
  );
  it.todo('answers 500: The server failed unexpectedly.');
});
