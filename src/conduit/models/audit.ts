// The audit log: who did what to whom, appended and never changed.

export type AuditAction =
  | 'login.succeeded'
  | 'login.failed'
  | 'login.locked-out'
  | 'role.changed'
  | 'session.revoked'
  | 'session.reuse-detected'
  | 'article.removed'
  | 'article.restored'
  | 'comment.removed'
  | 'comment.restored';

export interface NewAuditEvent {
  action: AuditAction;
  actorId: number | null;
  /** The actor's username at the time: stored, not joined, since usernames can change. */
  actorUsername: string | null;
  target: string;
  detail: string | null;
  requestId: string | null;
}

export interface AuditEventRecord extends NewAuditEvent {
  id: number;
  createdAt: Date;
}

export interface AuditRepository {
  append(event: NewAuditEvent): Promise<AuditEventRecord>;
  /** Newest first (createdAt desc, id desc); eventsCount counts all events. */
  list(page: {
    limit: number;
    offset: number;
  }): Promise<{ events: AuditEventRecord[]; eventsCount: number }>;
}
