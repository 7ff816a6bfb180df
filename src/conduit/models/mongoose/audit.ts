// AuditRepository on Mongoose: the auditevents collection, keyed like the others by integer ids
// from the counters.
import type { AuditEventRecord, AuditRepository, NewAuditEvent } from '../audit.js';
import { offsetPage } from './pages.js';
import { insertWithNewId, type AuditEventDocument, type Models } from './schemas.js';

const toEvent = (row: AuditEventDocument): AuditEventRecord => ({
  id: row._id,
  action: row.action,
  actorId: row.actorId ?? null,
  actorUsername: row.actorUsername ?? null,
  target: row.target,
  detail: row.detail ?? null,
  requestId: row.requestId ?? null,
  createdAt: row.createdAt,
});

/** The list order: newest first, id breaking ties (the index createdAt_-1__id_-1). */
const LIST_ORDER = { createdAt: -1, _id: -1 } as const;

export class MongooseAuditRepository implements AuditRepository {
  constructor(private readonly models: Models) {}

  async append(event: NewAuditEvent): Promise<AuditEventRecord> {
    const { AuditEvent, Counter } = this.models;
    const { action, actorId, actorUsername, target, detail, requestId } = event;
    const stored = { action, actorId, actorUsername, target, detail, requestId };
    const createdAt = new Date();
    const id = await insertWithNewId(Counter, 'auditevents', (_id) =>
      AuditEvent.create({ _id, ...stored, createdAt }),
    );
    return toEvent({ _id: id, ...stored, createdAt });
  }

  async list(page: {
    limit: number;
    offset: number;
  }): Promise<{ events: AuditEventRecord[]; eventsCount: number }> {
    const { rows, count } = await offsetPage<AuditEventDocument, AuditEventDocument>(
      this.models.AuditEvent,
      LIST_ORDER,
      page,
    );
    return { events: rows.map(toEvent), eventsCount: count };
  }
}
