// Administration: accounts, roles and the audit log. The spec's `Token: [admin]` requirement
// is enforced before these run; they hold no role checks of their own.
import type { Handlers } from '../../../generated/operations.js';
import type { components } from '../../../generated/types.js';
import type { Principal } from '../http/authentication.js';
import type { AuditEventRecord } from '../models/audit.js';
import type { UserRecord } from '../models/users.js';
import type { AuditService } from '../services/audit.js';
import type { UserService } from '../services/users.js';
import { answering } from './answering.js';

type AdminHandlers = Pick<Handlers<Principal>, 'ListUsers' | 'ChangeUserRole' | 'ListAuditEvents'>;
type Schemas = components['schemas'];

const DEFAULT_LIMIT = 20;

const presentAccount = (user: UserRecord): Schemas['AdminUser'] => ({
  username: user.username,
  email: user.email,
  role: user.role,
  bio: user.bio,
  image: user.image,
  createdAt: user.createdAt.toISOString(),
});

const presentEvent = (event: AuditEventRecord): Schemas['AuditEvent'] => ({
  id: event.id,
  action: event.action,
  actor: event.actorUsername,
  target: event.target,
  detail: event.detail,
  requestId: event.requestId,
  createdAt: event.createdAt.toISOString(),
});

export function adminHandlers(users: UserService, audit: AuditService): AdminHandlers {
  return {
    async ListUsers({ query }) {
      const page = await users.list({
        limit: query.limit ?? DEFAULT_LIMIT,
        offset: query.offset ?? 0,
      });
      return {
        status: 200,
        body: { users: page.users.map(presentAccount), usersCount: page.usersCount },
      };
    },

    ChangeUserRole: ({ params, body, principal, requestId }) =>
      answering(['notFound'], async () => {
        const actor = { userId: principal.userId, requestId };
        const user = await users.changeRole(actor, params.username, body.role);
        return { status: 200 as const, body: { user: presentAccount(user) } };
      }),

    async ListAuditEvents({ query }) {
      const page = await audit.list({
        limit: query.limit ?? DEFAULT_LIMIT,
        offset: query.offset ?? 0,
      });
      return {
        status: 200,
        body: { events: page.events.map(presentEvent), eventsCount: page.eventsCount },
      };
    },
  };
}
