// Access tokens: HS256 JSON Web Tokens through @fastify/jwt. Only HS256 is accepted, so
// `alg: none` and algorithm-confusion tokens fail verification.
import { randomUUID } from 'node:crypto';
import fastifyJwt from '@fastify/jwt';
import type { FastifyInstance } from 'fastify';

export type Verified = { userId: number } | { failure: 'is invalid' | 'has expired' };

export interface TokenService {
  sign(userId: number): string;
  verify(token: string): Verified;
}

const ALGORITHM = 'HS256';

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
