// All operation handlers. The `satisfies` below is the compile-time proof that every operation
// of the spec is implemented with its documented request and response types.
import type { Handlers } from '../../generated/operations.js';
import type { Principal } from '../http/authentication.js';
import type { TokenService } from '../http/tokens.js';
import type { UserService } from '../services/users.js';
import { userHandlers } from './users.js';

export interface Services {
  users: UserService;
  tokens: TokenService;
}

export function createHandlers(services: Services): Handlers<Principal> {
  return {
    ...userHandlers(services.users, services.tokens),
  } satisfies Handlers<Principal>;
}
