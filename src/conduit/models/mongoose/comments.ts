// CommentRepository on Mongoose. Comments are their own collection (an article may have many),
// keyed by articleId; removing an article leaves them be (articles.ts).
import type { QueryFilter } from 'mongoose';
import type { RemovedOptions } from '../articles.js';
import type {
  CommentOwnership,
  CommentPage,
  CommentPosition,
  CommentRecord,
  CommentRepository,
} from '../comments.js';
import { NotFoundError } from '../domain-errors.js';
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

/**
 * Strictly before `position` (createdAt, then _id). The createdAt bound comes first so that the
 * index articleId_1_createdAt_1 is scanned from the position, the $or only settling ties.
 */
const beforeMatch = ({ createdAt, id }: CommentPosition): QueryFilter<CommentDocument> => ({
  createdAt: { $lte: createdAt },
  $or: [{ createdAt: { $lt: createdAt } }, { _id: { $lt: id } }],
});

/** Each comment's author and the viewer's follow of them, and the fields a record needs. */
const rowStages = (viewerId: number | undefined) => [
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
];

const toRecord = (row: CommentRow): CommentRecord => ({
  id: row._id,
  body: row.body,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
  author: authorOf(row, row.authorId),
  removedAt: row.removedAt ?? null,
});

export class MongooseCommentRepository implements CommentRepository {
  constructor(private readonly models: Models) {}

  /** One aggregation, read backwards along the index articleId_1_createdAt_1 from the position
   * and stopped after `limit`, with each comment's author and the viewer's follow of them. */
  async pageForArticle(
    articleId: number,
    page: CommentPage,
    viewerId?: number,
    options: RemovedOptions = {},
  ): Promise<CommentRecord[]> {
    const before = page.before === undefined ? {} : beforeMatch(page.before);
    const rows = await this.models.Comment.aggregate<CommentRow>([
      { $match: { articleId, ...visibleMatch(options), ...before } },
      { $sort: { createdAt: -1, _id: -1 } },
      { $limit: page.limit },
      ...rowStages(viewerId),
    ]).exec();
    return rows.map(toRecord);
  }

  async findWithAuthor(
    id: number,
    viewerId?: number,
    options: RemovedOptions = {},
  ): Promise<CommentRecord | undefined> {
    const [row] = await this.models.Comment.aggregate<CommentRow>([
      { $match: { _id: id, ...visibleMatch(options) } },
      { $limit: 1 },
      ...rowStages(viewerId),
    ]).exec();
    return row === undefined ? undefined : toRecord(row);
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
