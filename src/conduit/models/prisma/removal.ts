// Soft delete on Prisma. removed_at is set and cleared by plain UPDATEs rather than through the
// client, whose @updatedAt would bump updated_at: removing and restoring leave updatedAt, which
// tells when the content last changed, as it was.
import { Prisma, type PrismaClient } from '../../../../generated/prisma/client.js';
import type { RemovedOptions } from '../articles.js';

/** A where clause for rows that are not removed, or for every row with `includeRemoved`. */
export const visibleWhere = ({ includeRemoved }: RemovedOptions) =>
  includeRemoved === true ? {} : { removedAt: null };

type RemovableTable = 'articles' | 'comments';

// Unquoted: PostgreSQL and MySQL quote identifiers differently, and these names need none.
const table = (name: RemovableTable) => Prisma.raw(name);

/** Sets removed_at unless it is set already: removing twice keeps the first time. */
export async function markRemoved(
  prisma: PrismaClient,
  name: RemovableTable,
  id: number,
  at: Date,
): Promise<void> {
  await prisma.$executeRaw`
    UPDATE ${table(name)} SET removed_at = ${at} WHERE id = ${id} AND removed_at IS NULL`;
}

export async function clearRemoved(
  prisma: PrismaClient,
  name: RemovableTable,
  id: number,
): Promise<void> {
  await prisma.$executeRaw`
    UPDATE ${table(name)} SET removed_at = NULL WHERE id = ${id} AND removed_at IS NOT NULL`;
}
