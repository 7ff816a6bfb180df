// Refresh-token sessions. A login starts a family of tokens; each refresh rotates the token it
// was given (marks it used) and issues the next of the same family, so presenting a used token
// again reveals a stolen one and its whole family can be revoked.

export interface RefreshTokenRecord {
  id: number;
  userId: number;
  familyId: string;
  expiresAt: Date;
  createdAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
}

export interface SessionRepository {
  /** Stores a token by its hash (the raw token is never stored). Throws NotFoundError when the
   * user is gone. */
  create(token: {
    userId: number;
    familyId: string;
    tokenHash: string;
    expiresAt: Date;
  }): Promise<RefreshTokenRecord>;
  findByHash(tokenHash: string): Promise<RefreshTokenRecord | undefined>;
  /** Marks the token used (rotated) only if it is neither used nor revoked yet; false when another
   * request got there first. Must be a single conditional update (atomic), not read-then-write. */
  markUsed(id: number, at: Date): Promise<boolean>;
  /** Revokes every not-yet-revoked token of the family; returns how many were revoked. */
  revokeFamily(familyId: string, at: Date): Promise<number>;
}
