// The profile that articles and comments embed, as columns of their own SQL reads: the author's
// user row joined as `u`, and whether the viewer follows the author.
import { Prisma } from '../../../../generated/prisma/client.js';
import type { ProfileRecord } from '../profiles.js';

export interface AuthorColumns {
  author_id: number;
  author_username: string;
  author_bio: string | null;
  author_image: string | null;
  /** A boolean, or 0/1 where the database has no boolean type (MySQL). */
  author_following: boolean | number;
}

/** `u` is the author's users row; `authorId` the column that names the author. */
export function authorColumns(viewerId: number | undefined, authorId: Prisma.Sql): Prisma.Sql {
  const following =
    viewerId === undefined
      ? Prisma.sql`false`
      : Prisma.sql`EXISTS (SELECT 1 FROM follows fo
                            WHERE fo.follower_id = ${viewerId} AND fo.following_id = ${authorId})`;
  return Prisma.sql`u.id AS author_id, u.username AS author_username, u.bio AS author_bio,
    u.image AS author_image, ${following} AS author_following`;
}

export const toAuthor = (row: AuthorColumns): ProfileRecord => ({
  id: row.author_id,
  username: row.author_username,
  bio: row.author_bio,
  image: row.author_image,
  following: Boolean(row.author_following),
});
