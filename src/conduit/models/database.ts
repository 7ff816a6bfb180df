// The database as the services see it: repositories only, whatever backend holds them. The
// backend is chosen by URL in backends.ts.
import type { ArticleRepository } from './articles.js';
import type { AuditRepository } from './audit.js';
import type { CommentRepository } from './comments.js';
import type { IdempotencyRepository } from './idempotency.js';
import type { ProfileRepository } from './profiles.js';
import type { SessionRepository } from './sessions.js';
import type { TagRepository } from './tags.js';
import type { UserRepository } from './users.js';

export interface Database {
  users: UserRepository;
  profiles: ProfileRepository;
  articles: ArticleRepository;
  comments: CommentRepository;
  tags: TagRepository;
  sessions: SessionRepository;
  audit: AuditRepository;
  idempotency: IdempotencyRepository;
  /** Applies pending schema changes (migrations or indexes). */
  migrate(): Promise<void>;
  /** Resolves when the database answers; rejects when it cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
