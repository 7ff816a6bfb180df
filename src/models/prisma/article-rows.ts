// How articles are read from Prisma: the select every read uses, the list filters, the mapping
// to records, and the tag links that writes store.
import type { Prisma } from '../../../generated/prisma/client.js';
import type {
  ArticleFilter,
  ArticlePosition,
  ArticleRecord,
  ArticleSummary,
  RemovedOptions,
} from '../articles.js';
import { usernameKey } from '../user-rules.js';
import { profileSelect, toProfile, type ProfileRow } from './profiles.js';
import { visibleWhere } from './removal.js';

/**
 * An article without its body, with its author and ordered tags and, for a viewer, the viewer's
 * favorite and follow of the author. Prisma fetches each relation with one batched query (`IN`)
 * for all the articles read, so the number of queries does not grow with them.
 *
 * Not `_count: { favorites: true }`: Prisma 7 compiles that into a join on a GROUP BY over the
 * whole favorites table, run by every read; favoritesCounts() counts only the articles read.
 */
export function summarySelect(viewerId: number | undefined) {
  return {
    id: true,
    slug: true,
    title: true,
    description: true,
    createdAt: true,
    updatedAt: true,
    removedAt: true,
    author: { select: profileSelect(viewerId) },
    tags: { select: { tag: { select: { name: true } } }, orderBy: { position: 'asc' as const } },
    favorites:
      viewerId === undefined
        ? (false as const)
        : { where: { userId: viewerId }, select: { userId: true } },
  };
}

/** The same with the body. */
export function recordSelect(viewerId: number | undefined) {
  return { ...summarySelect(viewerId), body: true as const };
}

export interface SummaryRow {
  id: number;
  slug: string;
  title: string;
  description: string;
  createdAt: Date;
  updatedAt: Date;
  removedAt: Date | null;
  author: ProfileRow;
  tags: readonly { tag: { name: string } }[];
  /** The viewer's favorite, if any; absent for anonymous viewers. */
  favorites?: readonly unknown[];
}

/** article id -> number of favorites; articles without any are absent. */
export type FavoritesCounts = ReadonlyMap<number, number>;

/** Counts the favorites of these articles in one query on the favorites(article_id) index. */
export async function favoritesCounts(
  client: Prisma.TransactionClient,
  articleIds: readonly number[],
): Promise<FavoritesCounts> {
  if (articleIds.length === 0) return new Map();
  const groups = await client.favorite.groupBy({
    by: ['articleId'],
    where: { articleId: { in: [...articleIds] } },
    _count: { _all: true },
  });
  return new Map(groups.map((group) => [group.articleId, group._count._all]));
}

export function toSummary(row: SummaryRow, counts: FavoritesCounts): ArticleSummary {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    description: row.description,
    tagList: row.tags.map((link) => link.tag.name),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    favorited: (row.favorites?.length ?? 0) > 0,
    favoritesCount: counts.get(row.id) ?? 0,
    author: toProfile(row.author),
    removedAt: row.removedAt,
  };
}

export function toRecord(
  row: SummaryRow & { body: string },
  counts: FavoritesCounts,
): ArticleRecord {
  return { ...toSummary(row, counts), body: row.body };
}

/** Reads one article by a unique key, within `client` (e.g. a transaction). */
export async function readArticle(
  client: Prisma.TransactionClient,
  where: Prisma.ArticleWhereUniqueInput,
  viewerId: number | undefined,
): Promise<ArticleRecord | undefined> {
  const row = await client.article.findUnique({ where, select: recordSelect(viewerId) });
  return row === null ? undefined : toRecord(row, await favoritesCounts(client, [row.id]));
}

/** The filters, all of which must hold; removed articles are out unless `includeRemoved`. */
export function filterWhere(
  filter: ArticleFilter,
  options: RemovedOptions = {},
): Prisma.ArticleWhereInput[] {
  const where: Prisma.ArticleWhereInput[] = [visibleWhere(options)];
  if (filter.tag !== undefined) {
    where.push({ tags: { some: { tag: { name: filter.tag } } } });
  }
  if (filter.author !== undefined) {
    where.push({ author: { usernameKey: usernameKey(filter.author) } });
  }
  if (filter.favoritedBy !== undefined) {
    const key = usernameKey(filter.favoritedBy);
    where.push({ favorites: { some: { user: { usernameKey: key } } } });
  }
  if (filter.followedBy !== undefined) {
    where.push({ author: { followers: { some: { followerId: filter.followedBy } } } });
  }
  return where;
}

/** The list order: newest first, id breaking ties. */
export const LIST_ORDER = [
  { createdAt: 'desc' },
  { id: 'desc' },
] as const satisfies Prisma.ArticleOrderByWithRelationInput[];

/** Strictly after `position` in the list order. */
export function afterWhere({ createdAt, id }: ArticlePosition): Prisma.ArticleWhereInput {
  return { OR: [{ createdAt: { lt: createdAt } }, { createdAt, id: { lt: id } }] };
}

/**
 * Makes sure the tags exist and returns the links to store, in the given order (a repeated
 * name keeps its first place). Tags are inserted in name order, so that two transactions adding
 * the same new tags cannot deadlock; an existing tag is left alone (ON CONFLICT DO NOTHING).
 */
export async function tagLinks(
  tx: Prisma.TransactionClient,
  tagList: readonly string[],
): Promise<{ tagId: number; position: number }[]> {
  const names = [...new Set(tagList)];
  if (names.length === 0) return [];
  await tx.tag.createMany({
    data: names.toSorted().map((name) => ({ name })),
    skipDuplicates: true,
  });
  const tags = await tx.tag.findMany({
    where: { name: { in: names } },
    select: { id: true, name: true },
  });
  const idOf = new Map(tags.map((tag) => [tag.name, tag.id]));
  return names.map((name, position) => {
    const tagId = idOf.get(name);
    if (tagId === undefined) throw new Error(`tag "${name}" vanished while being linked`);
    return { tagId, position };
  });
}
