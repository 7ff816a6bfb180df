// Articles: publishing, changing, listing and favoriting. Only authors change their articles.
import type {
  ArticleFilter,
  ArticleRecord,
  ArticleRepository,
  ArticleSummary,
} from '../models/articles.js';
import {
  ConflictError,
  ChangedError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from '../models/domain-errors.js';
import { decodeCursor, encodeCursor } from './cursors.js';
import { RESERVED_SLUGS, slugify, suffixed } from './slugs.js';

export interface PageRequest {
  limit: number;
  offset?: number;
  cursor?: string;
}

export interface ArticlePageResult {
  articles: ArticleSummary[];
  articlesCount: number;
  nextCursor: string | null;
}

export interface NewArticle {
  title: string;
  description: string;
  body: string;
  tagList?: string[];
}

export type ArticleUpdate = Partial<NewArticle>;

/** Removed articles and comments are seen by admins only; everyone else gets the default. */
export interface Visibility {
  includeRemoved?: boolean;
}

const SLUG_ATTEMPTS = 5;

/** Trimmed, each tag once, in the order first given. */
export const normalizeTags = (tags: readonly string[]): string[] => [
  ...new Set(tags.map((tag) => tag.trim()).filter((tag) => tag !== '')),
];

export class ArticleService {
  constructor(private readonly articles: ArticleRepository) {}

  async list(
    filter: ArticleFilter,
    page: PageRequest,
    viewerId?: number,
    visibility: Visibility = {},
  ): Promise<ArticlePageResult> {
    if (page.cursor !== undefined && page.offset !== undefined) {
      throw new ValidationError({ cursor: ["can't be combined with offset"] });
    }
    const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor);
    if (page.cursor !== undefined && !after) {
      throw new ValidationError({ cursor: ['is invalid'] });
    }
    // One extra row tells whether another page follows, without a second query.
    const { articles, articlesCount } = await this.articles.list(
      filter,
      { limit: page.limit + 1, ...(after ? { after } : { offset: page.offset ?? 0 }) },
      viewerId,
      visibility,
    );
    const pageItems = articles.slice(0, page.limit);
    const last = pageItems.at(-1);
    return {
      articles: pageItems,
      articlesCount,
      nextCursor: articles.length > page.limit && last ? encodeCursor(last) : null,
    };
  }

  async get(slug: string, viewerId?: number, visibility: Visibility = {}): Promise<ArticleRecord> {
    // Text never holds U+0000 (PostgreSQL cannot store it), so no slug has one; the database
    // would fail on it rather than find nothing.
    if (slug.includes('\0')) throw new NotFoundError('article');
    const article = await this.articles.findBySlug(slug, viewerId, visibility);
    if (!article) throw new NotFoundError('article');
    return article;
  }

  async create(authorId: number, input: NewArticle): Promise<ArticleRecord> {
    const base = slugify(input.title);
    const article = {
      authorId,
      title: input.title,
      description: input.description,
      body: input.body,
      tagList: normalizeTags(input.tagList ?? []),
    };
    for (let attempt = 0; attempt < SLUG_ATTEMPTS; attempt += 1) {
      const slug = attempt === 0 && !RESERVED_SLUGS.has(base) ? base : suffixed(base);
      try {
        return await this.articles.create({ ...article, slug });
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
      }
    }
    throw new Error(`No free slug for "${base}" after ${SLUG_ATTEMPTS} attempts`);
  }

  /** `unchanged`, when given, says whether the article is still as the caller read it; when it
   * is not, nothing changes (ChangedError). */
  async update(
    viewerId: number,
    slug: string,
    changes: ArticleUpdate,
    unchanged?: (current: ArticleRecord) => boolean,
  ): Promise<ArticleRecord> {
    const article = await this.owned(viewerId, slug, unchanged);
    const update: ArticleUpdate = {};
    if (changes.title !== undefined) update.title = changes.title;
    if (changes.description !== undefined) update.description = changes.description;
    if (changes.body !== undefined) update.body = changes.body;
    if (changes.tagList !== undefined) update.tagList = normalizeTags(changes.tagList);
    if (Object.keys(update).length === 0) {
      throw new ValidationError({
        article: ['must have at least one of title, description, body, tagList'],
      });
    }
    // Checked again as the change is written: one that landed since the check is not lost.
    return this.articles.update(article.id, update, viewerId, unchanged && article.updatedAt);
  }

  async delete(
    viewerId: number,
    slug: string,
    unchanged?: (current: ArticleRecord) => boolean,
  ): Promise<void> {
    const article = await this.owned(viewerId, slug, unchanged);
    await this.articles.remove(article.id, new Date());
  }

  async favorite(viewerId: number, slug: string): Promise<ArticleRecord> {
    const article = await this.get(slug, viewerId);
    await this.articles.favorite(viewerId, article.id);
    return this.get(slug, viewerId);
  }

  async unfavorite(viewerId: number, slug: string): Promise<ArticleRecord> {
    const article = await this.get(slug, viewerId);
    await this.articles.unfavorite(viewerId, article.id);
    return this.get(slug, viewerId);
  }

  private async owned(
    viewerId: number,
    slug: string,
    unchanged?: (current: ArticleRecord) => boolean,
  ): Promise<ArticleRecord> {
    const article = await this.get(slug, viewerId);
    if (article.author.id !== viewerId) throw new ForbiddenError('article');
    if (unchanged && !unchanged(article)) throw new ChangedError('article');
    return article;
  }
}
