// Scaffolded by `make scaffold`: GetMetrics, GET /metrics (Prometheus metrics).
// The operation has no contract tests yet: one pending case per documented status, and the
// coverage gate fails on the same (operation, status) pairs until they are exercised. Write
// the tests in the contract test file of the operation's tag, then delete this file.
import { describe, it } from '@jest/globals';

describe('GetMetrics: GET /metrics (Prometheus metrics)', () => {
  it.todo('answers 200: The metrics.');
});
