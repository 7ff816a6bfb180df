// Comments: anyone signed in may comment; only authors remove their comments (a soft delete
// an admin can undo). Threads are read a page at a time, newest page first.
import type { CommentRecord, CommentRepository } from '../models/comments.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../models/domain-errors.js';
import type { ArticleService, Visibility } from './articles.js';
import { decodeCursor, encodeCursor } from './cursors.js';

export interface CommentPageRequest {
  limit: number;
  cursor?: string;
}

export interface CommentPageResult {
  /** Oldest first within the page. */
  comments: CommentRecord[];
  /** Continues with older comments; null when this page reaches the first. */
  nextCursor: string | null;
}

export class CommentService {
  constructor(
    private readonly comments: CommentRepository,
    private readonly articles: ArticleService,
  ) {}

  /** The newest `limit` comments, or those just older than the cursor's position. */
  async list(
    slug: string,
    page: CommentPageRequest,
    viewerId?: number,
    visibility: Visibility = {},
  ): Promise<CommentPageResult> {
    const before = page.cursor === undefined ? undefined : decodeCursor(page.cursor);
    if (page.cursor !== undefined && !before) {
      throw new ValidationError({ cursor: ['is invalid'] });
    }
    const article = await this.articles.get(slug, viewerId, visibility);
    // One extra row tells whether older comments remain, without a second read.
    const newestFirst = await this.comments.pageForArticle(
      article.id,
      { limit: page.limit + 1, ...(before && { before }) },
      viewerId,
      visibility,
    );
    const shown = newestFirst.slice(0, page.limit);
    const oldest = shown.at(-1);
    return {
      // Conduit clients show a thread oldest first.
      comments: shown.reverse(),
      nextCursor: newestFirst.length > page.limit && oldest ? encodeCursor(oldest) : null,
    };
  }

  async add(viewerId: number, slug: string, body: string): Promise<CommentRecord> {
    const article = await this.articles.get(slug, viewerId);
    return this.comments.create({ articleId: article.id, authorId: viewerId, body });
  }

  async delete(viewerId: number, slug: string, commentId: number): Promise<void> {
    const article = await this.articles.get(slug, viewerId);
    const comment = await this.comments.find(commentId);
    if (!comment || comment.articleId !== article.id) throw new NotFoundError('comment');
    if (comment.authorId !== viewerId) throw new ForbiddenError('comment');
    await this.comments.remove(comment.id, new Date());
  }
}
