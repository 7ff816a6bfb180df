// One error vocabulary: the problem types the service can answer (its catalog, which includes
// the runtime's own), the ones its spec documents (the Problem schema's `x-problem-types`) and
// the README's table of errors are the same list, with the same statuses and titles. Adding a
// problem type to one of them without the others fails here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { problemTypes } from '../../src/conduit/http/problem-catalog.js';
import { frameworkProblems } from '../../src/runtime/problems.js';
import { loadSpec } from '../harness/spec.js';

interface Entry {
  type: string;
  status: number;
  title?: string;
}

const byType = (entries: Entry[]) => [...entries].sort((a, b) => a.type.localeCompare(b.type));

function documented(): Entry[] {
  const spec = loadSpec() as { components: { schemas: { Problem: Record<string, unknown> } } };
  return spec.components.schemas.Problem['x-problem-types'] as Entry[];
}

function readmeTable(): Entry[] {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  return [...readme.matchAll(/^\| (\d{3}) +\| `(\/problems\/[a-z-]+)` +\|/gm)].map((match) => ({
    status: Number(match[1]),
    type: match[2]!,
  }));
}

describe('the problem catalog', () => {
  const catalog = Object.values(problemTypes).map(({ type, status, title }) => ({
    type,
    status,
    title,
  }));

  it('is what the spec documents, titles included', () => {
    expect(byType(catalog)).toEqual(byType(documented()));
  });

  it('is what the README lists', () => {
    const untitled = catalog.map(({ type, status }) => ({ type, status }));
    expect(byType(readmeTable())).toEqual(byType(untitled));
  });

  it('holds the runtime’s problems unchanged', () => {
    for (const [kind, entry] of Object.entries(frameworkProblems)) {
      expect(problemTypes[kind as keyof typeof problemTypes]).toEqual(entry);
    }
  });

  it('has one entry per type', () => {
    expect(new Set(catalog.map((entry) => entry.type)).size).toBe(catalog.length);
  });
});
