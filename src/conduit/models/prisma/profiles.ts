// ProfileRepository on Prisma, and the profile shape that articles and comments embed.
import { Prisma, type PrismaClient } from '../../../../generated/prisma/client.js';
import { NotFoundError, ValidationError } from '../domain-errors.js';
import type { ProfileRecord, ProfileRepository } from '../profiles.js';
import { usernameKey } from '../user-rules.js';
import { authorColumns, toAuthor, type AuthorColumns } from './author-columns.js';
import { referencing } from './references.js';
import type { SqlReader } from './sql-reader.js';

/**
 * Selects a user as a profile. With a viewer it also fetches the viewer's follow of that user
 * (at most one row, by the primary key); without one it asks nothing more.
 */
export function profileSelect(viewerId: number | undefined) {
  return {
    id: true,
    username: true,
    bio: true,
    image: true,
    followers:
      viewerId === undefined
        ? (false as const)
        : { where: { followerId: viewerId }, select: { followerId: true } },
  };
}

export interface ProfileRow {
  id: number;
  username: string;
  bio: string | null;
  image: string | null;
  /** The viewer's follow, if any; absent for anonymous viewers. */
  followers?: readonly unknown[];
}

export function toProfile({ id, username, bio, image, followers }: ProfileRow): ProfileRecord {
  return { id, username, bio, image, following: (followers?.length ?? 0) > 0 };
}

export class PrismaProfileRepository implements ProfileRepository {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly sql: SqlReader,
  ) {}

  /** One statement. */
  async findByUsername(username: string, viewerId?: number): Promise<ProfileRecord | undefined> {
    const [row] = await this.sql.rows<AuthorColumns>(Prisma.sql`
      SELECT ${authorColumns(viewerId, Prisma.sql`u.id`)}
        FROM users u WHERE u.username_key = ${usernameKey(username)}`);
    return row === undefined ? undefined : toAuthor(row);
  }

  /** Throws ValidationError for oneself (the database refuses it too), NotFoundError for a
   * missing user. */
  async follow(followerId: number, followingId: number): Promise<void> {
    if (followerId === followingId) {
      throw new ValidationError({ profile: ["can't follow yourself"] });
    }
    // INSERT ... ON CONFLICT DO NOTHING: idempotent, and safe when requests race.
    const { count } = await referencing(
      this.prisma.follow.createMany({ data: [{ followerId, followingId }], skipDuplicates: true }),
      () => 'profile',
    );
    // MySQL's INSERT IGNORE turns a missing user into a warning, not an error; a count of 0 is
    // otherwise a follow already there (or one removed since, by a racing call).
    if (count === 0) {
      const users = await this.prisma.user.count({
        where: { id: { in: [followerId, followingId] } },
      });
      if (users < 2) throw new NotFoundError('profile');
    }
  }

  async unfollow(followerId: number, followingId: number): Promise<void> {
    await this.prisma.follow.deleteMany({ where: { followerId, followingId } });
  }
}
