// Comments: anyone signed in may comment; only authors remove their comments (a soft delete
// an admin can undo).
import type { CommentRecord, CommentRepository } from '../models/comments.js';
import { ForbiddenError, NotFoundError } from '../models/errors.js';
import type { ArticleService, Visibility } from './articles.js';

export class CommentService {
  constructor(
    private readonly comments: CommentRepository,
    private readonly articles: ArticleService,
  ) {}

  async list(
    slug: string,
    viewerId?: number,
    visibility: Visibility = {},
  ): Promise<CommentRecord[]> {
    const article = await this.articles.get(slug, viewerId, visibility);
    return this.comments.listForArticle(article.id, viewerId, visibility);
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
