// Access tokens: HS256 JSON Web Tokens through @fastify/jwt. Only HS256 is accepted, so
// `alg: none` and algorithm-confusion tokens fail verification.
import { randomUUID } from 'node:crypto';
import fastifyJwt from '@fastify/jwt';
import type { FastifyInstance, FastifyRequest } from 'fastify';

export type Verified = { userId: number } | { failure: 'is invalid' | 'has expired' };

export interface TokenService {
  sign(userId: number): string;
  verify(token: string): Verified;
}

const ALGORITHM = 'HS256';

const TOKEN_SCHEMES = /^(?:Token|Bearer)\s+(\S+)\s*$/i;

/** What a request's `Authorization: Token <jwt>` (or `Bearer <jwt>`) header holds. */
export type Presented =
  { token: string; verified: Verified } | { failure: 'is missing' | 'is invalid' };

// Both the rate limiter (whose budget to draw on) and authentication read the token; the
// signature is checked once per request.
const presentedBy = new WeakMap<FastifyRequest, Presented>();

export function presentedToken(request: FastifyRequest, tokens: Pick<TokenService, 'verify'>) {
  let presented = presentedBy.get(request);
  if (presented === undefined) {
    const header = request.headers.authorization;
    const token = header === undefined ? undefined : TOKEN_SCHEMES.exec(header)?.[1];
    if (header === undefined || header.trim() === '') presented = { failure: 'is missing' };
    else if (token === undefined) presented = { failure: 'is invalid' };
    else presented = { token, verified: tokens.verify(token) };
    presentedBy.set(request, presented);
  }
  return presented;
}

export async function registerTokens(
  app: FastifyInstance,
  secret: string,
  ttlSeconds: number,
): Promise<TokenService> {
  await app.register(fastifyJwt, {
    secret,
    sign: { algorithm: ALGORITHM, expiresIn: ttlSeconds },
    verify: { algorithms: [ALGORITHM], requiredClaims: ['sub', 'exp'] },
  });
  return {
    // A unique id per token: two tokens issued in the same second are still distinct.
    sign: (userId) => app.jwt.sign({ sub: String(userId), jti: randomUUID() }),
    verify(token) {
      let claims: { sub?: unknown };
      try {
        claims = app.jwt.verify<{ sub?: unknown }>(token);
      } catch (error) {
        const expired = (error as { code?: string }).code === 'FAST_JWT_EXPIRED';
        return { failure: expired ? 'has expired' : 'is invalid' };
      }
      const userId = typeof claims.sub === 'string' ? Number(claims.sub) : NaN;
      return Number.isSafeInteger(userId) && userId > 0 ? { userId } : { failure: 'is invalid' };
    },
  };
}
