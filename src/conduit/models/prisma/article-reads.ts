// How articles are read on the SQL databases: one SQL statement per read (a list page's count included),
// with the author, the ordered tags, the favorite count and the viewer's favorite and follow
// computed in it. Built with Prisma.sql (bound parameters only), sent by the SQL reader
// (sql-reader.ts) and mapped by hand: the client's relation reads cost one round trip per
// relation, and round trips and client work dominated a list page's time.
import { Prisma } from '../../../../generated/prisma/client.js';
import type {
  ArticleFilter,
  ArticleList,
  ArticlePage,
  ArticleRecord,
  ArticleSummary,
  RemovedOptions,
} from '../articles.js';
import { usernameKey } from '../user-rules.js';
import { authorColumns, toAuthor, type AuthorColumns } from './author-columns.js';
import type { SqlReader } from './sql-reader.js';

/** A row as the statements below return it. */
interface ArticleRow extends AuthorColumns {
  id: number;
  slug: string;
  title: string;
  description: string;
  body?: string;
  created_at: Date;
  updated_at: Date;
  removed_at: Date | null;
  /** A boolean, or 0/1 where the database has no boolean type (MySQL). */
  favorited: boolean | number;
  favorites_count: number;
  /** As the dialect's tagNames gives it. */
  tag_list: unknown;
}

/** The columns of an article read: everything a summary needs, and the body when asked. */
function columns(sql: SqlReader, viewerId: number | undefined, withBody: boolean): Prisma.Sql {
  const viewerFavorited =
    viewerId === undefined
      ? Prisma.sql`false`
      : Prisma.sql`EXISTS (SELECT 1 FROM favorites f
                            WHERE f.user_id = ${viewerId} AND f.article_id = a.id)`;
  return Prisma.sql`
    a.id, a.slug, a.title, a.description, ${withBody ? Prisma.sql`a.body,` : Prisma.empty}
    a.created_at, a.updated_at, a.removed_at,
    ${authorColumns(viewerId, Prisma.sql`a.author_id`)},
    ${viewerFavorited} AS favorited,
    (SELECT ${sql.dialect.int(Prisma.sql`count(*)`)} FROM favorites f WHERE f.article_id = a.id)
      AS favorites_count,
    ${sql.dialect.tagNames(Prisma.sql`a.id`)} AS tag_list`;
}

/** The filters, all of which must hold; removed articles are out unless `includeRemoved`. */
function conditions(filter: ArticleFilter, options: RemovedOptions): Prisma.Sql {
  const all: Prisma.Sql[] = [];
  if (options.includeRemoved !== true) all.push(Prisma.sql`a.removed_at IS NULL`);
  if (filter.tag !== undefined) {
    all.push(Prisma.sql`EXISTS (SELECT 1 FROM article_tags at JOIN tags t ON t.id = at.tag_id
                                 WHERE at.article_id = a.id AND t.name = ${filter.tag})`);
  }
  if (filter.author !== undefined) {
    all.push(Prisma.sql`a.author_id = (SELECT id FROM users
                                        WHERE username_key = ${usernameKey(filter.author)})`);
  }
  if (filter.favoritedBy !== undefined) {
    const key = usernameKey(filter.favoritedBy);
    all.push(Prisma.sql`EXISTS (SELECT 1 FROM favorites f JOIN users fu ON fu.id = f.user_id
                                 WHERE f.article_id = a.id AND fu.username_key = ${key})`);
  }
  if (filter.followedBy !== undefined) {
    all.push(Prisma.sql`a.author_id IN (SELECT following_id FROM follows
                                         WHERE follower_id = ${filter.followedBy})`);
  }
  return all.length === 0 ? Prisma.sql`TRUE` : Prisma.join(all, ' AND ');
}

function toSummary(sql: SqlReader, row: ArticleRow): ArticleSummary {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    description: row.description,
    tagList: sql.dialect.names(row.tag_list),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    favorited: Boolean(row.favorited),
    favoritesCount: row.favorites_count,
    author: toAuthor(row),
    removedAt: row.removed_at,
  };
}

/**
 * A page in the list order (newest first, id breaking ties) and the count of every match, in
 * one statement whatever the page size and the filters: the count's single row joined with the
 * page (a page past the end leaves that row with no article). The unfiltered count of published
 * articles is kept by triggers (article_counts), so the default list costs the same at any size.
 */
export async function listArticles(
  sql: SqlReader,
  filter: ArticleFilter,
  page: ArticlePage,
  viewerId: number | undefined,
  options: RemovedOptions,
): Promise<ArticleList> {
  const where = conditions(filter, options);
  const after =
    page.after === undefined
      ? Prisma.empty
      : Prisma.sql`AND (a.created_at, a.id) < (${page.after.createdAt}, ${page.after.id})`;
  const offset = page.after === undefined ? (page.offset ?? 0) : 0;
  const unfiltered = Object.values(filter).every((value) => value === undefined);
  const { int } = sql.dialect;
  const count =
    unfiltered && options.includeRemoved !== true
      ? Prisma.sql`SELECT ${int(Prisma.sql`coalesce(sum(published), 0)`)} AS articles_count
                     FROM article_counts`
      : Prisma.sql`SELECT ${int(Prisma.sql`count(*)`)} AS articles_count
                     FROM articles a WHERE ${where}`;
  const rows = await sql.rows<Nullable<ArticleRow> & { articles_count: number }>(Prisma.sql`
    SELECT total.articles_count, page.*
      FROM (${count}) total
      LEFT JOIN (
        SELECT ${columns(sql, viewerId, false)}
          FROM articles a JOIN users u ON u.id = a.author_id
         WHERE ${where} ${after}
         ORDER BY a.created_at DESC, a.id DESC
         LIMIT ${page.limit} OFFSET ${offset}
      ) page ON true
     ORDER BY page.created_at DESC, page.id DESC`);
  const articles = rows.filter(
    (row): row is ArticleRow & { articles_count: number } => row.id !== null,
  );
  return {
    articles: articles.map((row) => toSummary(sql, row)),
    articlesCount: rows[0]?.articles_count ?? 0,
  };
}

/** The page's columns are null on the one row of an empty page. */
type Nullable<T> = { [K in keyof T]: T[K] | null };

/** One article by slug or id, in one statement. */
export async function readArticle(
  sql: SqlReader,
  key: { slug: string } | { id: number },
  viewerId: number | undefined,
  options: RemovedOptions = {},
): Promise<ArticleRecord | undefined> {
  const match = 'slug' in key ? Prisma.sql`a.slug = ${key.slug}` : Prisma.sql`a.id = ${key.id}`;
  const visible =
    options.includeRemoved === true ? Prisma.empty : Prisma.sql`AND a.removed_at IS NULL`;
  const [row] = await sql.rows<ArticleRow>(Prisma.sql`
    SELECT ${columns(sql, viewerId, true)}
      FROM articles a JOIN users u ON u.id = a.author_id
     WHERE ${match} ${visible}`);
  return row === undefined ? undefined : { ...toSummary(sql, row), body: row.body ?? '' };
}
