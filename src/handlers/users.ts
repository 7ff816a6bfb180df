// User and Authentication operations.
import type { Handlers } from '../../generated/operations.js';
import type { components } from '../../generated/types.js';
import type { Principal } from '../http/authentication.js';
import { invalidCredentials, unauthorized } from '../http/problems.js';
import type { TokenService } from '../http/tokens.js';
import type { UserRecord } from '../models/users.js';
import type { UserService } from '../services/users.js';
import { answering } from './domain-errors.js';

type UserHandlers = Pick<
  Handlers<Principal>,
  'CreateUser' | 'Login' | 'GetCurrentUser' | 'UpdateCurrentUser'
>;

const present = (user: UserRecord, token: string): components['schemas']['User'] => ({
  email: user.email,
  token,
  username: user.username,
  bio: user.bio,
  image: user.image,
});

export function userHandlers(users: UserService, tokens: TokenService): UserHandlers {
  return {
    CreateUser: ({ body }) =>
      answering(['conflict', 'invalid'], async () => {
        const user = await users.register(body.user);
        return { status: 201 as const, body: { user: present(user, tokens.sign(user.id)) } };
      }),

    async Login({ body }) {
      const user = await users.login(body.user.email, body.user.password);
      if (!user) return invalidCredentials();
      return { status: 200, body: { user: present(user, tokens.sign(user.id)) } };
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
