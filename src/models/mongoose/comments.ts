// CommentRepository on Mongoose. Comments are their own collection (an article may have many),
// keyed by articleId; removing an article leaves them be (articles.ts).
import type { RemovedOptions } from '../articles.js';
import type { CommentOwnership, CommentRecord, CommentRepository } from '../comments.js';
import { NotFoundError } from '../errors.js';
import {
  AUTHOR_FIELDS,
  authorOf,
  authorStages,
  PROFILE_FIELDS,
  toProfile,
  type AuthorColumns,
  type ProfileRow,
} from './author-stages.js';
import { clearRemoved, markRemoved, visibleMatch } from './removal.js';
import { insertWithNewId, type CommentDocument, type Models } from './schemas.js';

type CommentRow = Omit<CommentDocument, 'articleId'> & AuthorColumns;

export class MongooseCommentRepository implements CommentRepository {
  constructor(private readonly models: Models) {}

  /** One aggregation, oldest first (the index articleId_1_createdAt_1), with each comment's
   * author and the viewer's follow of them. */
  async listForArticle(
    articleId: number,
    viewerId?: number,
    options: RemovedOptions = {},
  ): Promise<CommentRecord[]> {
    const rows = await this.models.Comment.aggregate<CommentRow>([
      { $match: { articleId, ...visibleMatch(options) } },
      { $sort: { createdAt: 1, _id: 1 } },
      ...authorStages('authorId', viewerId),
      {
        $project: {
          authorId: 1,
          body: 1,
          createdAt: 1,
          updatedAt: 1,
          removedAt: 1,
          ...AUTHOR_FIELDS,
        },
      },
    ]).exec();
    return rows.map((row) => ({
      id: row._id,
      body: row.body,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      author: authorOf(row, row.authorId),
      removedAt: row.removedAt ?? null,
    }));
  }

  /** Throws NotFoundError('article') or NotFoundError('user') when either is gone. */
  async create({
    articleId,
    authorId,
    body,
  }: {
    articleId: number;
    authorId: number;
    body: string;
  }): Promise<CommentRecord> {
    const { Article, User, Comment, Counter } = this.models;
    const [article, author] = await Promise.all([
      Article.exists({ _id: articleId }),
      User.findOne({ _id: authorId }, PROFILE_FIELDS).lean<ProfileRow>(),
    ]);
    if (article === null) throw new NotFoundError('article');
    if (author === null) throw new NotFoundError('user');
    const now = new Date();
    const stored = { body, createdAt: now, updatedAt: now, removedAt: null };
    const id = await insertWithNewId(Counter, 'comments', (_id) =>
      Comment.create({ _id, articleId, authorId, ...stored }),
    );
    // Nobody follows themselves.
    return { id, ...stored, author: toProfile(author, false) };
  }

  async find(id: number, options: RemovedOptions = {}): Promise<CommentOwnership | undefined> {
    const row = await this.models.Comment.findOne(
      { _id: id, ...visibleMatch(options) },
      { articleId: 1, authorId: 1, removedAt: 1 },
    ).lean<Pick<CommentDocument, '_id' | 'articleId' | 'authorId' | 'removedAt'>>();
    return row === null
      ? undefined
      : {
          id: row._id,
          articleId: row.articleId,
          authorId: row.authorId,
          removedAt: row.removedAt ?? null,
        };
  }

  async remove(id: number, at: Date): Promise<void> {
    await markRemoved(this.models.Comment, id, at);
  }

  async restore(id: number): Promise<void> {
    await clearRemoved(this.models.Comment, id);
  }
}
