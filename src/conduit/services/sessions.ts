// Refresh-token sessions. A login starts a family of refresh tokens; each refresh uses one
// token up and issues the next (rotation). A used token coming back means two parties hold
// it, so the whole family is revoked. Only hashes are stored: a database leak yields no
// usable token.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { RefreshTokenRecord, SessionRepository } from '../models/sessions.js';
import type { Actor, AuditService } from './audit.js';

const TOKEN_BYTES = 32;

const hashOf = (token: string): string => createHash('sha256').update(token).digest('hex');

export interface Rotated {
  userId: number;
  refreshToken: string;
}

export class SessionService {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly audit: AuditService,
    private readonly ttlSeconds: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Starts a session (login, registration); returns its first refresh token. */
  start(userId: number): Promise<string> {
    return this.issue(userId, randomUUID());
  }

  /** The next token of the session, or undefined when the token must not be honoured. */
  async refresh(refreshToken: string, requestId: string | null): Promise<Rotated | undefined> {
    const record = await this.sessions.findByHash(hashOf(refreshToken));
    if (!record || record.revokedAt) return undefined;
    const now = this.now();
    if (record.usedAt) {
      await this.revokeOnReuse(record, requestId);
      return undefined;
    }
    if (record.expiresAt <= now) return undefined;
    // Two requests racing with one token: only one may win; the loser is treated as reuse.
    if (!(await this.sessions.markUsed(record.id, now))) {
      await this.revokeOnReuse(record, requestId);
      return undefined;
    }
    return {
      userId: record.userId,
      refreshToken: await this.issue(record.userId, record.familyId),
    };
  }

  /** Logout: revokes the token's whole family. Unknown or revoked tokens change nothing. */
  async end(refreshToken: string, requestId: string | null): Promise<void> {
    const record = await this.sessions.findByHash(hashOf(refreshToken));
    if (!record || record.revokedAt) return;
    const revoked = await this.sessions.revokeFamily(record.familyId, this.now());
    if (revoked > 0) {
      await this.audit.record(
        'session.revoked',
        { userId: record.userId, requestId },
        `session:${record.familyId}`,
        'logout',
      );
    }
  }

  private async revokeOnReuse(record: RefreshTokenRecord, requestId: string | null) {
    const revoked = await this.sessions.revokeFamily(record.familyId, this.now());
    const actor: Actor = { userId: record.userId, requestId };
    await this.audit.record(
      'session.reuse-detected',
      actor,
      `session:${record.familyId}`,
      `${revoked} token(s) revoked`,
    );
  }

  private async issue(userId: number, familyId: string): Promise<string> {
    const token = randomBytes(TOKEN_BYTES).toString('base64url');
    const expiresAt = new Date(this.now().getTime() + this.ttlSeconds * 1000);
    await this.sessions.create({ userId, familyId, tokenHash: hashOf(token), expiresAt });
    return token;
  }
}
