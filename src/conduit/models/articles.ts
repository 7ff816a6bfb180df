// The article aggregate: articles, their ordered tags, and favorites.
import type { ProfileRecord } from './profiles.js';

export interface ArticleRecord {
  id: number;
  slug: string;
  title: string;
  description: string;
  body: string;
  /** In the order the author gave. */
  tagList: string[];
  createdAt: Date;
  updatedAt: Date;
  /** Whether the viewer favorited it; false for anonymous viewers. */
  favorited: boolean;
  favoritesCount: number;
  author: ProfileRecord;
  /** When the article was removed (soft delete); null while it is published. */
  removedAt: Date | null;
}

/** What lists return: everything but the body. */
export type ArticleSummary = Omit<ArticleRecord, 'body'>;

export interface ArticleFilter {
  tag?: string;
  /** Author's username, matched ignoring case. */
  author?: string;
  /** Username of a user who favorited the article, matched ignoring case. */
  favoritedBy?: string;
  /** Only articles by authors this user follows (the feed). */
  followedBy?: number;
}

/** Reads leave removed articles (or comments) out unless `includeRemoved` is true. */
export interface RemovedOptions {
  includeRemoved?: boolean;
}

/** Position in the list order (newest first: createdAt desc, then id desc). */
export interface ArticlePosition {
  createdAt: Date;
  id: number;
}

export interface ArticlePage {
  limit: number;
  /** Skip this many (offset pagination). */
  offset?: number;
  /** Start right after this position (cursor pagination); excludes `offset`. */
  after?: ArticlePosition;
}

export interface ArticleList {
  articles: ArticleSummary[];
  /** All articles matching the filter, whatever the page. */
  articlesCount: number;
}

export interface NewArticleRecord {
  authorId: number;
  slug: string;
  title: string;
  description: string;
  body: string;
  tagList: string[];
}

export type ArticleChanges = Partial<
  Pick<ArticleRecord, 'title' | 'description' | 'body' | 'tagList'>
>;

export interface ArticleRepository {
  /** A bounded number of queries whatever the page size. Removed articles are neither listed
   * nor counted unless `options.includeRemoved`. */
  list(
    filter: ArticleFilter,
    page: ArticlePage,
    viewerId?: number,
    options?: RemovedOptions,
  ): Promise<ArticleList>;
  /** Undefined for a removed article unless `options.includeRemoved`. */
  findBySlug(
    slug: string,
    viewerId?: number,
    options?: RemovedOptions,
  ): Promise<ArticleRecord | undefined>;
  /** Throws ConflictError(['slug']) when the slug is taken. */
  create(article: NewArticleRecord): Promise<ArticleRecord>;
  /** Throws NotFoundError when the article is gone; with `unchangedSince`, ChangedError (and
   * changes nothing) when its updatedAt is no longer that, as one atomic step. */
  update(
    id: number,
    changes: ArticleChanges,
    viewerId: number,
    unchangedSince?: Date,
  ): Promise<ArticleRecord>;
  /** Soft delete: sets removedAt (a second call keeps the first time). Tags, favorites and
   * comments stay, so that restore brings them back. Idempotent. */
  remove(id: number, at: Date): Promise<void>;
  /** Clears removedAt. Idempotent. */
  restore(id: number): Promise<void>;
  /** Idempotent; throws NotFoundError when the article is gone or removed. */
  favorite(userId: number, articleId: number): Promise<void>;
  /** Idempotent. */
  unfavorite(userId: number, articleId: number): Promise<void>;
}
