// The coverage gate's arithmetic: documented pairs, ranges, allowlist and stale entries.
import { describe, expect, it } from '@jest/globals';
import { coverageReport, documentedPairs } from '../../harness/coverage.js';

// The shape of a generated operations table.
const spec = {
  GetA: { operationId: 'GetA', responses: { 200: [], 404: [] } },
  PostA: { operationId: 'PostA', responses: { 201: [], '4XX': [], default: [] } },
};

describe('contract coverage', () => {
  it('lists every documented pair', () => {
    expect(documentedPairs(spec)).toEqual([
      'GetA 200',
      'GetA 404',
      'PostA 201',
      'PostA 4XX',
      'PostA default',
    ]);
  });

  it('reports pairs never exercised', () => {
    const report = coverageReport(spec, new Set(['GetA 200', 'PostA 201']), []);
    expect(report.missing).toEqual(['GetA 404', 'PostA 4XX']);
    expect(report).toMatchObject({ total: 5, exercised: 3 });
  });

  it('counts any status in a range, and anything for default', () => {
    const report = coverageReport(
      spec,
      new Set(['GetA 200', 'GetA 404', 'PostA 201', 'PostA 422']),
      [],
    );
    expect(report.missing).toEqual([]);
  });

  it('accepts allowlisted pairs and flags stale allowlist entries', () => {
    const report = coverageReport(spec, new Set(['GetA 200', 'GetA 404', 'PostA 201']), [
      { operationId: 'PostA', status: '4XX', reason: 'cannot be provoked from outside' },
      { operationId: 'GetA', status: '404', reason: 'exercised now, so this entry is stale' },
      { operationId: 'Gone', status: '200', reason: 'operation removed from the spec' },
    ]);
    expect(report.missing).toEqual([]);
    expect(report.staleAllowlist).toEqual(['GetA 404', 'Gone 200']);
  });
});
