// CommentRepository on Prisma.
import { Prisma, type PrismaClient } from '../../../../generated/prisma/client.js';
import type { RemovedOptions } from '../articles.js';
import type {
  CommentOwnership,
  CommentPage,
  CommentRecord,
  CommentRepository,
} from '../comments.js';
import { authorColumns, toAuthor, type AuthorColumns } from './author-columns.js';
import { profileSelect, toProfile, type ProfileRow } from './profiles.js';
import { referencing } from './references.js';
import { clearRemoved, markRemoved, visibleWhere } from './removal.js';
import type { SqlReader } from './sql-reader.js';

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

interface CommentSqlRow extends AuthorColumns {
  id: number;
  body: string;
  created_at: Date;
  updated_at: Date;
  removed_at: Date | null;
}

const toComment = ({ author, ...comment }: CommentRow): CommentRecord => ({
  ...comment,
  author: toProfile(author),
});

const fromSql = (row: CommentSqlRow): CommentRecord => ({
  id: row.id,
  body: row.body,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  removedAt: row.removed_at,
  author: toAuthor(row),
});

const visibleSql = (options: RemovedOptions) =>
  options.includeRemoved === true ? Prisma.empty : Prisma.sql`AND c.removed_at IS NULL`;

/** Comments matching `where` (on `c`), with their authors and the viewer's follows of them. */
const commentsWhere = (viewerId: number | undefined, where: Prisma.Sql) => Prisma.sql`
  SELECT c.id, c.body, c.created_at, c.updated_at, c.removed_at,
         ${authorColumns(viewerId, Prisma.sql`c.author_id`)}
    FROM comments c JOIN users u ON u.id = c.author_id
   WHERE ${where}`;

/** Which side of a comment is missing, from the violated foreign key. */
const commentTarget = (constraint: string): string =>
  /author/i.test(constraint) ? 'user' : 'article';

export class PrismaCommentRepository implements CommentRepository {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly sql: SqlReader,
  ) {}

  /** One statement, read backwards along comments(article_id, created_at, id) from the
   * position, so it stops after `limit` rows however long the thread. */
  async pageForArticle(
    articleId: number,
    page: CommentPage,
    viewerId?: number,
    options: RemovedOptions = {},
  ): Promise<CommentRecord[]> {
    const before =
      page.before === undefined
        ? Prisma.empty
        : Prisma.sql`AND (c.created_at, c.id) < (${page.before.createdAt}, ${page.before.id})`;
    const thread = Prisma.sql`c.article_id = ${articleId} ${visibleSql(options)} ${before}`;
    const rows = await this.sql.rows<CommentSqlRow>(Prisma.sql`
      ${commentsWhere(viewerId, thread)}
       ORDER BY c.created_at DESC, c.id DESC
       LIMIT ${page.limit}`);
    return rows.map(fromSql);
  }

  async findWithAuthor(
    id: number,
    viewerId?: number,
    options: RemovedOptions = {},
  ): Promise<CommentRecord | undefined> {
    const [row] = await this.sql.rows<CommentSqlRow>(
      commentsWhere(viewerId, Prisma.sql`c.id = ${id} ${visibleSql(options)}`),
    );
    return row === undefined ? undefined : fromSql(row);
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
