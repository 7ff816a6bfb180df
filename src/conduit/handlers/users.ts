// User and Authentication operations, sessions included.
import type { Handlers } from '../../../generated/operations.js';
import type { components } from '../../../generated/types.js';
import type { Principal } from '../http/authentication.js';
import {
  invalidCredentials,
  invalidRefreshToken,
  tooManyFailedLogins,
  unauthorized,
} from '../http/problem-catalog.js';
import type { TokenService } from '../http/tokens.js';
import type { UserRecord } from '../models/users.js';
import type { SessionService } from '../services/sessions.js';
import type { UserService } from '../services/users.js';
import { answering } from './answering.js';

type UserHandlers = Pick<
  Handlers<Principal>,
  'CreateUser' | 'Login' | 'GetCurrentUser' | 'UpdateCurrentUser' | 'RefreshSession' | 'Logout'
>;

const present = (
  user: UserRecord,
  token: string,
  refreshToken?: string,
): components['schemas']['User'] => ({
  email: user.email,
  token,
  username: user.username,
  bio: user.bio,
  image: user.image,
  role: user.role,
  ...(refreshToken !== undefined && { refreshToken }),
});

export function userHandlers(
  users: UserService,
  tokens: TokenService,
  sessions: SessionService,
): UserHandlers {
  /** A new access token, and the refresh token of the session it belongs to. */
  const signedIn = (user: UserRecord, refreshToken: string) => ({
    user: present(user, tokens.sign(user.id), refreshToken),
  });

  return {
    CreateUser: ({ body }) =>
      answering(['conflict', 'invalid'], async () => {
        const user = await users.register(body.user);
        return { status: 201 as const, body: signedIn(user, await sessions.start(user.id)) };
      }),

    async Login({ body, requestId, clientIp }) {
      const outcome = await users.login(body.user.email, body.user.password, {
        requestId,
        clientIp,
      });
      if ('user' in outcome) {
        return { status: 200, body: signedIn(outcome.user, await sessions.start(outcome.user.id)) };
      }
      if (outcome.refused === 'credentials') return invalidCredentials();
      return tooManyFailedLogins(outcome.retryAfterSeconds);
    },

    async RefreshSession({ body, requestId }) {
      const rotated = await sessions.refresh(body.refreshToken, requestId);
      const user = rotated && (await users.get(rotated.userId));
      if (!rotated || !user) return invalidRefreshToken();
      return { status: 200, body: signedIn(user, rotated.refreshToken) };
    },

    async Logout({ body, requestId }) {
      await sessions.end(body.refreshToken, requestId);
      return { status: 204 };
    },

    async GetCurrentUser({ principal }) {
      const user = await users.get(principal.userId);
      // The account was deleted after the request was authenticated.
      if (!user) return unauthorized('is invalid');
      return { status: 200, body: { user: present(user, principal.token) } };
    },

    UpdateCurrentUser: ({ body, principal }) =>
      answering(['conflict', 'invalid'], async () => {
        const user = await users.update(principal.userId, body.user);
        return { status: 200 as const, body: { user: present(user, principal.token) } };
      }),
  };
}
