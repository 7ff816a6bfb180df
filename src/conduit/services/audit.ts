// The audit trail: who did what to whom, when, and in which request. Actors are recorded with
// the username they had at the time, so the trail still reads right after a rename.
import type { AuditAction, AuditEventRecord, AuditRepository } from '../models/audit.js';
import type { UserRepository } from '../models/users.js';

/** Who acts (null: nobody authenticated, or the command line) and the request it came in. */
export interface Actor {
  userId: number | null;
  /** When the caller already has it; otherwise it is looked up. */
  username?: string;
  requestId: string | null;
}

export const SYSTEM: Actor = { userId: null, requestId: null };

export interface AuditPage {
  events: AuditEventRecord[];
  eventsCount: number;
}

export class AuditService {
  constructor(
    private readonly events: AuditRepository,
    private readonly users: UserRepository,
  ) {}

  async record(
    action: AuditAction,
    actor: Actor,
    target: string,
    detail: string | null = null,
  ): Promise<void> {
    const username =
      actor.username ??
      (actor.userId === null ? undefined : (await this.users.findById(actor.userId))?.username);
    await this.events.append({
      action,
      actorId: actor.userId,
      actorUsername: username ?? null,
      target,
      detail,
      requestId: actor.requestId,
    });
  }

  list(page: { limit: number; offset: number }): Promise<AuditPage> {
    return this.events.list(page);
  }
}
