// One assertion for problem documents (RFC 9457), shared by every suite: the status, the media
// type, the body's own status, and the type the service's catalog gives that status unless the
// test names another. Deriving the default from the catalog keeps tests from writing a second
// status-to-type map that could drift from it.
import { expect } from '@jest/globals';
import type { Response } from 'supertest';
import { problemTypes } from '../../src/conduit/http/problem-catalog.js';

export interface ExpectedProblem {
  /** The problem type; by default the catalog's type for the response's status when it has
   * only one (401 has several, so a 401 names its type or is checked for status only). */
  type?: string;
  /** Conduit's `errors` member, compared exactly. */
  errors?: Record<string, unknown>;
}

/** The catalog's type for a status, when exactly one type has it. */
export function defaultProblemType(status: number): string | undefined {
  const types = new Set(
    Object.values(problemTypes)
      .filter((entry) => entry.status === status)
      .map((entry) => entry.type),
  );
  return types.size === 1 ? [...types][0] : undefined;
}

export const describeBody = (res: Response): string =>
  typeof res.body === 'string' ? res.body : JSON.stringify(res.body);

/** The response is a problem document with this status (or one of these) and type. */
export function expectProblem(
  res: Response,
  status: number | readonly number[],
  expected: ExpectedProblem = {},
): void {
  const statuses = typeof status === 'number' ? [status] : status;
  if (!statuses.includes(res.status)) {
    throw new Error(
      `expected ${statuses.join(' or ')}, got ${res.status}: ${describeBody(res).slice(0, 500)}`,
    );
  }
  expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
  const body = res.body as { type?: unknown; status?: unknown; errors?: unknown };
  expect(body.status).toBe(res.status);
  const type = expected.type ?? defaultProblemType(res.status);
  if (type !== undefined) expect(body.type).toBe(type);
  if (expected.errors !== undefined) expect(body.errors).toEqual(expected.errors);
}
