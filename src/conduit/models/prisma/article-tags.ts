// The tag links an article write stores.
import type { Prisma } from '../../../../generated/prisma/client.js';

/**
 * Makes sure the tags exist and returns the links to store, in the given order (a repeated
 * name keeps its first place). Tags are inserted in name order, so that two transactions adding
 * the same new tags cannot deadlock; an existing tag is left alone (ON CONFLICT DO NOTHING).
 */
export async function tagLinks(
  tx: Prisma.TransactionClient,
  tagList: readonly string[],
): Promise<{ tagId: number; position: number }[]> {
  const names = [...new Set(tagList)];
  if (names.length === 0) return [];
  await tx.tag.createMany({
    data: names.toSorted().map((name) => ({ name })),
    skipDuplicates: true,
  });
  const tags = await tx.tag.findMany({
    where: { name: { in: names } },
    select: { id: true, name: true },
  });
  const idOf = new Map(tags.map((tag) => [tag.name, tag.id]));
  return names.map((name, position) => {
    const tagId = idOf.get(name);
    if (tagId === undefined) throw new Error(`tag "${name}" vanished while being linked`);
    return { tagId, position };
  });
}
