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
  /** A bounded number of queries whatever the page size. */
  list(filter: ArticleFilter, page: ArticlePage, viewerId?: number): Promise<ArticleList>;
  findBySlug(slug: string, viewerId?: number): Promise<ArticleRecord | undefined>;
  /** Throws ConflictError(['slug']) when the slug is taken. */
  create(article: NewArticleRecord): Promise<ArticleRecord>;
  /** Throws NotFoundError when the article is gone. */
  update(id: number, changes: ArticleChanges, viewerId: number): Promise<ArticleRecord>;
  /** Removes the article with its tags links, favorites and comments. Idempotent. */
  delete(id: number): Promise<void>;
  /** Idempotent; throws NotFoundError when the article is gone. */
  favorite(userId: number, articleId: number): Promise<void>;
  /** Idempotent. */
  unfavorite(userId: number, articleId: number): Promise<void>;
}
