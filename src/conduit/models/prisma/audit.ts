// AuditRepository on Prisma.
import type { PrismaClient } from '../../../../generated/prisma/client.js';
import type { AuditAction, AuditEventRecord, AuditRepository, NewAuditEvent } from '../audit.js';

const columns = {
  id: true,
  action: true,
  actorId: true,
  actorUsername: true,
  target: true,
  detail: true,
  requestId: true,
  createdAt: true,
} as const;

type AuditRow = Omit<AuditEventRecord, 'action'> & { action: string };

/** Only append() writes the column, always with an AuditAction. */
const toEvent = (row: AuditRow): AuditEventRecord => ({
  ...row,
  action: row.action as AuditAction,
});

export class PrismaAuditRepository implements AuditRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async append(event: NewAuditEvent): Promise<AuditEventRecord> {
    const { action, actorId, actorUsername, target, detail, requestId } = event;
    const row = await this.prisma.auditEvent.create({
      data: { action, actorId, actorUsername, target, detail, requestId },
      select: columns,
    });
    return toEvent(row);
  }

  /** The page (on the created_at desc, id desc index) and the count side by side. */
  async list(page: {
    limit: number;
    offset: number;
  }): Promise<{ events: AuditEventRecord[]; eventsCount: number }> {
    const [rows, eventsCount] = await Promise.all([
      this.prisma.auditEvent.findMany({
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        skip: page.offset,
        take: page.limit,
        select: columns,
      }),
      this.prisma.auditEvent.count(),
    ]);
    return { events: rows.map(toEvent), eventsCount };
  }
}
