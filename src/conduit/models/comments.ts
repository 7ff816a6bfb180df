// Comments on articles.
import type { ArticlePosition, RemovedOptions } from './articles.js';
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

/** A comment's place in its thread: createdAt, then id (the same shape as an article's). */
export type CommentPosition = ArticlePosition;

export interface CommentPage {
  limit: number;
  /** Only comments older than this position (createdAt, then id); the newest ones without. */
  before?: CommentPosition;
}

export interface CommentRepository {
  /** The article's newest `page.limit` comments older than `page.before`, newest first
   * (createdAt desc, then id desc); one read whatever the limit. Removed comments are left out
   * unless `options.includeRemoved`. */
  pageForArticle(
    articleId: number,
    page: CommentPage,
    viewerId?: number,
    options?: RemovedOptions,
  ): Promise<CommentRecord[]>;
  /** One comment as a page shows it to `viewerId`, in one read; undefined when it is missing,
   * or removed unless `options.includeRemoved`. */
  findWithAuthor(
    id: number,
    viewerId?: number,
    options?: RemovedOptions,
  ): Promise<CommentRecord | undefined>;
  /** Throws NotFoundError when the article is gone. */
  create(comment: { articleId: number; authorId: number; body: string }): Promise<CommentRecord>;
  /** Undefined for a removed comment unless `options.includeRemoved`. */
  find(id: number, options?: RemovedOptions): Promise<CommentOwnership | undefined>;
  /** Soft delete: sets removedAt (a second call keeps the first time). Idempotent. */
  remove(id: number, at: Date): Promise<void>;
  /** Clears removedAt. Idempotent. */
  restore(id: number): Promise<void>;
}
