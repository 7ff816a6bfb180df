// CommentRepository on Prisma.
import type { PrismaClient } from '../../../generated/prisma/client.js';
import type { RemovedOptions } from '../articles.js';
import type { CommentOwnership, CommentRecord, CommentRepository } from '../comments.js';
import { profileSelect, toProfile, type ProfileRow } from './profiles.js';
import { referencing } from './references.js';
import { clearRemoved, markRemoved, visibleWhere } from './removal.js';

function commentSelect(viewerId: number | undefined) {
  return {
    id: true,
    body: true,
    createdAt: true,
    updatedAt: true,
    removedAt: true,
    author: { select: profileSelect(viewerId) },
  };
}

interface CommentRow extends Omit<CommentRecord, 'author'> {
  author: ProfileRow;
}

const toComment = ({ author, ...comment }: CommentRow): CommentRecord => ({
  ...comment,
  author: toProfile(author),
});

/** Which side of a comment is missing, from the violated foreign key. */
const commentTarget = (constraint: string): string =>
  /author/i.test(constraint) ? 'user' : 'article';

export class PrismaCommentRepository implements CommentRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** The comments, their authors, and the viewer's follows of them: three queries at most. */
  async listForArticle(
    articleId: number,
    viewerId?: number,
    options: RemovedOptions = {},
  ): Promise<CommentRecord[]> {
    const rows = await this.prisma.comment.findMany({
      where: { articleId, ...visibleWhere(options) },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      select: commentSelect(viewerId),
    });
    return rows.map(toComment);
  }

  async create(comment: {
    articleId: number;
    authorId: number;
    body: string;
  }): Promise<CommentRecord> {
    const row = await referencing(
      this.prisma.comment.create({ data: comment, select: commentSelect(comment.authorId) }),
      commentTarget,
    );
    return toComment(row);
  }

  async find(id: number, options: RemovedOptions = {}): Promise<CommentOwnership | undefined> {
    const row = await this.prisma.comment.findUnique({
      where: { id, ...visibleWhere(options) },
      select: { id: true, articleId: true, authorId: true, removedAt: true },
    });
    return row ?? undefined;
  }

  async remove(id: number, at: Date): Promise<void> {
    await markRemoved(this.prisma, 'comments', id, at);
  }

  async restore(id: number): Promise<void> {
    await clearRemoved(this.prisma, 'comments', id);
  }
}
