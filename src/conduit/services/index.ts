// The services over one database: the rules of the domain, wired together once per app.
import type { Database } from '../models/database.js';
import { ArticleService } from './articles.js';
import { AuditService } from './audit.js';
import { CommentService } from './comments.js';
import { LoginGuard, type LoginBudgets } from './login-guard.js';
import { ModerationService } from './moderation.js';
import { ProfileService } from './profiles.js';
import { SessionService } from './sessions.js';
import { UserService } from './users.js';

export interface ServiceOptions {
  refreshTokenTtlSeconds: number;
  /** Failed-login budgets; without them (scripts, tests of other rules) logins are unlimited. */
  loginBudgets?: LoginBudgets;
  /** How long authentication may reuse a role it read; 0 (the default): never. */
  roleCacheSeconds?: number;
}

export function createServices(database: Database, options: ServiceOptions) {
  const audit = new AuditService(database.audit, database.users);
  const articles = new ArticleService(database.articles);
  return {
    audit,
    users: new UserService(database.users, audit, {
      guard: new LoginGuard(options.loginBudgets),
      roleCacheSeconds: options.roleCacheSeconds ?? 0,
    }),
    sessions: new SessionService(database.sessions, audit, options.refreshTokenTtlSeconds),
    profiles: new ProfileService(database.profiles),
    articles,
    comments: new CommentService(database.comments, articles),
    moderation: new ModerationService(database.articles, database.comments, articles, audit),
    tags: database.tags,
  };
}
