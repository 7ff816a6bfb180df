// ArticleRepository on Prisma. Reads are single SQL statements (article-reads.ts); writes go
// through the client, tag links as article-tags.ts makes them.
import type { PrismaClient } from '../../../../generated/prisma/client.js';
import type {
  ArticleChanges,
  ArticleFilter,
  ArticleList,
  ArticlePage,
  ArticleRecord,
  ArticleRepository,
  NewArticleRecord,
  RemovedOptions,
} from '../articles.js';
import { listArticles, readArticle } from './article-reads.js';
import { tagLinks } from './article-tags.js';
import { ChangedError, NotFoundError } from '../domain-errors.js';
import { translated } from './translate-errors.js';
import { referencing } from './references.js';
import { retryingConflicts } from './conflict-retry.js';
import { clearRemoved, markRemoved } from './removal.js';
import type { SqlReader } from './sql-reader.js';

const fieldOf = (column: string): string | undefined => (/slug/i.test(column) ? 'slug' : undefined);

/** Which side of a favorite is missing, from the violated foreign key. */
const favoriteTarget = (constraint: string): string =>
  /user/i.test(constraint) ? 'user' : 'article';

export class PrismaArticleRepository implements ArticleRepository {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly sql: SqlReader,
  ) {}

  /** Two statements, sent together: the page and the count. */
  list(
    filter: ArticleFilter,
    page: ArticlePage,
    viewerId?: number,
    options: RemovedOptions = {},
  ): Promise<ArticleList> {
    return listArticles(this.sql, filter, page, viewerId, options);
  }

  /** One statement. */
  findBySlug(
    slug: string,
    viewerId?: number,
    options: RemovedOptions = {},
  ): Promise<ArticleRecord | undefined> {
    return readArticle(this.sql, { slug }, viewerId, options);
  }

  /** The article and its tag links in one transaction; a taken slug leaves nothing behind. */
  async create({ tagList, ...fields }: NewArticleRecord): Promise<ArticleRecord> {
    const work = retryingConflicts(() =>
      this.prisma.$transaction(async (tx) => {
        const links = await tagLinks(tx, this.sql.dialect, tagList);
        const { id } = await tx.article.create({
          data: { ...fields, tags: { createMany: { data: links } } },
          select: { id: true },
        });
        return id;
      }),
    );
    const id = await translated(
      referencing(work, () => 'user'),
      'article',
      fieldOf,
    );
    return this.readWritten(id, fields.authorId);
  }

  /** A new tagList replaces the links, in its order. Always bumps updatedAt. */
  async update(
    id: number,
    { tagList, ...fields }: ArticleChanges,
    viewerId: number,
    unchangedSince?: Date,
  ): Promise<ArticleRecord> {
    const work = retryingConflicts(() =>
      this.prisma.$transaction(async (tx) => {
        if (unchangedSince !== undefined) {
          // Locks the row when it is as read: a change committed since (or racing, whose lock
          // this waits for) leaves no row to match.
          const { count } = await tx.article.updateMany({
            where: { id, updatedAt: unchangedSince },
            data: { updatedAt: unchangedSince },
          });
          if (count === 0) {
            const exists = (await tx.article.count({ where: { id } })) > 0;
            throw exists ? new ChangedError('article') : new NotFoundError('article');
          }
        }
        const links =
          tagList === undefined ? undefined : await tagLinks(tx, this.sql.dialect, tagList);
        await tx.article.update({
          where: { id },
          data: {
            ...fields,
            updatedAt: new Date(),
            ...(links === undefined
              ? {}
              : { tags: { deleteMany: {}, createMany: { data: links } } }),
          },
          select: { id: true },
        });
      }),
    );
    await translated(work, 'article', fieldOf);
    return this.readWritten(id, viewerId);
  }

  /** Reads back what was just written, after the commit. */
  private async readWritten(id: number, viewerId: number): Promise<ArticleRecord> {
    const article = await readArticle(this.sql, { id }, viewerId, { includeRemoved: true });
    if (article === undefined) throw new NotFoundError('article');
    return article;
  }

  /** One statement; tag links, favorites and comments are left as they are. */
  async remove(id: number, at: Date): Promise<void> {
    await markRemoved(this.prisma, 'articles', id, at);
  }

  async restore(id: number): Promise<void> {
    await clearRemoved(this.prisma, 'articles', id);
  }

  /** NotFoundError('article') for a missing or removed article, NotFoundError('user') for a
   * missing user. A removal racing the favorite may let it in, as if it had come just before. */
  async favorite(userId: number, articleId: number): Promise<void> {
    const shown = await this.prisma.article.count({ where: { id: articleId, removedAt: null } });
    if (shown === 0) throw new NotFoundError('article');
    // INSERT ... ON CONFLICT DO NOTHING: idempotent, and safe when requests race.
    const { count } = await referencing(
      this.prisma.favorite.createMany({ data: [{ userId, articleId }], skipDuplicates: true }),
      favoriteTarget,
    );
    // MySQL's INSERT IGNORE turns a missing user or article into a warning, not an error; a
    // count of 0 is otherwise a favorite already there (or one removed since, by a racing call).
    if (count === 0) {
      const [users, articles] = await Promise.all([
        this.prisma.user.count({ where: { id: userId } }),
        this.prisma.article.count({ where: { id: articleId } }),
      ]);
      if (users === 0 || articles === 0) throw new NotFoundError(users === 0 ? 'user' : 'article');
    }
  }

  async unfavorite(userId: number, articleId: number): Promise<void> {
    await this.prisma.favorite.deleteMany({ where: { userId, articleId } });
  }
}
