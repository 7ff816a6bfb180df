// All operation handlers. The `satisfies` below is the compile-time proof that every operation
// of the spec is implemented with its documented request and response types.
import type { Handlers } from '../../generated/operations.js';
import type { Principal } from '../http/authentication.js';
import type { TokenService } from '../http/tokens.js';
import type { TagRepository } from '../models/tags.js';
import type { ArticleService } from '../services/articles.js';
import type { CommentService } from '../services/comments.js';
import type { ProfileService } from '../services/profiles.js';
import type { UserService } from '../services/users.js';
import { articleHandlers } from './articles.js';
import { commentHandlers } from './comments.js';
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
  /** Resolves when the database answers (readiness). */
  databaseAnswers: () => Promise<void>;
}

export function createHandlers(services: Services): Handlers<Principal> {
  return {
    // 501 stubs from `make scaffold` for operations not implemented yet; first, so that a
    // handwritten handler always wins.
    ...pendingHandlers,
    ...userHandlers(services.users, services.tokens),
    ...profileHandlers(services.profiles),
    ...articleHandlers(services.articles),
    ...commentHandlers(services.comments),
    ...tagHandlers(services.tags),
    ...probeHandlers(services.databaseAnswers),
  } satisfies Handlers<Principal>;
}
