// All operation handlers. The `satisfies` below is the compile-time proof that every operation
// of the spec is implemented with its documented request and response types.
import type { Handlers } from '../../../generated/operations.js';
import type { Principal } from '../http/authentication.js';
import type { TokenService } from '../http/tokens.js';
import type { TagRepository } from '../models/tags.js';
import type { ArticleService } from '../services/articles.js';
import type { AuditService } from '../services/audit.js';
import type { CommentService } from '../services/comments.js';
import type { ModerationService } from '../services/moderation.js';
import type { ProfileService } from '../services/profiles.js';
import type { SessionService } from '../services/sessions.js';
import type { UserService } from '../services/users.js';
import { adminHandlers } from './admin.js';
import { articleHandlers } from './articles.js';
import { commentHandlers } from './comments.js';
import { metricsHandlers, type MetricsSource } from './metrics.js';
import { moderationHandlers } from './moderation.js';
import { pendingHandlers } from './pending/index.js';
import { probeHandlers } from './probes.js';
import { profileHandlers } from './profiles.js';
import { tagHandlers } from './tags.js';
import { userHandlers } from './users.js';

export interface Services {
  users: UserService;
  profiles: ProfileService;
  articles: ArticleService;
  comments: CommentService;
  tags: TagRepository;
  tokens: TokenService;
  sessions: SessionService;
  audit: AuditService;
  moderation: ModerationService;
  metrics: MetricsSource;
  /** Resolves when the database answers (readiness). */
  databaseAnswers: () => Promise<void>;
}

export function createHandlers(services: Services): Handlers<Principal> {
  return {
    // 501 stubs from `make scaffold` for operations not implemented yet; first, so that a
    // handwritten handler always wins.
    ...pendingHandlers,
    ...userHandlers(services.users, services.tokens, services.sessions),
    ...adminHandlers(services.users, services.audit),
    ...moderationHandlers(services.moderation),
    ...profileHandlers(services.profiles),
    ...articleHandlers(services.articles),
    ...commentHandlers(services.comments),
    ...tagHandlers(services.tags),
    ...probeHandlers(services.databaseAnswers),
    ...metricsHandlers(services.metrics),
  } satisfies Handlers<Principal>;
}
