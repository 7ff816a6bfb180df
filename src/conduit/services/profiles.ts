// Profiles and follows.
import { NotFoundError, ValidationError } from '../models/domain-errors.js';
import type { ProfileRecord, ProfileRepository } from '../models/profiles.js';

export class ProfileService {
  constructor(private readonly profiles: ProfileRepository) {}

  /** Throws NotFoundError('profile') for an unknown username. */
  async get(username: string, viewerId?: number): Promise<ProfileRecord> {
    // Usernames never hold U+0000 (see the Username schema); the database would fail on it.
    if (username.includes('\0')) throw new NotFoundError('profile');
    const profile = await this.profiles.findByUsername(username, viewerId);
    if (!profile) throw new NotFoundError('profile');
    return profile;
  }

  async follow(viewerId: number, username: string): Promise<ProfileRecord> {
    const profile = await this.get(username, viewerId);
    if (profile.id === viewerId) {
      throw new ValidationError({ profile: ["can't follow yourself"] });
    }
    await this.profiles.follow(viewerId, profile.id);
    return { ...profile, following: true };
  }

  async unfollow(viewerId: number, username: string): Promise<ProfileRecord> {
    const profile = await this.get(username, viewerId);
    await this.profiles.unfollow(viewerId, profile.id);
    return { ...profile, following: false };
  }
}
