// Comments on articles.
import type { RemovedOptions } from './articles.js';
import type { ProfileRecord } from './profiles.js';

export interface CommentRecord {
  id: number;
  body: string;
  createdAt: Date;
  updatedAt: Date;
  author: ProfileRecord;
  /** When the comment was removed (soft delete); null while it is shown. */
  removedAt: Date | null;
}

export interface CommentOwnership {
  id: number;
  articleId: number;
  authorId: number;
  removedAt: Date | null;
}

export interface CommentRepository {
  /** Oldest first; a bounded number of queries whatever the count. Removed comments are left
   * out unless `options.includeRemoved`. */
  listForArticle(
    articleId: number,
    viewerId?: number,
    options?: RemovedOptions,
  ): Promise<CommentRecord[]>;
  /** Throws NotFoundError when the article is gone. */
  create(comment: { articleId: number; authorId: number; body: string }): Promise<CommentRecord>;
  /** Undefined for a removed comment unless `options.includeRemoved`. */
  find(id: number, options?: RemovedOptions): Promise<CommentOwnership | undefined>;
  /** Soft delete: sets removedAt (a second call keeps the first time). Idempotent. */
  remove(id: number, at: Date): Promise<void>;
  /** Clears removedAt. Idempotent. */
  restore(id: number): Promise<void>;
}
