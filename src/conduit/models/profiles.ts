// Profiles and follows: a user as others see them.

export interface ProfileRecord {
  id: number;
  username: string;
  bio: string | null;
  image: string | null;
  /** Whether the viewer follows this user; false for anonymous viewers. */
  following: boolean;
}

export interface ProfileRepository {
  /** Matches the username ignoring case. */
  findByUsername(username: string, viewerId?: number): Promise<ProfileRecord | undefined>;
  /** Idempotent: following twice leaves one follow. */
  follow(followerId: number, followingId: number): Promise<void>;
  /** Idempotent: unfollowing someone not followed changes nothing. */
  unfollow(followerId: number, followingId: number): Promise<void>;
}
