// Holds prisma/mysql/schema.prisma to prisma/schema.prisma: the same models, fields, relations,
// keys and indexes, in the same order. They may differ only in native types (`@db.*`: MySQL has
// no timestamptz, and long strings need TEXT) and in the exceptions below, each with its reason.
// The generator and datasource blocks are each schema's own.

/** Differences allowed on the MySQL side, removed before comparing, with why. */
export const MYSQL_EXCEPTIONS: readonly { pattern: RegExp; why: string }[] = [
  { pattern: /\s*@db\.\w+(\([^)]*\))?/g, why: 'native types differ per database' },
  {
    pattern: /,\s*onUpdate:\s*Restrict/g,
    why: 'MariaDB and MySQL refuse a CHECK constraint on columns whose foreign keys cascade updates (follows_not_self_check)',
  },
];

/** `model Name { ... }` blocks, each as its meaningful lines (no comments, single spaces). */
function models(schema: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const pattern = /^model\s+(\w+)\s*\{([\s\S]*?)^\}/gm;
  for (const match of schema.matchAll(pattern)) {
    const lines = match[2]!
      .split('\n')
      .map((line) =>
        line
          .replace(/\/\/.*$/, '')
          .replace(/\s+/g, ' ')
          .trim(),
      )
      .filter(Boolean);
    found.set(match[1]!, lines);
  }
  return found;
}

const withoutExceptions = (line: string) =>
  MYSQL_EXCEPTIONS.reduce((text, { pattern }) => text.replace(pattern, ''), line);

/** Every way the MySQL schema departs from the PostgreSQL one; empty when they agree. */
export function schemaDifferences(postgres: string, mysql: string): string[] {
  const differences: string[] = [];
  const pg = models(postgres);
  const my = models(mysql);
  for (const name of pg.keys()) if (!my.has(name)) differences.push(`model ${name} is missing`);
  for (const name of my.keys()) if (!pg.has(name)) differences.push(`model ${name} is extra`);
  for (const [name, pgLines] of pg) {
    const myLines = my.get(name);
    if (!myLines) continue;
    const want = pgLines.map(withoutExceptions);
    const got = myLines.map(withoutExceptions);
    for (let i = 0; i < Math.max(want.length, got.length); i++) {
      if (want[i] !== got[i]) {
        differences.push(
          `${name}: expected "${want[i] ?? '(nothing)'}", found "${got[i] ?? '(nothing)'}"`,
        );
      }
    }
  }
  return differences;
}
