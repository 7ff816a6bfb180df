// IdempotencyRepository on SQL: one row per key; of concurrent claims exactly one gets the row.
import type { PrismaClient } from '../../../../generated/prisma/client.js';
import type { Claim, IdempotencyRepository, StoredAnswer } from '../idempotency.js';

// Expired rows of other keys are swept now and then, by the claims themselves.
const SWEEP_EVERY = 1000;

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
      await this.prisma.idempotencyKey.deleteMany({ where: { expiresAt: { lt: new Date() } } });
    }
    // The insert of a new key, else the takeover of an expired answer or of a claim whose lease
    // ran out: each is one statement on the row, so of concurrent claims exactly one counts 1
    // (an UPDATE re-reads the row it waited for, on PostgreSQL and on InnoDB alike).
    const inserted = await this.prisma.idempotencyKey.createMany({
      data: [{ scope, key, fingerprint, leaseUntil, expiresAt }],
      skipDuplicates: true,
    });
    if (inserted.count === 1) return { state: 'claimed' };
    const now = new Date();
    const taken = await this.prisma.idempotencyKey.updateMany({
      where: {
        scope,
        key,
        OR: [{ expiresAt: { lt: now } }, { status: null, leaseUntil: { lt: now } }],
      },
      data: {
        fingerprint,
        status: null,
        contentType: null,
        body: null,
        leaseUntil,
        expiresAt,
        createdAt: now,
      },
    });
    if (taken.count === 1) return { state: 'claimed' };
    const held = await this.prisma.idempotencyKey.findUnique({
      where: { scope_key: { scope, key } },
      select: { fingerprint: true, status: true, contentType: true, body: true },
    });
    if (held === null) return this.claim(request);
    if (held.fingerprint !== fingerprint) return { state: 'mismatch' };
    if (held.status === null) return { state: 'in-progress' };
    return {
      state: 'answered',
      answer: { status: held.status, contentType: held.contentType ?? '', body: held.body ?? '' },
    };
  }

  async complete(scope: string, key: string, answer: StoredAnswer): Promise<void> {
    const { status, contentType, body } = answer;
    await this.prisma.idempotencyKey.updateMany({
      where: { scope, key },
      data: { status, contentType, body },
    });
  }

  async release(scope: string, key: string): Promise<void> {
    await this.prisma.idempotencyKey.deleteMany({ where: { scope, key, status: null } });
  }
}
