// Comments on articles.
import type { ProfileRecord } from './profiles.js';

export interface CommentRecord {
  id: number;
  body: string;
  createdAt: Date;
  updatedAt: Date;
  author: ProfileRecord;
}

export interface CommentOwnership {
  id: number;
  articleId: number;
  authorId: number;
}

export interface CommentRepository {
  /** Oldest first; a bounded number of queries whatever the count. */
  listForArticle(articleId: number, viewerId?: number): Promise<CommentRecord[]>;
  /** Throws NotFoundError when the article is gone. */
  create(comment: { articleId: number; authorId: number; body: string }): Promise<CommentRecord>;
  find(id: number): Promise<CommentOwnership | undefined>;
  /** Idempotent. */
  delete(id: number): Promise<void>;
}
