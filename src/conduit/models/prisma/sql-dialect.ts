// What differs between the SQL databases in raw SQL (the hot reads of article-reads.ts and
// tags.ts, the tag writes of article-tags.ts): each backend's SQL reader carries its dialect, so
// the statements are written once.
import { Prisma } from '../../../../generated/prisma/client.js';

export interface SqlDialect {
  /** An integer expression (a count, a sum) that the row holds as a JS number. */
  int(expression: Prisma.Sql): Prisma.Sql;
  /** The names of the article's tags in the author's order: a column that `names` reads. */
  tagNames(articleId: Prisma.Sql): Prisma.Sql;
  /** The value of a `tagNames` column as an array. */
  names(value: unknown): string[];
  /** Whether `column` starts with `prefix`, compared character by character whatever the
   * collation (a range on the column would follow the collation's order). */
  startsWith(column: Prisma.Sql, prefix: string): Prisma.Sql;
  /** Inserts the tags not there yet and leaves the others as they are, without a lock that the
   * count triggers' updates of the same rows would have to upgrade (see each dialect). */
  insertTags(names: readonly string[]): Prisma.Sql;
}

export const postgresDialect: SqlDialect = {
  int: (expression) => Prisma.sql`(${expression})::int`,
  tagNames: (articleId) =>
    Prisma.sql`ARRAY(SELECT t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id
                      WHERE at.article_id = ${articleId} ORDER BY at.position)`,
  names: (value) => value as string[],
  startsWith: (column, prefix) => Prisma.sql`starts_with(${column}, ${prefix})`,
  // ON CONFLICT DO NOTHING takes no lock on an existing tag, so no lock is ever upgraded.
  insertTags: (names) =>
    Prisma.sql`INSERT INTO tags (name, updated_at)
               SELECT name, now() FROM unnest(${[...names]}::text[]) AS name
               ON CONFLICT (name) DO NOTHING`,
};
