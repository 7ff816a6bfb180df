// ArticleRepository on Prisma. Rows are read and mapped in article-rows.ts.
import type { PrismaClient } from '../../../generated/prisma/client.js';
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
import {
  afterWhere,
  favoritesCounts,
  filterWhere,
  LIST_ORDER,
  readArticle,
  summarySelect,
  tagLinks,
  toSummary,
} from './article-rows.js';
import { NotFoundError } from '../errors.js';
import { translated } from './errors.js';
import { referencing } from './references.js';
import { clearRemoved, markRemoved, visibleWhere } from './removal.js';

const fieldOf = (column: string): string | undefined => (/slug/i.test(column) ? 'slug' : undefined);

/** Which side of a favorite is missing, from the violated foreign key. */
const favoriteTarget = (constraint: string): string =>
  /user/i.test(constraint) ? 'user' : 'article';

export class PrismaArticleRepository implements ArticleRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * The page, then one query per relation read for all its articles (authors, tag links, tags,
   * and for a viewer their favorites and follows), then the favorite counts; the total count runs
   * alongside. Eight queries for a viewer, six for anonymous ones, whatever the page size.
   */
  async list(
    filter: ArticleFilter,
    page: ArticlePage,
    viewerId?: number,
    options: RemovedOptions = {},
  ): Promise<ArticleList> {
    const filters = filterWhere(filter, options);
    const pageRows = async () => {
      const rows = await this.prisma.article.findMany({
        where: { AND: page.after === undefined ? filters : [...filters, afterWhere(page.after)] },
        orderBy: [...LIST_ORDER],
        ...(page.after === undefined && page.offset ? { skip: page.offset } : {}),
        take: page.limit,
        select: summarySelect(viewerId),
      });
      const counts = await favoritesCounts(
        this.prisma,
        rows.map((row) => row.id),
      );
      return rows.map((row) => toSummary(row, counts));
    };
    const [articles, articlesCount] = await Promise.all([
      pageRows(),
      this.prisma.article.count({ where: { AND: filters } }),
    ]);
    return { articles, articlesCount };
  }

  findBySlug(
    slug: string,
    viewerId?: number,
    options: RemovedOptions = {},
  ): Promise<ArticleRecord | undefined> {
    return readArticle(this.prisma, { slug, ...visibleWhere(options) }, viewerId);
  }

  /** The article and its tag links in one transaction; a taken slug leaves nothing behind. */
  async create({ tagList, ...fields }: NewArticleRecord): Promise<ArticleRecord> {
    const work = this.prisma.$transaction(async (tx) => {
      const links = await tagLinks(tx, tagList);
      const { id } = await tx.article.create({
        data: { ...fields, tags: { createMany: { data: links } } },
        select: { id: true },
      });
      return id;
    });
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
  ): Promise<ArticleRecord> {
    const work = this.prisma.$transaction(async (tx) => {
      const links = tagList === undefined ? undefined : await tagLinks(tx, tagList);
      await tx.article.update({
        where: { id },
        data: {
          ...fields,
          updatedAt: new Date(),
          ...(links === undefined ? {} : { tags: { deleteMany: {}, createMany: { data: links } } }),
        },
        select: { id: true },
      });
    });
    await translated(work, 'article', fieldOf);
    return this.readWritten(id, viewerId);
  }

  /**
   * Reads back what was just written, after the commit: reading inside the transaction would
   * run Prisma's parallel relation reads on the transaction's single connection.
   */
  private async readWritten(id: number, viewerId: number): Promise<ArticleRecord> {
    const article = await readArticle(this.prisma, { id }, viewerId);
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
    await referencing(
      this.prisma.favorite.createMany({ data: [{ userId, articleId }], skipDuplicates: true }),
      favoriteTarget,
    );
  }

  async unfavorite(userId: number, articleId: number): Promise<void> {
    await this.prisma.favorite.deleteMany({ where: { userId, articleId } });
  }
}
