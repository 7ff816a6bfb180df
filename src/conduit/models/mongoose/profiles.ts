// ProfileRepository on Mongoose. A follow is the followed user's id in the follower's `following`
// array: $addToSet / $pull on one document, atomic and idempotent without a transaction.
import { NotFoundError, ValidationError } from '../domain-errors.js';
import type { ProfileRecord, ProfileRepository } from '../profiles.js';
import { usernameKey } from '../user-rules.js';
import {
  PROFILE_FIELDS,
  toProfile,
  VIEWER_FOLLOWS,
  viewerFollowsStages,
  type ProfileRow,
} from './author-stages.js';
import type { Models } from './schemas.js';

export class MongooseProfileRepository implements ProfileRepository {
  constructor(private readonly models: Models) {}

  /** One aggregation: the user by usernameKey (the index) and the viewer's follow of them. */
  async findByUsername(username: string, viewerId?: number): Promise<ProfileRecord | undefined> {
    const [row] = await this.models.User.aggregate<ProfileRow & { followed: boolean }>([
      { $match: { usernameKey: usernameKey(username) } },
      { $limit: 1 },
      ...viewerFollowsStages('_id', viewerId),
      { $project: { ...PROFILE_FIELDS, followed: VIEWER_FOLLOWS } },
    ]).exec();
    return row === undefined ? undefined : toProfile(row, row.followed);
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
