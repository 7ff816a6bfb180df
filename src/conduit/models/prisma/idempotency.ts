// IdempotencyRepository on PostgreSQL: one row per key, claimed in one statement (an insert, or
// the takeover of an expired answer or of a claim whose lease ran out), so that of concurrent
// claims exactly one gets the row.
import type { PrismaClient } from '../../../../generated/prisma/client.js';
import type { Claim, IdempotencyRepository, StoredAnswer } from '../idempotency.js';

// Expired rows of other keys are swept now and then, by the claims themselves.
const SWEEP_EVERY = 1000;

interface HeldRow {
  fingerprint: string;
  status: number | null;
  content_type: string | null;
  body: string | null;
}

export class PrismaIdempotencyRepository implements IdempotencyRepository {
  private claims = 0;

  constructor(private readonly prisma: PrismaClient) {}

  async claim(request: {
    scope: string;
    key: string;
    fingerprint: string;
    leaseUntil: Date;
    expiresAt: Date;
  }): Promise<Claim> {
    const { scope, key, fingerprint, leaseUntil, expiresAt } = request;
    if (++this.claims % SWEEP_EVERY === 0) {
      await this.prisma.$executeRaw`DELETE FROM idempotency_keys WHERE expires_at < now()`;
    }
    const claimed = await this.prisma.$queryRaw<unknown[]>`
      INSERT INTO idempotency_keys (scope, key, fingerprint, lease_until, expires_at)
      VALUES (${scope}, ${key}, ${fingerprint}, ${leaseUntil}, ${expiresAt})
      ON CONFLICT (scope, key) DO UPDATE
         SET fingerprint = EXCLUDED.fingerprint, status = NULL, content_type = NULL,
             body = NULL, lease_until = EXCLUDED.lease_until, expires_at = EXCLUDED.expires_at,
             created_at = now()
       WHERE idempotency_keys.expires_at < now()
          OR (idempotency_keys.status IS NULL AND idempotency_keys.lease_until < now())
      RETURNING 1`;
    if (claimed.length === 1) return { state: 'claimed' };
    const [held] = await this.prisma.$queryRaw<HeldRow[]>`
      SELECT fingerprint, status, content_type, body FROM idempotency_keys
       WHERE scope = ${scope} AND key = ${key}`;
    if (held === undefined) return this.claim(request);
    if (held.fingerprint !== fingerprint) return { state: 'mismatch' };
    if (held.status === null) return { state: 'in-progress' };
    return {
      state: 'answered',
      answer: { status: held.status, contentType: held.content_type ?? '', body: held.body ?? '' },
    };
  }

  async complete(scope: string, key: string, answer: StoredAnswer): Promise<void> {
    await this.prisma.$executeRaw`
      UPDATE idempotency_keys
         SET status = ${answer.status}, content_type = ${answer.contentType}, body = ${answer.body}
       WHERE scope = ${scope} AND key = ${key}`;
  }

  async release(scope: string, key: string): Promise<void> {
    await this.prisma.$executeRaw`
      DELETE FROM idempotency_keys WHERE scope = ${scope} AND key = ${key} AND status IS NULL`;
  }
}
