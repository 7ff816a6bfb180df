// The MySQL schema is the PostgreSQL one but for native types and the listed exceptions, and a
// drift of either kind (a field changed, a model added) is caught.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { schemaDifferences } from '../../../scripts/db/schema-parity.js';

const read = (file: string) => readFileSync(new URL(`../../../${file}`, import.meta.url), 'utf8');
const postgres = read('prisma/schema.prisma');
const mysql = read('prisma/mysql/schema.prisma');

describe('the MySQL schema', () => {
  it('has the models, fields, keys and indexes of the PostgreSQL schema', () => {
    expect(schemaDifferences(postgres, mysql)).toEqual([]);
    expect(mysql).toMatch(/provider = "mysql"/);
  });

  it.each([
    ['a field whose type changed', (s: string) => s.replace('position  Int', 'position  BigInt')],
    ['a dropped index', (s: string) => s.replace('  @@index([tagId])\n', '')],
    [
      'an action that is not an exception',
      (s: string) => s.replace(/onDelete: Cascade\)/, 'onDelete: Restrict)'),
    ],
    ['an extra model', (s: string) => `${s}\nmodel Extra {\n  id Int @id\n}\n`],
  ])('reports %s', (_name, change) => {
    const changed = change(mysql);
    expect(changed).not.toBe(mysql);
    expect(schemaDifferences(postgres, changed)).not.toEqual([]);
  });
});
