// Scaffolded by `make scaffold`: RefreshSession, POST /api/users/refresh (Refresh the access token).
// The operation has no contract tests yet: one pending case per documented status, and the
// coverage gate fails on the same (operation, status) pairs until they are exercised. Write
// the tests in the contract test file of the operation's tag, then delete this file.
import { describe, it } from '@jest/globals';

describe('RefreshSession: POST /api/users/refresh (Refresh the access token)', () => {
  it.todo(
    "answers 200: The user's account with an access token; after registration, login and refresh also with a new refresh token.",
  );
  it.todo('answers 400: The body is not well-formed JSON.');
  it.todo('answers 401: The refresh token is unknown, expired, already used or revoked.');
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
