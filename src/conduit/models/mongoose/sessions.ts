// SessionRepository on Mongoose: the refreshtokens collection, keyed like the others by integer
// ids from the counters. Rotation and revocation are single conditional updates.
import { NotFoundError } from '../domain-errors.js';
import type { RefreshTokenRecord, SessionRepository } from '../sessions.js';
import { translated } from './translate-errors.js';
import { insertWithNewId, type Models, type RefreshTokenDocument } from './schemas.js';

/** Everything but the hash, which only ever serves to find the document. */
const TOKEN_FIELDS = {
  userId: 1,
  familyId: 1,
  expiresAt: 1,
  createdAt: 1,
  usedAt: 1,
  revokedAt: 1,
} as const;

type TokenRow = Omit<RefreshTokenDocument, 'tokenHash'>;

const toToken = (row: TokenRow): RefreshTokenRecord => ({
  id: row._id,
  userId: row.userId,
  familyId: row.familyId,
  expiresAt: row.expiresAt,
  createdAt: row.createdAt,
  usedAt: row.usedAt ?? null,
  revokedAt: row.revokedAt ?? null,
});

export class MongooseSessionRepository implements SessionRepository {
  constructor(private readonly models: Models) {}

  /** NotFoundError('user') for a missing user, as the SQL backend's foreign key does. */
  async create({
    userId,
    familyId,
    tokenHash,
    expiresAt,
  }: {
    userId: number;
    familyId: string;
    tokenHash: string;
    expiresAt: Date;
  }): Promise<RefreshTokenRecord> {
    const { User, RefreshToken, Counter } = this.models;
    if ((await User.exists({ _id: userId })) === null) throw new NotFoundError('user');
    const stored = { userId, familyId, expiresAt, createdAt: new Date(), usedAt: null };
    const id = await translated(
      insertWithNewId(Counter, 'refreshtokens', (_id) =>
        RefreshToken.create({ _id, ...stored, tokenHash, revokedAt: null }),
      ),
    );
    return toToken({ _id: id, ...stored, revokedAt: null });
  }

  async findByHash(tokenHash: string): Promise<RefreshTokenRecord | undefined> {
    const row = await this.models.RefreshToken.findOne(
      { tokenHash },
      TOKEN_FIELDS,
    ).lean<TokenRow>();
    return row === null ? undefined : toToken(row);
  }

  /** One updateOne whose filter holds the condition: the server applies it to the document
   * atomically, so of two concurrent calls only one matches. */
  async markUsed(id: number, at: Date): Promise<boolean> {
    const { modifiedCount } = await this.models.RefreshToken.updateOne(
      { _id: id, usedAt: null, revokedAt: null },
      { $set: { usedAt: at } },
    );
    return modifiedCount === 1;
  }

  async revokeFamily(familyId: string, at: Date): Promise<number> {
    const { modifiedCount } = await this.models.RefreshToken.updateMany(
      { familyId, revokedAt: null },
      { $set: { revokedAt: at } },
    );
    return modifiedCount;
  }
}
