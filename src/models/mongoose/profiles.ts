// ProfileRepository on Mongoose, and the profiles that articles and comments embed. A follow is
// the followed user's id in the follower's `following` array: $addToSet / $pull on one document,
// atomic and idempotent without a transaction.
import type { Model } from 'mongoose';
import { NotFoundError, ValidationError } from '../errors.js';
import type { ProfileRecord, ProfileRepository } from '../profiles.js';
import { usernameKey } from '../user-rules.js';
import type { Models, UserDocument } from './schemas.js';

/** The fields of a user that a profile shows. */
export const PROFILE_FIELDS = { username: 1, bio: 1, image: 1 } as const;

export type ProfileRow = Pick<UserDocument, '_id' | 'username' | 'bio' | 'image'>;

export function toProfile(row: ProfileRow, following: boolean): ProfileRecord {
  return {
    id: row._id,
    username: row.username,
    bio: row.bio ?? null,
    image: row.image ?? null,
    following,
  };
}

/** Ids the user follows: one query, whatever the number of profiles to mark. */
export async function followingOf(
  User: Model<UserDocument>,
  userId: number,
): Promise<ReadonlySet<number>> {
  const row = await User.findOne({ _id: userId }, { following: 1 }).lean<
    Pick<UserDocument, 'following'>
  >();
  return new Set(row?.following ?? []);
}

/**
 * The profiles of `authorIds` as `viewerId` sees them, by id: one query for the users and, for a
 * viewer whose follows are not already known, one for the viewer's follows, side by side.
 */
export async function profilesOf(
  User: Model<UserDocument>,
  authorIds: readonly number[],
  viewerId: number | undefined,
  viewerFollowing?: ReadonlySet<number>,
): Promise<Map<number, ProfileRecord>> {
  const ids = [...new Set(authorIds)];
  if (ids.length === 0) return new Map();
  const [rows, following] = await Promise.all([
    User.find({ _id: { $in: ids } }, PROFILE_FIELDS).lean<ProfileRow[]>(),
    viewerId === undefined ? new Set<number>() : (viewerFollowing ?? followingOf(User, viewerId)),
  ]);
  return new Map(rows.map((row) => [row._id, toProfile(row, following.has(row._id))]));
}

/** The profile from `profiles`; a missing author is corrupt data (no API deletes users). */
export function profileIn(profiles: ReadonlyMap<number, ProfileRecord>, authorId: number) {
  const profile = profiles.get(authorId);
  if (profile === undefined) throw new Error(`user ${authorId} is missing but has content`);
  return profile;
}

export class MongooseProfileRepository implements ProfileRepository {
  constructor(private readonly models: Models) {}

  async findByUsername(username: string, viewerId?: number): Promise<ProfileRecord | undefined> {
    const { User } = this.models;
    const row = await User.findOne(
      { usernameKey: usernameKey(username) },
      PROFILE_FIELDS,
    ).lean<ProfileRow>();
    if (row === null) return undefined;
    const following =
      viewerId !== undefined &&
      viewerId !== row._id &&
      (await User.exists({ _id: viewerId, following: row._id })) !== null;
    return toProfile(row, following);
  }

  /** Throws ValidationError for oneself, NotFoundError('profile') for a missing user. */
  async follow(followerId: number, followingId: number): Promise<void> {
    if (followerId === followingId) {
      throw new ValidationError({ profile: ["can't follow yourself"] });
    }
    const { User } = this.models;
    if ((await User.exists({ _id: followingId })) === null) throw new NotFoundError('profile');
    const { matchedCount } = await User.updateOne(
      { _id: followerId },
      { $addToSet: { following: followingId } },
    );
    if (matchedCount === 0) throw new NotFoundError('profile');
  }

  async unfollow(followerId: number, followingId: number): Promise<void> {
    await this.models.User.updateOne({ _id: followerId }, { $pull: { following: followingId } });
  }
}
