// DO NOT EDIT. Rewritten by `make scaffold` from the stubs in this folder.
// The operations no handwritten module under src/handlers/ implements yet, each answered by its
// stub here (501 Not Implemented). src/handlers/index.ts spreads these before the handwritten
// handlers, so an implementation always wins. After implementing an operation, delete its stub
// and run `make scaffold`.
import type { Handlers } from '../../../generated/operations.js';
import type { Principal } from '../../http/authentication.js';
import { ChangeUserRole } from './ChangeUserRole.js';
import { GetMetrics } from './GetMetrics.js';
import { ListAuditEvents } from './ListAuditEvents.js';
import { ListUsers } from './ListUsers.js';
import { Logout } from './Logout.js';
import { RefreshSession } from './RefreshSession.js';
import { RemoveArticle } from './RemoveArticle.js';
import { RemoveComment } from './RemoveComment.js';
import { RestoreArticle } from './RestoreArticle.js';
import { RestoreComment } from './RestoreComment.js';

// `satisfies`, not a type annotation: the object keeps its exact keys for the spread, and a
// stub whose operation left the spec is an error here.
export const pendingHandlers = {
  ChangeUserRole,
  GetMetrics,
  ListAuditEvents,
  ListUsers,
  Logout,
  RefreshSession,
  RemoveArticle,
  RemoveComment,
  RestoreArticle,
  RestoreComment,
} satisfies Partial<Handlers<Principal>>;
