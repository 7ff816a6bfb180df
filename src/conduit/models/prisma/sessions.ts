// SessionRepository on Prisma.
import type { PrismaClient } from '../../../../generated/prisma/client.js';
import type { RefreshTokenRecord, SessionRepository } from '../sessions.js';
import { translated } from './translate-errors.js';
import { referencing } from './references.js';

/** Everything but the hash, which only ever serves to find the row. */
const columns = {
  id: true,
  userId: true,
  familyId: true,
  expiresAt: true,
  createdAt: true,
  usedAt: true,
  revokedAt: true,
} as const;

const fieldOf = (column: string): string | undefined =>
  /token_?hash/i.test(column) ? 'tokenHash' : undefined;

export class PrismaSessionRepository implements SessionRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** NotFoundError('user') for a missing user (the foreign key). */
  create(token: {
    userId: number;
    familyId: string;
    tokenHash: string;
    expiresAt: Date;
  }): Promise<RefreshTokenRecord> {
    const { userId, familyId, tokenHash, expiresAt } = token;
    return translated(
      referencing(
        this.prisma.refreshToken.create({
          data: { userId, familyId, tokenHash, expiresAt },
          select: columns,
        }),
        () => 'user',
      ),
      'refresh token',
      fieldOf,
    );
  }

  async findByHash(tokenHash: string): Promise<RefreshTokenRecord | undefined> {
    const row = await this.prisma.refreshToken.findUnique({
      where: { tokenHash },
      select: columns,
    });
    return row ?? undefined;
  }

  /** One UPDATE ... WHERE used_at IS NULL AND revoked_at IS NULL: of two concurrent calls, the
   * row lock lets one update and the other, re-checking the condition, update nothing. */
  async markUsed(id: number, at: Date): Promise<boolean> {
    const { count } = await this.prisma.refreshToken.updateMany({
      where: { id, usedAt: null, revokedAt: null },
      data: { usedAt: at },
    });
    return count === 1;
  }

  async revokeFamily(familyId: string, at: Date): Promise<number> {
    const { count } = await this.prisma.refreshToken.updateMany({
      where: { familyId, revokedAt: null },
      data: { revokedAt: at },
    });
    return count;
  }
}
