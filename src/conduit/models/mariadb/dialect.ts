// The hot reads' SQL on MySQL and MariaDB (see ../prisma/sql-dialect.ts).
import { Prisma } from '../../../../generated/prisma/client.js';
import type { SqlDialect } from '../prisma/sql-dialect.js';

export const mysqlDialect: SqlDialect = {
  // The reader asks the driver for numbers (bigIntAsNumber, decimalAsNumber): no cast needed.
  int: (expression) => expression,
  // JSON_ARRAYAGG takes no ORDER BY on MySQL 8; GROUP_CONCAT does on both, and JSON_QUOTE keeps
  // any character a tag may hold.
  tagNames: (articleId) =>
    Prisma.sql`(SELECT CONCAT('[', GROUP_CONCAT(JSON_QUOTE(t.name) ORDER BY at.position
                                                SEPARATOR ','), ']')
                  FROM article_tags at JOIN tags t ON t.id = at.tag_id
                 WHERE at.article_id = ${articleId})`,
  names: (value) => (typeof value === 'string' ? (JSON.parse(value) as string[]) : []),
  // As bytes: the collations' PAD SPACE rule would make 'ab' start with 'ab '.
  startsWith: (column, prefix) =>
    Prisma.sql`CAST(LEFT(${column}, CHAR_LENGTH(${prefix})) AS BINARY) = CAST(${prefix} AS BINARY)`,
  // Not INSERT IGNORE (Prisma's skipDuplicates): its duplicate check takes a shared lock on an
  // existing tag, which the count trigger then wants exclusive; two writers of one tag each hold
  // the shared lock and wait for the other, and InnoDB kills one. ON DUPLICATE KEY UPDATE takes
  // the exclusive lock at once, so writers of one tag queue instead.
  insertTags: (names) =>
    Prisma.sql`INSERT INTO tags (name, updated_at)
               VALUES ${Prisma.join(names.map((name) => Prisma.sql`(${name}, CURRENT_TIMESTAMP(3))`))}
               ON DUPLICATE KEY UPDATE id = id`,
};
