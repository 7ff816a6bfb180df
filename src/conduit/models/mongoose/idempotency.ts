// IdempotencyRepository on Mongoose: one document per key, claimed by an insert (the `_id`
// index lets one of concurrent claims in) or by taking over an expired one in one conditional
// update.
import type { Claim, IdempotencyRepository, StoredAnswer } from '../idempotency.js';
import { isDuplicateId } from './translate-errors.js';
import type { IdempotencyKeyDocument, Models } from './schemas.js';

const idOf = (scope: string, key: string) => `${scope} ${key}`;

export class MongooseIdempotencyRepository implements IdempotencyRepository {
  constructor(private readonly models: Models) {}

  async claim(request: {
    scope: string;
    key: string;
    fingerprint: string;
    leaseUntil: Date;
    expiresAt: Date;
  }): Promise<Claim> {
    const { IdempotencyKey } = this.models;
    const _id = idOf(request.scope, request.key);
    const fresh = {
      fingerprint: request.fingerprint,
      status: null,
      contentType: null,
      body: null,
      leaseUntil: request.leaseUntil,
      expiresAt: request.expiresAt,
    };
    try {
      await IdempotencyKey.create({ _id, ...fresh });
      return { state: 'claimed' };
    } catch (error) {
      if (!isDuplicateId(error)) throw error;
    }
    const now = new Date();
    const taken = await IdempotencyKey.updateOne(
      { _id, $or: [{ expiresAt: { $lt: now } }, { status: null, leaseUntil: { $lt: now } }] },
      { $set: fresh },
    );
    if (taken.matchedCount === 1) return { state: 'claimed' };
    const held = await IdempotencyKey.findById(_id).lean<IdempotencyKeyDocument>();
    if (held === null) return this.claim(request);
    if (held.fingerprint !== request.fingerprint) return { state: 'mismatch' };
    if (held.status === null) return { state: 'in-progress' };
    return {
      state: 'answered',
      answer: { status: held.status, contentType: held.contentType ?? '', body: held.body ?? '' },
    };
  }

  async complete(scope: string, key: string, answer: StoredAnswer): Promise<void> {
    await this.models.IdempotencyKey.updateOne({ _id: idOf(scope, key) }, { $set: answer });
  }

  async release(scope: string, key: string): Promise<void> {
    await this.models.IdempotencyKey.deleteOne({ _id: idOf(scope, key), status: null });
  }
}
