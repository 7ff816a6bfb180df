// The tag links an article write stores.
import type { Prisma } from '../../../../generated/prisma/client.js';
import type { SqlDialect } from './sql-dialect.js';

/**
 * Makes sure the tags exist and returns the links to store, in the given order (a repeated
 * name keeps its first place). Tags are inserted in name order, so that two transactions adding
 * the same new tags cannot deadlock; an existing tag is left alone (see SqlDialect.insertTags).
 */
export async function tagLinks(
  tx: Prisma.TransactionClient,
  dialect: SqlDialect,
  tagList: readonly string[],
): Promise<{ tagId: number; position: number }[]> {
  const names = [...new Set(tagList)];
  if (names.length === 0) return [];
  const idOf = new Map<string, number>();
  // A name can still be missing after its insert: seen on MariaDB under concurrent article
  // writes, some of them rolled back; inserting what is missing again finds or makes it.
  for (let attempt = 0; attempt < 3 && idOf.size < names.length; attempt++) {
    const missing = names.filter((name) => !idOf.has(name));
    await tx.$executeRaw(dialect.insertTags(missing.toSorted()));
    const tags = await tx.tag.findMany({
      where: { name: { in: missing } },
      select: { id: true, name: true },
    });
    for (const tag of tags) idOf.set(tag.name, tag.id);
  }
  return names.map((name, position) => {
    const tagId = idOf.get(name);
    if (tagId === undefined) throw new Error(`tag "${name}" vanished while being linked`);
    return { tagId, position };
  });
}
