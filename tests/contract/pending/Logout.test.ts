// Scaffolded by `make scaffold`: Logout, POST /api/users/logout (Log out).
// The operation has no contract tests yet: one pending case per documented status, and the
// coverage gate fails on the same (operation, status) pairs until they are exercised. Write
// the tests in the contract test file of the operation's tag, then delete this file.
import { describe, it } from '@jest/globals';

describe('Logout: POST /api/users/logout (Log out)', () => {
  it.todo('answers 204: Done; there is nothing to return.');
  it.todo('answers 400: The body is not well-formed JSON.');
  it.todo('answers 413: The body is larger than the server accepts.');
  it.todo(
    "answers 415: The body's Content-Type is not one the operation accepts (application/json).",
  );
  it.todo('answers 422: The request is well-formed JSON but some fields are missing or invalid.');
  it.todo(
    'answers 429: Too many requests from this client (the user when a valid token is sent, else the IP address) in the current window.',
  );
  it.todo('answers 500: The server failed unexpectedly.');
});
