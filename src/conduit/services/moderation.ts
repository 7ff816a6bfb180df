// Moderation: admins remove and restore anyone's articles and comments. Nothing is erased
// (removal hides), and every change is audited with the admin who made it.
import type { ArticleRecord, ArticleRepository } from '../models/articles.js';
import type { CommentRecord, CommentRepository } from '../models/comments.js';
import { NotFoundError } from '../models/domain-errors.js';
import type { ArticleService, Visibility } from './articles.js';
import type { Actor, AuditService } from './audit.js';

// Moderators act on removed content too.
const EVERYTHING: Visibility = { includeRemoved: true };

export class ModerationService {
  constructor(
    private readonly articleRecords: ArticleRepository,
    private readonly comments: CommentRepository,
    private readonly articles: ArticleService,
    private readonly audit: AuditService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async removeArticle(actor: Actor, slug: string): Promise<void> {
    const article = await this.article(actor, slug);
    if (article.removedAt) return;
    await this.articleRecords.remove(article.id, this.now());
    await this.audit.record('article.removed', actor, `article:${article.slug}`);
  }

  async restoreArticle(actor: Actor, slug: string): Promise<ArticleRecord> {
    const article = await this.article(actor, slug);
    if (!article.removedAt) return article;
    await this.articleRecords.restore(article.id);
    await this.audit.record('article.restored', actor, `article:${article.slug}`);
    return this.article(actor, slug);
  }

  async removeComment(actor: Actor, slug: string, commentId: number): Promise<void> {
    const { comment } = await this.comment(actor, slug, commentId);
    if (comment.removedAt) return;
    await this.comments.remove(comment.id, this.now());
    await this.audit.record('comment.removed', actor, `comment:${comment.id}`, `on ${slug}`);
  }

  async restoreComment(actor: Actor, slug: string, commentId: number): Promise<CommentRecord> {
    const { comment } = await this.comment(actor, slug, commentId);
    if (comment.removedAt) {
      await this.comments.restore(comment.id);
      await this.audit.record('comment.restored', actor, `comment:${comment.id}`, `on ${slug}`);
    }
    const restored = await this.comments.findWithAuthor(
      comment.id,
      actor.userId ?? undefined,
      EVERYTHING,
    );
    if (!restored) throw new NotFoundError('comment');
    return restored;
  }

  private article(actor: Actor, slug: string): Promise<ArticleRecord> {
    return this.articles.get(slug, actor.userId ?? undefined, EVERYTHING);
  }

  /** The comment, which must belong to the article in the path. */
  private async comment(actor: Actor, slug: string, commentId: number) {
    const article = await this.article(actor, slug);
    const comment = await this.comments.find(commentId, EVERYTHING);
    if (!comment || comment.articleId !== article.id) throw new NotFoundError('comment');
    return { article, comment };
  }
}
