// Profile operations.
import type { Handlers } from '../../../generated/operations.js';
import type { Principal } from '../http/authentication.js';
import type { ProfileService } from '../services/profiles.js';
import { answering } from './answering.js';
import { presentProfile } from './presenters.js';

type ProfileHandlers = Pick<
  Handlers<Principal>,
  'GetProfileByUsername' | 'FollowUserByUsername' | 'UnfollowUserByUsername'
>;

export function profileHandlers(profiles: ProfileService): ProfileHandlers {
  return {
    GetProfileByUsername: ({ params, principal }) =>
      answering(['notFound'], async () => {
        const profile = await profiles.get(params.username, principal?.userId);
        return { status: 200 as const, body: { profile: presentProfile(profile) } };
      }),

    FollowUserByUsername: ({ params, principal }) =>
      answering(['notFound', 'invalid'], async () => {
        const profile = await profiles.follow(principal.userId, params.username);
        return { status: 200 as const, body: { profile: presentProfile(profile) } };
      }),

    UnfollowUserByUsername: ({ params, principal }) =>
      answering(['notFound'], async () => {
        const profile = await profiles.unfollow(principal.userId, params.username);
        return { status: 200 as const, body: { profile: presentProfile(profile) } };
      }),
  };
}
