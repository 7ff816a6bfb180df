// Conduit's security policy for the runtime's security hooks (src/runtime/security.ts): the
// `Token` scheme (a JWT in `Authorization: Token <jwt>`, or `Bearer`), whose scopes in the spec
// are role names, and the 401 and 403 problems Conduit clients read.
import type { Role } from '../models/users.js';
import type { Authenticator, SecurityPolicy } from '../../runtime/security.js';
import { presentedToken, type TokenService } from './tokens.js';
import { roleRequired, unauthorized } from './problem-catalog.js';

export interface Principal {
  userId: number;
  /** The user's role, as read for this request (at most ROLE_CACHE_SECONDS old). */
  role: Role;
  /** The token the request was authenticated with, echoed by operations that return it. */
  token: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | undefined;
  }
}

/** The `Token` scheme: `Authorization: Token <jwt>` or `Bearer <jwt>`. */
function tokenAuthenticator(
  tokens: TokenService,
  findRole: (id: number) => Promise<Role | undefined>,
): Authenticator<Principal> {
  return async (request) => {
    const presented = presentedToken(request, tokens);
    if ('failure' in presented) return presented;
    const { token, verified } = presented;
    if ('failure' in verified) return verified;
    // A valid signature for a deleted account must not act as that account.
    const role = await findRole(verified.userId);
    if (role === undefined) return { failure: 'is invalid' };
    return { principal: { userId: verified.userId, role, token } };
  };
}

export function conduitSecurity(
  tokens: TokenService,
  findRole: (id: number) => Promise<Role | undefined>,
): SecurityPolicy<Principal> {
  return {
    authenticators: { Token: tokenAuthenticator(tokens, findRole) },
    grants: (principal, roles) => roles.includes(principal.role),
    unauthorized,
    forbidden: roleRequired,
  };
}
