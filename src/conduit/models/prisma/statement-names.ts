// Prepared statements for PostgreSQL, as Prisma's native engine cached them: a statement the
// service sends again is parsed and planned once per connection, not on every request. Planning
// was a large part of the database's work on a hot read (its statements embed subqueries).
// The names are bounded: past `limit` distinct statements, new ones go unnamed, so no pattern
// of requests can grow the prepared statements a connection holds without end.
import { createHash } from 'node:crypto';

/** A statement's name for its text; '' leaves it unnamed. */
export function statementNames(limit: number): (sql: string) => string {
  const names = new Map<string, string>();
  return (sql) => {
    let name = names.get(sql);
    if (name === undefined) {
      if (names.size >= limit) return '';
      name = `s${createHash('sha1').update(sql).digest('base64url').slice(0, 16)}`;
      names.set(sql, name);
    }
    return name;
  };
}
